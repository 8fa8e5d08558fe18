/**
 * Starts code-server on a free loopback port with its own user-data and
 * extensions folders, and stops its whole process group (it forks an
 * extension host and helpers).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { killOnExit, signalProcess } from './processCleanup';

export interface CodeServerProcess {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed so far (for diagnostics). */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerFolders {
  /** Holds User/settings.json. */
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own config and XDG folders, so nothing is written to the real home. */
  readonly stateDir: string;
}

export interface StartCodeServerOptions extends CodeServerFolders {
  readonly binary: string;
  /** Environment for code-server; its extension host inherits it. */
  readonly env?: NodeJS.ProcessEnv;
  /** Print its output as it arrives. */
  readonly verbose?: boolean;
  /** More arguments (e.g. `--locale de` from prepareDisplayLanguage). */
  readonly extraArgs?: readonly string[];
}

export function codeServerArgs(folders: CodeServerFolders): string[] {
  return [
    '--config', join(folders.stateDir, 'config.yaml'),
    '--user-data-dir', folders.userDataDir,
    '--extensions-dir', folders.extensionsDir,
  ];
}

function codeServerEnv(folders: CodeServerFolders, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_DATA_HOME: join(folders.stateDir, 'data'),
    XDG_CONFIG_HOME: join(folders.stateDir, 'config'),
    ...extra,
  };
}

export async function startCodeServer(options: StartCodeServerOptions): Promise<CodeServerProcess> {
  const args = [
    ...codeServerArgs(options),
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(options.binary, args, {
    env: codeServerEnv(options, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() reaches the extension host and helpers too.
    detached: true,
  });
  const output: string[] = [];
  const record = (line: string) => {
    output.push(line);
    if (options.verbose) console.log(`[code-server] ${line}`);
  };
  createInterface({ input: child.stderr! }).on('line', record);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const unregister = killOnExit(() => signalProcess(child.pid, 'SIGKILL', true));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalProcess(child.pid, 'SIGTERM', true);
      const timer = setTimeout(() => signalProcess(child.pid, 'SIGKILL', true), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Helpers (the extension host, file watchers) that outlived the server are still in the group.
    signalProcess(child.pid, 'SIGKILL', true);
    unregister();
  };

  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error('code-server did not start listening within 60 s')), 60_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        record(line);
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${signal ?? code}) before listening`));
      });
    });
    return { url, port: Number(new URL(url).port), child, output: () => output.join('\n'), stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${output.join('\n')}`);
  }
}

/** `code-server --install-extension <vsix>` into the given folders. */
export function installExtension(binary: string, folders: CodeServerFolders, vsix: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      binary,
      [...codeServerArgs(folders), '--force', '--install-extension', vsix],
      { env: codeServerEnv(folders), timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`installing ${vsix} into code-server failed: ${error.message}\n${stdout}${stderr}`));
        else done(`${stdout}${stderr}`);
      },
    );
  });
}

/** `code-server --list-extensions --show-versions` for the given folders (one "id@version" a line). */
export function listExtensions(binary: string, folders: CodeServerFolders): Promise<string[]> {
  return new Promise((done, fail) => {
    execFile(
      binary,
      [...codeServerArgs(folders), '--list-extensions', '--show-versions'],
      { env: codeServerEnv(folders), timeout: 60_000 },
      (error, stdout) => (error ? fail(error) : done(stdout.split('\n').map((l) => l.trim()).filter(Boolean))),
    );
  });
}
