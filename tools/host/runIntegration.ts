/**
 * `npm run test:integration`: builds what the suite needs, picks a VS Code host
 * (see hostSelection.ts), runs the mocha suite inside its extension host
 * against a live sandbox, prints the suite's output, and exits with its result.
 *
 * Environment: VSCODE_TEST_HOST=electron|code-server|auto, PLAN_BILLING_HOST_TIMEOUT
 * (whole run, seconds, default 900), PLAN_BILLING_HOST_VERBOSE=1 (also print the
 * workbench's and code-server's own logs).
 */
import { buildTargets } from './build';
import { codeServerInstallDir, ensureCodeServer, isCodeServerInstalled } from './codeServerInstall';
import { PhaseClock, runSuiteInCodeServer } from './codeServerSuite';
import { runSuiteInElectron } from './electronHost';
import { chooseHost } from './hostSelection';
import { integrationEntry } from './paths';

async function main(): Promise<number> {
  const phases = new PhaseClock();
  const choice = chooseHost();
  console.log(`[host] integration host: ${choice.kind} (${choice.reason})`);
  await buildTargets(['extension', 'webview', 'sandbox', 'integration', 'fixture']);
  phases.lap('build');
  const timeoutMs = Number(process.env.PLAN_BILLING_HOST_TIMEOUT ?? 900) * 1000;
  const verbose = process.env.PLAN_BILLING_HOST_VERBOSE === '1';

  let code: number;
  if (choice.kind === 'electron') {
    code = await runSuiteInElectron(integrationEntry, { timeoutMs });
  } else {
    if (!isCodeServerInstalled()) console.log(`[host] code-server is not in ${codeServerInstallDir()} yet`);
    await ensureCodeServer();
    phases.lap('code-server install/check');
    code = await runSuiteInCodeServer({ suiteEntry: integrationEntry, timeoutMs, verbose });
  }
  phases.lap(`suite on ${choice.kind}`);
  console.log(`[host] integration ${code === 0 ? 'passed' : `FAILED (exit code ${code})`}; phases: ${phases.summary()}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[host] ${(error as Error).message ?? String(error)}`);
    process.exit(1);
  },
);
