/**
 * VS Code desktop through @vscode/test-electron, where it can be downloaded
 * (or is cached in .vscode-test/). Both development extensions load through
 * --extensionDevelopmentPath (desktop accepts several).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { createHostProfile } from './hostProfile';
import { sandboxUrlEnv, testHostEnv } from './hostEnvironment';
import { startOwnedSandbox } from './ownedSandbox';
import { fixtureExtensionDir, repoRoot, vscodeTestDir } from './paths';

/** A VS Code desktop build already downloaded by test-electron, if any. */
export function cachedElectronExecutable(): string | undefined {
  if (!existsSync(vscodeTestDir)) return undefined;
  const builds = readdirSync(vscodeTestDir)
    .filter((name) => /^vscode-(linux|darwin|win32)/.test(name) && !name.includes('insiders'))
    .sort()
    .reverse();
  for (const build of builds) {
    const executable = desktopExecutable(join(vscodeTestDir, build));
    if (existsSync(executable)) return executable;
  }
  return undefined;
}

function desktopExecutable(dir: string): string {
  switch (process.platform) {
    case 'darwin':
      return join(dir, 'Visual Studio Code.app', 'Contents', 'MacOS', 'Electron');
    case 'win32':
      return join(dir, 'Code.exe');
    default:
      return join(dir, 'code');
  }
}

export async function runSuiteInElectron(suiteEntry: string, options: { timeoutMs: number }): Promise<number> {
  const owned = await startOwnedSandbox();
  const sandbox = owned.sandbox;
  const profile = createHostProfile(sandbox.url);
  let timer: NodeJS.Timeout | undefined;
  try {
    const executable = cachedElectronExecutable();
    const run = runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.VSCODE_TEST_VERSION ?? 'stable' }),
      extensionDevelopmentPath: [repoRoot, fixtureExtensionDir],
      extensionTestsPath: suiteEntry,
      extensionTestsEnv: { [sandboxUrlEnv]: sandbox.url, [testHostEnv]: 'electron' },
      launchArgs: [
        profile.workspaceDir,
        '--user-data-dir', profile.userDataDir,
        '--extensions-dir', profile.extensionsDir,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    const timedOut = new Promise<number>((done) => {
      timer = setTimeout(() => {
        console.error(`\n[host] the integration suite did not finish within ${options.timeoutMs / 1000} s (PLAN_BILLING_HOST_TIMEOUT).`);
        done(1);
      }, options.timeoutMs);
    });
    return await Promise.race([run, timedOut]);
  } catch (error) {
    console.error(`\n[host] VS Code desktop run failed: ${(error as Error).message}`);
    return 1;
  } finally {
    clearTimeout(timer);
    await owned.stop();
    profile.dispose();
  }
}
