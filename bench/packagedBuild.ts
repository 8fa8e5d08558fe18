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
import { buildExtension } from '../scripts/extensionBuild.mjs';

export interface SizeRow {
  readonly name: string;
  /** Path inside the package copy. */
  readonly path: string;
  readonly bytes: number;
  /** gzip -9 of the file(s), for orientation (what a download costs). */
  readonly gzipBytes: number;
}

/** Bytes one part of the sources takes in each extension bundle (from esbuild's metafile). */
export interface BundlePart {
  /** A dependency (node_modules package), a folder of src/ or a file of shared/. */
  readonly part: string;
  readonly coreBytes: number;
  readonly servicesBytes: number;
}

export interface PackagedBuild {
  /** The copy: package.json, dist/ (production), media/, the VSIX in dist/. */
  readonly dir: string;
  readonly sizes: readonly SizeRow[];
  readonly bundleParts: readonly BundlePart[];
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
      sizeRow('extension core, what activation loads (dist/extension.js)', [join(dist, 'extension.js')], dir),
      sizeRow('extension services, loaded after (dist/services.js)', [join(dist, 'services.js')], dir),
      sizeRow('extension bundles, both', [join(dist, 'extension.js'), join(dist, 'services.js')], dir),
      sizeRow('webview bundle js (dist/webview/main.js)', [join(webview, 'main.js')], dir),
      sizeRow('webview bundle css (dist/webview/main.css)', [join(webview, 'main.css')], dir),
      sizeRow('webview assets, all (js, css)', filesUnder(webview, (name) => !name.endsWith('.map')), dir),
      sizeRow('VSIX (dist/plan-billing.vsix)', [vsix], dir),
    ];
    const bundleParts = await partsOf(dir);
    log('[bench] minified development build in the copy, for the host measurements');
    await run('node', ['esbuild.config.mjs', '--production', '--flavor=development', '--only=extension,webview'], dir);
    return { dir, sizes, bundleParts, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The release bundles built again with a metafile (same sources and configuration as `npm run package`), by part. */
async function partsOf(dir: string): Promise<BundlePart[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'pb-bench-parts-'));
  try {
    const metafiles = await buildExtension({ root: dir, outdir, release: true, minify: true, logLevel: 'silent' });
    const parts = new Map<string, { coreBytes: number; servicesBytes: number }>();
    for (const [bundle, metafile] of [['core', metafiles.core], ['services', metafiles.services]] as const) {
      const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        const entry = parts.get(partName(input)) ?? { coreBytes: 0, servicesBytes: 0 };
        if (bundle === 'core') entry.coreBytes += bytesInOutput;
        else entry.servicesBytes += bytesInOutput;
        parts.set(partName(input), entry);
      }
    }
    return [...parts].map(([part, bytes]) => ({ part, ...bytes })).sort((a, b) => b.coreBytes + b.servicesBytes - (a.coreBytes + a.servicesBytes));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function partName(input: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (dependency) return dependency[1]!;
  if (input.startsWith('frozen-schemas:')) return 'the contract\'s schemas, frozen to JSON';
  if (input.startsWith('core-module:')) return "the services' links to core modules";
  return input.startsWith('src/') ? input.split('/').slice(0, 2).join('/') : input;
}
