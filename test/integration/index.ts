/**
 * Integration suite entry: runs inside a real VS Code extension host (code-server
 * or VS Code desktop, chosen by tools/host/runIntegration.ts) and exports run(),
 * which resolves when every test passed and rejects otherwise.
 *
 * How the tests are compiled: the `integration` target of esbuild.config.mjs
 * bundles this file and every test/integration/**\/*.test.ts as its own entry
 * point into dist/test/integration/ (same relative paths, .js), with `vscode`
 * and `mocha` external so they resolve to the host's API and the repository's
 * mocha. The output folder is emptied first, so a deleted test never runs from
 * a stale bundle. At run time this entry adds every *.test.js found next to it.
 * A test file that imports src/ modules gets its own copy of them: reach the
 * running extension through the VS Code API or its exported API, not through
 * module state.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { suiteLogPrefixEnv, suiteTimeoutEnv } from '../../tools/host/hostEnvironment';

export async function run(): Promise<void> {
  const prefix = process.env[suiteLogPrefixEnv] ?? '';
  const restoreConsole = prefix ? prefixConsole(prefix) : () => {};
  // The reporter prints through console.log; the host forwards it to the runner.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);

  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env[suiteTimeoutEnv] ?? 60_000),
    // For working on one part: PLAN_BILLING_GREP reaches the host through code-server's environment.
    ...(process.env.PLAN_BILLING_GREP ? { grep: process.env.PLAN_BILLING_GREP } : {}),
  });
  const files = findTestFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  try {
    if (files.length === 0) throw new Error(`no compiled integration tests (*.test.js) under ${__dirname}`);
    const { failures, passes } = await new Promise<{ failures: number; passes: number }>((done, fail) => {
      try {
        const runner = mocha.run((failed) => done({ failures: failed, passes: runner.stats?.passes ?? 0 }));
      } catch (error) {
        fail(error);
      }
    });
    // A closing line CI tools recognise, whatever the reporter printed.
    console.log(`integration: ${passes} passed, ${failures} failed`);
    if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
    if (passes === 0) throw new Error('the integration suite ran no test');
  } finally {
    restoreConsole();
  }
}

/**
 * Prefixes every console line printed while the suite runs (the reporter's, the
 * tests', the extension's). The extension host has replaced the console methods
 * with accessor properties whose setters ignore assignments, so they are
 * redefined and restored afterwards.
 */
function prefixConsole(prefix: string): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((method) => [method, Object.getOwnPropertyDescriptor(console, method)] as const);
  for (const method of methods) {
    const forward = console[method];
    const prefixed = (...args: unknown[]) => forward(prefix + format(...args));
    Object.defineProperty(console, method, { configurable: true, get: () => prefixed, set: () => {} });
  }
  return () => {
    for (const [method, descriptor] of saved) if (descriptor) Object.defineProperty(console, method, descriptor);
  };
}

function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(dir, name));
}
