/**
 * Command line of the sandbox:
 *   node dist/sandbox/main.js [--port N] [--data FILE] [--reset] [--mode sandbox|no-admin]
 *
 * Modes: "sandbox" (the default) has the /sandbox/* admin endpoints and the
 * home page; "no-admin" leaves them out. Both sign anyone in as any listed
 * demo account without a password: neither is a production service, and
 * nothing here is called one.
 */
export type ServiceMode = 'sandbox' | 'no-admin';

export interface CliOptions {
  readonly port: number;
  readonly dataFile: string;
  readonly reset: boolean;
  readonly mode: ServiceMode;
}

export const DEFAULT_PORT = 4242;
export const DEFAULT_DATA_FILE = '.sandbox-data/sandbox.db';

export const USAGE = 'usage: node dist/sandbox/main.js [--port N] [--data FILE] [--reset] [--mode sandbox|no-admin]';

export class CliError extends Error {}

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new CliError(`${source} must be a port number 0-65535, got "${raw}"`);
  return port;
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let port = env.SANDBOX_PORT ? parsePort(env.SANDBOX_PORT, 'SANDBOX_PORT') : DEFAULT_PORT;
  let dataFile = DEFAULT_DATA_FILE;
  let reset = false;
  let mode: ServiceMode = 'sandbox';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new CliError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port':
        port = parsePort(value(), '--port');
        break;
      case '--data':
        dataFile = value();
        break;
      case '--reset':
        reset = true;
        break;
      case '--mode': {
        const m = value();
        if (m === 'production') {
          throw new CliError('--mode production is gone: the sandbox signs anyone in without a password, so it has no production mode. Use --mode no-admin for the sandbox without its admin endpoints.');
        }
        if (m !== 'sandbox' && m !== 'no-admin') throw new CliError(`--mode must be "sandbox" or "no-admin", got "${m}"`);
        mode = m;
        break;
      }
      default:
        throw new CliError(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return { port, dataFile, reset, mode };
}
