/**
 * Starts the real sandbox (dist/sandbox/main.js, built beforehand) as a child
 * process on a free loopback port, for tests, the host runners and benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface SandboxProcess {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly url: string;
  /** The database file the process uses (reuse it to restart on the same data). */
  readonly dataFile: string;
  readonly child: ChildProcess;
  /** Graceful stop (SIGTERM), resolves when the process has exited. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), resolves when the process has exited. */
  kill(): Promise<void>;
  /** Everything it printed so far (stdout and stderr: its request log with SANDBOX_LOG=1). */
  output(): string;
}

export interface StartSandboxOptions {
  /** Database file; default: a fresh temp folder. */
  dataFile?: string;
  /** Start from fresh demo data (default true when dataFile is not given). */
  reset?: boolean;
  /** Fixed port; default 0 (any free port). */
  port?: number;
  /** Extra environment for the process (e.g. rate limits, TTLs). */
  env?: NodeJS.ProcessEnv;
  /** Extra CLI arguments. */
  args?: string[];
  /** Print the sandbox's output (default: only on failure to start). */
  verbose?: boolean;
}

const repoRoot = resolve(__dirname, '..', '..');

export function sandboxEntry(): string {
  return join(repoRoot, 'dist', 'sandbox', 'main.js');
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxProcess> {
  const dataFile = options.dataFile ?? join(mkdtempSync(join(tmpdir(), 'pb-sandbox-')), 'sandbox.db');
  const reset = options.reset ?? options.dataFile === undefined;
  const args = [sandboxEntry(), '--port', String(options.port ?? 0), '--data', dataFile];
  if (reset) args.push('--reset');
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    output.push(chunk.toString());
    if (options.verbose) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not print its URL within 30 s:\n${output.join('')}`)), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line + '\n');
      if (options.verbose) console.log(`[sandbox] ${line}`);
      const match = /^(https?:\/\/127\.0\.0\.1:\d+)\/?$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code} before printing its URL:\n${output.join('')}`));
    });
  });

  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, dataFile, child, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL'), output: () => output.join('') };
}
