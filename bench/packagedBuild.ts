/**
 * The production build the benchmark measures: `npm run package` (production
 * bundles + VSIX, the project's own script) run in a temporary copy of the
 * working tree, so the repository's dist/ keeps its development build and
 * nothing else running from it is disturbed. Sizes are read from that release
 * build. The copy then gets a minified development build of the same code
 * (`--production --flavor=development`: a release build has no test accessor
 * and trusts no sandbox key, which the host measurements need) and serves as
 * the extension folder the host benchmark loads.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../tools/host/paths';

export interface SizeRow {
  readonly name: string;
  /** Path inside the package copy. */
  readonly path: string;
  readonly bytes: number;
  /** gzip -9 of the file(s), for orientation (what a download costs). */
  readonly gzipBytes: number;
}

export interface PackagedBuild {
  /** The copy: package.json, dist/ (production), media/, the VSIX in dist/. */
  readonly dir: string;
  readonly sizes: readonly SizeRow[];
  dispose(): void;
}

/** Files of the working tree as git sees them (tracked and new, not ignored). */
function workingTreeFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  // node_modules is linked, not copied (it may itself be a link, which git does not ignore).
  return out.split('\0').filter((file) => file !== '' && !/^node_modules(\/|$)/.test(file) && existsSync(join(repoRoot, file)));
}

function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      code === 0 ? done(output) : fail(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}):\n${output}`)),
    );
  });
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(keep)
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

function sizeRow(name: string, files: readonly string[], base: string): SizeRow {
  const contents = files.map((file) => readFileSync(file));
  return {
    name,
    path: files.length === 1 ? files[0]!.slice(base.length + 1) : `${files.length} files`,
    bytes: contents.reduce((sum, buffer) => sum + buffer.length, 0),
    gzipBytes: contents.reduce((sum, buffer) => sum + gzipSync(buffer, { level: 9 }).length, 0),
  };
}

export async function buildPackage(log: (line: string) => void): Promise<PackagedBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-package-'));
  try {
    for (const file of workingTreeFiles()) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(repoRoot, file), join(dir, file));
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    log(`[bench] npm run package in a copy of the working tree (${dir})`);
    await run('npm', ['run', 'package'], dir);

    const dist = join(dir, 'dist');
    const webview = join(dist, 'webview');
    const vsix = join(dist, 'plan-billing.vsix');
    const sizes = [
      sizeRow('extension bundle (dist/extension.js)', [join(dist, 'extension.js')], dir),
      sizeRow('webview bundle js (dist/webview/main.js)', [join(webview, 'main.js')], dir),
      sizeRow('webview bundle css (dist/webview/main.css)', [join(webview, 'main.css')], dir),
      sizeRow('webview assets, all (js, css, codicons)', filesUnder(webview, (name) => !name.endsWith('.map')), dir),
      sizeRow('VSIX (dist/plan-billing.vsix)', [vsix], dir),
    ];
    log('[bench] minified development build in the copy, for the host measurements');
    await run('node', ['esbuild.config.mjs', '--production', '--flavor=development', '--only=extension,webview'], dir);
    return { dir, sizes, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
