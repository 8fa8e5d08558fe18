/** Runs named esbuild targets of esbuild.config.mjs in a child process, with its output. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

export type BuildTarget = 'extension' | 'webview' | 'sandbox' | 'integration' | 'fixture' | 'bare';

export async function buildTargets(targets: readonly BuildTarget[], options: { production?: boolean } = {}): Promise<void> {
  const args = [join(repoRoot, 'esbuild.config.mjs'), `--only=${targets.join(',')}`];
  if (options.production) args.push('--production');
  await runChecked(process.execPath, args, `build of ${targets.join(', ')}`);
}

/** Runs a command with inherited output; rejects with a clear message when it fails. */
export function runChecked(command: string, args: readonly string[], what: string, env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: env ?? process.env });
    child.once('error', (error) => fail(new Error(`${what} could not start: ${error.message}`)));
    child.once('exit', (code, signal) =>
      code === 0 ? done() : fail(new Error(`${what} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
