/**
 * The sandbox's command line entry (built to dist/sandbox/main.js):
 *   node dist/sandbox/main.js [--port N] [--data FILE] [--reset] [--mode sandbox|no-admin]
 * Prints its base URL on a line of its own once listening; SIGTERM/SIGINT close it cleanly.
 */
import { CliError, parseCli } from './cli';
import { ConfigError, loadConfig } from './config';
import { DEMO_ACCOUNTS } from './billing/demoData';
import { startSandboxServer } from './server';

async function main(): Promise<void> {
  let cli;
  let config;
  try {
    cli = parseCli(process.argv.slice(2));
    config = loadConfig();
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError) {
      console.error(`sandbox: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  let sandbox;
  try {
    sandbox = await startSandboxServer({ dataFile: cli.dataFile, reset: cli.reset, mode: cli.mode, port: cli.port, config });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`sandbox: port ${cli.port} is already in use; stop what uses it, or pass --port 0 (any free port) or another port.`);
      process.exit(1);
    }
    throw error;
  }
  console.log(`Plan & Billing sandbox (${cli.mode} mode), data in ${cli.dataFile}${sandbox.seeded ? ' (fresh demo data)' : ''}`);
  // No email in the log, not even a demo account's (docs/security.md): the home and sign-in pages list them.
  if (cli.mode === 'sandbox') console.log(`${DEMO_ACCOUNTS.length} demo accounts, listed on the home page and the sign-in page`);
  if (config.publicUrl) console.log(`Public URL (portal links, Secure cookies when https): ${config.publicUrl}`);
  // The URL on a line of its own: scripts and tests parse it.
  console.log(sandbox.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sandbox
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`sandbox: error while stopping on ${signal}:`, error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('sandbox: failed to start:', error);
  process.exit(1);
});
