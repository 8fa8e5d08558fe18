/**
 * `npm start`: the product on one machine. Builds, starts the sandbox with demo
 * data (port 4242, or a free port when that is taken; data kept in
 * .sandbox-data/), and opens an editor with the extension in Development mode,
 * configured (planBilling.serviceUrl) to use that sandbox. The editor is the
 * first that works of:
 *   1. the `code` CLI on PATH (VS Code desktop),
 *   2. VS Code desktop downloaded by @vscode/test-electron into .vscode-test/,
 *   3. code-server 4.100.3 in your browser (the URL to open is printed).
 * Desktop editors get their own profile under .vscode-test/start/ and need a
 * display. PLAN_BILLING_START_EDITOR=code|desktop|code-server forces one.
 * Ctrl+C stops everything this started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { buildTargets } from '../tools/host/build';
import { findOnPath } from '../tools/host/commandPath';
import { startCodeServerSession } from '../tools/host/codeServerSession';
import { quietSettings, writeSettings, type Settings } from '../tools/host/hostProfile';
import { repoRoot, vscodeTestDir } from '../tools/host/paths';
import { killOnExit, signalProcess } from '../tools/host/processCleanup';
import { startSandbox, type SandboxProcess } from '../test/support/sandboxProcess';

type EditorKind = 'code' | 'desktop' | 'code-server';

const defaultSandboxPort = 4242;
const sandboxDataFile = join(repoRoot, '.sandbox-data', 'sandbox.db');
const desktopProfileDir = join(vscodeTestDir, 'start');

async function main(): Promise<void> {
  await buildTargets(['extension', 'webview', 'sandbox']);
  const sandbox = await startDemoSandbox();
  console.log(`\n  Sandbox:  ${sandbox.url}   (data: ${sandboxDataFile})`);
  console.log('  Sign in as e.g. pro@sandbox.test, trialing@sandbox.test, pastdue@sandbox.test or free@sandbox.test.\n');

  const forced = process.env.PLAN_BILLING_START_EDITOR as EditorKind | undefined;
  if (forced && !['code', 'desktop', 'code-server'].includes(forced)) {
    throw new Error(`PLAN_BILLING_START_EDITOR=${forced}: use code, desktop or code-server`);
  }
  const order: EditorKind[] = forced ? [forced] : ['code', 'desktop', 'code-server'];
  for (const kind of order) {
    const problem = await tryEditor(kind, sandbox);
    if (!problem) return;
    console.log(`  (${kind}: ${problem})`);
  }
  throw new Error('no editor could be opened');
}

/** Returns undefined once the editor runs (and keeps the process alive), or why it cannot. */
async function tryEditor(kind: EditorKind, sandbox: SandboxProcess): Promise<string | undefined> {
  if (kind === 'code-server') {
    await openCodeServer(sandbox);
    return undefined;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display for a desktop window';
  }
  if (kind === 'code') {
    const cli = findOnPath(process.platform === 'win32' ? 'code.cmd' : 'code');
    if (!cli) return 'no `code` on PATH';
    const app = desktopAppFromCli(cli);
    // Launching the app itself keeps it our child, so Ctrl+C can close it; the
    // CLI would hand the window to a detached process.
    if (app) runDesktop(app, [], sandbox);
    else runDesktop(cli, ['--wait'], sandbox);
    return undefined;
  }
  try {
    console.log('  Downloading VS Code desktop into .vscode-test/ (once) …');
    const executable = await downloadAndUnzipVSCode({ cachePath: vscodeTestDir, timeout: 15_000 });
    runDesktop(executable, [], sandbox);
    return undefined;
  } catch (error) {
    return `download failed: ${(error as Error).message}`;
  }
}

async function startDemoSandbox(): Promise<SandboxProcess> {
  mkdirSync(dirname(sandboxDataFile), { recursive: true });
  const port = (await isPortFree(defaultSandboxPort)) ? defaultSandboxPort : 0;
  if (port === 0) console.log(`  Port ${defaultSandboxPort} is taken; the sandbox takes a free port.`);
  const sandbox = await startSandbox({
    dataFile: sandboxDataFile,
    // Demo data on first start; afterwards the same database is reused.
    reset: !existsSync(sandboxDataFile),
    port,
    verbose: true,
  });
  killOnExit(() => signalProcess(sandbox.child.pid, 'SIGTERM'));
  sandbox.child.once('exit', (code) => {
    console.error(`\nThe sandbox stopped (exit code ${code}); stopping.`);
    process.exit(1);
  });
  return sandbox;
}

function runDesktop(executable: string, extraArgs: string[], sandbox: SandboxProcess): void {
  const userDataDir = join(desktopProfileDir, 'user-data');
  const workspaceDir = join(desktopProfileDir, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(workspaceDir, { recursive: true });
  updateDesktopSettings(join(userDataDir, 'User', 'settings.json'), sandbox.url);
  const args = [
    ...extraArgs,
    '--new-window',
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${join(desktopProfileDir, 'extensions')}`,
    `--extensionDevelopmentPath=${repoRoot}`,
    workspaceDir,
  ];
  console.log(`  Opening VS Code desktop (${executable}) with the extension in Development mode.`);
  console.log('  Press Ctrl+C here to stop the editor and the sandbox.\n');
  const editor = spawn(executable, args, { stdio: 'ignore', detached: true });
  killOnExit(() => signalProcess(editor.pid, 'SIGTERM', true));
  exitWith(editor, 'The editor closed');
}

/** Keeps the user's own changes to the start profile's settings; points it at this run's sandbox. */
function updateDesktopSettings(file: string, serviceUrl: string): void {
  let current: Settings = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, 'utf8')) as Settings;
    } catch {
      console.log(`  (${file} is not plain JSON; rewriting it)`);
    }
  }
  writeSettings(file, { ...quietSettings, ...current, 'planBilling.serviceUrl': serviceUrl });
}

async function openCodeServer(sandbox: SandboxProcess): Promise<void> {
  const session = await startCodeServerSession({ sandbox: { running: sandbox }, fixture: false });
  console.log('  code-server is running with the extension in Development mode. Open this URL in your browser:\n');
  console.log(`  ${session.workbenchUrl()}\n`);
  console.log('  Press Ctrl+C here to stop code-server and the sandbox.\n');
  const stopping = () => void session.profile.dispose();
  process.once('exit', stopping);
  exitWith(session.server.child, 'code-server stopped');
}

function exitWith(child: ChildProcess, what: string): void {
  child.once('exit', (code, signal) => {
    console.log(`\n${what} (${signal ?? `exit code ${code}`}); stopping the sandbox.`);
    process.exit(0);
  });
}

/** The VS Code desktop executable next to its `code` CLI script, when the layout is the usual one. */
function desktopAppFromCli(cli: string): string | undefined {
  const binDir = dirname(realpathSync(cli));
  const candidates =
    process.platform === 'darwin'
      ? [resolve(binDir, '../../../MacOS/Electron')]
      : process.platform === 'win32'
        ? [resolve(binDir, '../Code.exe'), resolve(binDir, '../Code - Insiders.exe')]
        : [resolve(binDir, '../code'), resolve(binDir, '../code-insiders')];
  return candidates.find((candidate) => existsSync(candidate));
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

main().catch((error: unknown) => {
  console.error(`npm start: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
