/**
 * Installs code-server on demand into a pinned cache folder outside the
 * repository's dependencies (it is ~300 MB and compiles native modules), the
 * way test-electron caches VS Code in .vscode-test/. See docs/testing.md.
 *
 * Cache: $PLAN_BILLING_CODE_SERVER_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/plan-billing;
 * the install lives in <cache>/code-server-<version> and is re-used once complete.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, homedir, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from './commandPath';

export const codeServerVersion = '4.100.3';
const completeMarker = '.plan-billing-install-complete';

export function codeServerCacheRoot(): string {
  const override = process.env.PLAN_BILLING_CODE_SERVER_CACHE;
  if (override) return override;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'plan-billing');
}

export function codeServerInstallDir(): string {
  return join(codeServerCacheRoot(), `code-server-${codeServerVersion}`);
}

export function codeServerBinary(installDir = codeServerInstallDir()): string {
  return join(installDir, 'node_modules', '.bin', 'code-server');
}

export function isCodeServerInstalled(installDir = codeServerInstallDir()): boolean {
  return existsSync(join(installDir, completeMarker)) && existsSync(codeServerBinary(installDir));
}

/** Why code-server cannot be installed or run here, or undefined when it can. */
export function codeServerUnavailableReason(): string | undefined {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) return `code-server ${codeServerVersion} needs Node 20 (this is Node ${process.versions.node})`;
  if (platform() !== 'linux' && platform() !== 'darwin') return `code-server does not run on ${platform()}`;
  return undefined;
}

/** Returns the code-server binary, installing it first when the cache has no complete install. */
export async function ensureCodeServer(log: (line: string) => void = console.log): Promise<string> {
  const installDir = codeServerInstallDir();
  if (isCodeServerInstalled(installDir)) return codeServerBinary(installDir);
  const reason = codeServerUnavailableReason();
  if (reason) throw new Error(reason);
  mkdirSync(codeServerCacheRoot(), { recursive: true });
  const release = await acquireLock(`${installDir}.lock`, log);
  try {
    // Another run may have finished the install while we waited for the lock.
    if (isCodeServerInstalled(installDir)) return codeServerBinary(installDir);
    await install(installDir, log);
    return codeServerBinary(installDir);
  } finally {
    release();
  }
}

async function install(installDir: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`[host] installing code-server ${codeServerVersion} into ${installDir} (about a minute; once per machine)`);
  checkBuildPrerequisites();
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'pb-code-server-install-'));
  try {
    if (platform() === 'linux') seedRipgrepCache(work, log);
    writeFileSync(
      join(installDir, 'package.json'),
      JSON.stringify({ private: true, dependencies: { 'code-server': codeServerVersion } }, null, 2) + '\n',
    );
    await npm(['install', '--prefix', installDir, '--no-audit', '--no-fund', '--no-save'], {
      // code-server's postinstall refuses to run as root without unsafe-perm, and
      // runs `npx node-gyp`, which a machine-wide `yes=false` would cancel.
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
    });
    if (!existsSync(codeServerBinary(installDir))) {
      throw new Error(`npm finished but ${codeServerBinary(installDir)} is missing`);
    }
    writeFileSync(join(installDir, completeMarker), `${new Date().toISOString()}\n`);
    log(`[host] code-server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    rmSync(installDir, { recursive: true, force: true });
    throw new Error(
      `Installing code-server ${codeServerVersion} failed: ${(error as Error).message}\n` +
        'It needs the Debian packages of docs/testing.md: apt-get install -y chromium libkrb5-dev ripgrep (and a C++ toolchain).',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function checkBuildPrerequisites(): void {
  if (platform() !== 'linux') return;
  const missing: string[] = [];
  if (!findOnPath('krb5-config')) missing.push('libkrb5-dev (code-server compiles its kerberos module)');
  if (!findOnPath('rg')) missing.push('ripgrep (@vscode/ripgrep cannot download its binary here)');
  if (!findOnPath('make') || !(findOnPath('g++') || findOnPath('c++'))) missing.push('build-essential (native modules)');
  if (!findOnPath('python3')) missing.push('python3 (node-gyp)');
  if (missing.length > 0) throw new Error(`missing system packages:\n  - ${missing.join('\n  - ')}`);
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds
 * the release tarball. Put the system rg there, under the names read from the
 * packages themselves: the ripgrep package version from code-server's
 * lib/vscode/npm-shrinkwrap.json and the binary release from its lib/postinstall.js.
 */
function seedRipgrepCache(work: string, log: (line: string) => void): void {
  const codeServerTarball = npmPack(`code-server@${codeServerVersion}`, work);
  const shrinkwrap = JSON.parse(
    extractFile(codeServerTarball, 'package/lib/vscode/npm-shrinkwrap.json', work),
  ) as { packages?: Record<string, { version?: string }> };
  const ripgrepPackageVersion = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!ripgrepPackageVersion) throw new Error('code-server no longer lists @vscode/ripgrep in lib/vscode/npm-shrinkwrap.json');

  const ripgrepTarball = npmPack(`@vscode/ripgrep@${ripgrepPackageVersion}`, work);
  const postinstall = extractFile(ripgrepTarball, 'package/lib/postinstall.js', work);
  const release = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!release) throw new Error(`cannot read the ripgrep release from @vscode/ripgrep@${ripgrepPackageVersion}/lib/postinstall.js`);

  const target = ripgrepTarget();
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${ripgrepPackageVersion}`);
  const tarball = join(cacheDir, `ripgrep-${release}-${target}.tar.gz`);
  if (existsSync(tarball) && statSync(tarball).size > 0) {
    log(`[host] ripgrep cache already seeded: ${tarball}`);
    return;
  }
  const rg = findOnPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is not on PATH');
  const stage = join(work, 'rg-stage');
  mkdirSync(stage, { recursive: true });
  copyFileSync(rg, join(stage, 'rg'));
  mkdirSync(cacheDir, { recursive: true });
  // The archive must hold just `rg` at its root, as the GitHub release does.
  execFileSync('tar', ['-czf', tarball, '-C', stage, 'rg']);
  log(`[host] seeded ${tarball} with ${rg}`);
}

function ripgrepTarget(): string {
  switch (arch()) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`no ripgrep release target known for ${arch()}`);
  }
}

function npmPack(spec: string, destination: string): string {
  const out = execFileSync('npm', ['pack', spec, '--pack-destination', destination, '--json', '--silent'], {
    cwd: destination,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const filename = (JSON.parse(out) as Array<{ filename: string }>)[0]?.filename;
  if (!filename) throw new Error(`npm pack ${spec} printed no file name`);
  return join(destination, filename.replace(/^@/, '').replace(/\//g, '-'));
}

function extractFile(tarball: string, member: string, work: string): string {
  const into = mkdtempSync(join(work, 'x-'));
  execFileSync('tar', ['-xzf', tarball, '-C', into, member]);
  return readFileSync(join(into, member), 'utf8');
}

function npm(args: string[], extraEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('npm', args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`npm ${args[0]} exited with ${signal ?? code}`))));
  });
}

/** A lock folder with the owner's PID, so concurrent runs install once and a crashed run's lock is taken over. */
async function acquireLock(lockDir: string, log: (line: string) => void): Promise<() => void> {
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileIfExists(join(lockDir, 'pid')));
    if (owner && !isAlive(owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by PID ${owner})`);
    if (!announced) log(`[host] waiting for another run to finish installing code-server (${lockDir})`);
    announced = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function readFileIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
