// Builds every bundle of the project.
//   node esbuild.config.mjs [--production] [--flavor=release|development] [--watch] [--only=name,name]
// Production builds are minified without source maps; development builds keep
// source maps so stack traces from the extension host point at TypeScript.
// The extension's flavor (docs/shipping.md): --production builds a release
// extension (the vendor's service URL, issuer and keys from PLAN_BILLING_*,
// no test seams, no trust in the sandbox's key); without it, a development
// extension. --flavor=development with --production is a minified development
// build for measuring; it is never shipped.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionBuilds } from './scripts/extensionBuild.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : undefined;
const flavorArg = args.find((a) => a.startsWith('--flavor='));
const flavor = flavorArg ? flavorArg.slice('--flavor='.length) : production ? 'release' : 'development';
if (flavor !== 'release' && flavor !== 'development') {
  console.error(`--flavor=${flavor}: use release or development`);
  process.exit(2);
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

const nodeCommon = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
};

const integrationOutDir = join(root, 'dist/test/integration');

function integrationTestFiles() {
  const dir = join(root, 'test/integration');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(dir, name));
}

/** @type {Record<string, import('esbuild').BuildOptions | Record<string, import('esbuild').BuildOptions>>} */
const targets = {
  // Two bundles, the core and the services it requires later (docs/architecture.md "Activation").
  extension: await extensionBuilds({ root, outdir: join(root, 'dist'), release: flavor === 'release', minify: production }),
  webview: {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { main: join(root, 'webview/main.tsx') },
    outdir: join(root, 'dist/webview'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  sandbox: {
    ...nodeCommon,
    entryPoints: { main: join(root, 'sandbox/main.ts') },
    outdir: join(root, 'dist/sandbox'),
    // The sandbox runs from the repository, never from the VSIX, so its
    // dependencies (native better-sqlite3, pdfkit's font files) stay in node_modules.
    packages: 'external',
  },
  // The integration suite entry plus every test file as its own entry point
  // (see test/integration/index.ts); the output folder is emptied before a build.
  integration: {
    ...nodeCommon,
    sourcemap: 'inline',
    entryPoints: [join(root, 'test/integration/index.ts'), ...integrationTestFiles()],
    outbase: join(root, 'test/integration'),
    outdir: integrationOutDir,
    external: ['vscode', 'mocha'],
  },
  fixture: {
    ...nodeCommon,
    entryPoints: { extension: join(root, 'test/fixtures/gated-extension/src/extension.ts') },
    outdir: join(root, 'test/fixtures/gated-extension/dist'),
    external: ['vscode'],
  },
  // The benchmark's baseline: an extension that does nothing but open a static webview.
  bare: {
    ...nodeCommon,
    entryPoints: { extension: join(root, 'test/fixtures/bare-extension/src/extension.ts') },
    outdir: join(root, 'test/fixtures/bare-extension/dist'),
    external: ['vscode'],
  },
};

function removeStaleAssets() {
  // The panel inlines its script and styles and draws its icons as SVG; a
  // font folder left by an older build must not reach the VSIX.
  rmSync(join(root, 'dist/webview/codicons'), { recursive: true, force: true });
}

const selected = Object.entries(targets).filter(([name]) => !only || only.includes(name));
if (selected.length === 0) {
  console.error(`No build target matches --only=${only?.join(',')}; known: ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}

if (!only || only.includes('webview')) removeStaleAssets();
// A deleted integration test must not keep running from a stale bundle.
if (!only || only.includes('integration')) rmSync(integrationOutDir, { recursive: true, force: true });

// A target is one set of options, or several built side by side (the extension's two bundles).
const builds = selected.flatMap(([, options]) => ('entryPoints' in options ? [options] : Object.values(options)));
if (watch) {
  // The core's module list is read once at start: restart the watch after moving a module between the halves.
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log(`watching ${selected.map(([n]) => n).join(', ')}`);
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
