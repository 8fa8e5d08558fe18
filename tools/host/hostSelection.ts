/**
 * Chooses the VS Code host for the integration suite:
 *   VSCODE_TEST_HOST=electron     VS Code desktop via @vscode/test-electron (downloads when not cached)
 *   VSCODE_TEST_HOST=code-server  code-server 4.100.3 in headless Chromium (installed on demand)
 *   unset / auto                  desktop only when a build is already cached in .vscode-test/ and can
 *                                 open a window; otherwise code-server. Never a download attempt, and
 *                                 never a silent skip: when no host can run, this throws and says why.
 */
import { chromiumExecutable } from './browser';
import { codeServerUnavailableReason, codeServerVersion } from './codeServerInstall';
import { cachedElectronExecutable } from './electronHost';

export type HostKind = 'electron' | 'code-server';

export interface HostChoice {
  readonly kind: HostKind;
  readonly reason: string;
}

export function chooseHost(requested = process.env.VSCODE_TEST_HOST): HostChoice {
  const wanted = (requested ?? '').trim().toLowerCase();
  if (wanted === 'electron') return { kind: 'electron', reason: 'VSCODE_TEST_HOST=electron' };
  if (wanted === 'code-server') {
    const problem = codeServerProblem();
    if (problem) throw new Error(`VSCODE_TEST_HOST=code-server, but ${problem}`);
    return { kind: 'code-server', reason: 'VSCODE_TEST_HOST=code-server' };
  }
  if (wanted !== '' && wanted !== 'auto') {
    throw new Error(`VSCODE_TEST_HOST=${requested} is not a host; use electron, code-server or auto`);
  }

  const electronProblem = electronAutoProblem();
  if (!electronProblem) return { kind: 'electron', reason: 'a cached VS Code desktop build is in .vscode-test/' };
  const problem = codeServerProblem();
  if (!problem) return { kind: 'code-server', reason: `no usable desktop build (${electronProblem})` };
  throw new Error(
    'No VS Code host can run the integration suite here:\n' +
      `  - electron: ${electronProblem} (VSCODE_TEST_HOST=electron downloads VS Code desktop where the network allows)\n` +
      `  - code-server ${codeServerVersion}: ${problem}`,
  );
}

function electronAutoProblem(): string | undefined {
  if (!cachedElectronExecutable()) return 'no VS Code desktop build cached in .vscode-test/';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'a desktop build is cached but there is no display (run under xvfb-run)';
  }
  return undefined;
}

function codeServerProblem(): string | undefined {
  const reason = codeServerUnavailableReason();
  if (reason) return reason;
  if (!chromiumExecutable()) return 'no Chromium found (apt-get install -y chromium, or set PLAN_BILLING_CHROMIUM)';
  return undefined;
}
