// Generates l10n/bundle.l10n.json: every user-facing English string of the
// extension host, the shared wording and the Manage Plan panel, extracted by
// @vscode/l10n-dev (docs/architecture.md, "Languages"). Translations sit
// beside it as l10n/bundle.l10n.<language>.json, keyed by the English text.
//
//   node scripts/l10nBundle.mjs          writes the bundle
//   node scripts/l10nBundle.mjs --check  exits 1 when it is out of date
//
// Our code calls an injected `t` (pure modules cannot import `vscode`, the
// webview gets its strings through the bootstrap), while l10n-dev recognises
// only `l10n.t(...)` in files that import `vscode` or `@vscode/l10n`. So each
// file is handed to l10n-dev as the same text with that import in front and
// its `t(` / `env.t(` calls spelled `l10n.t(`; everything else, including
// l10n-dev's refusal of template substitutions, is the tool's own.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const L10N_DIR = join(root, 'l10n');
export const OUTPUT = join(L10N_DIR, 'bundle.l10n.json');
const SOURCE_DIRS = ['src', 'shared', 'webview'];
const IMPORT = "import * as l10n from '@vscode/l10n';";
/** A call of the translator, however it is reached: `t(`, `env.t(`, `vscode.l10n.t(`. */
const TRANSLATOR_CALL = /(?<![\w$.])(?:[A-Za-z_$][\w$]*\.)*t\(/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** The English bundle, keys sorted so that its diff shows only what changed. */
export async function englishBundle() {
  const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(root, dir))).map((file) => ({
    extension: file.endsWith('.tsx') ? '.tsx' : '.ts',
    contents: readFileSync(file, 'utf8').replace(TRANSLATOR_CALL, 'l10n.t('),
  }));
  // One text per grammar, with the import once: l10n-dev parses each text and
  // runs its query once per import it finds, so file by file took 30 s and
  // this takes 3 s. Tree-sitter reads the joined modules as one program.
  const bundle = await getL10nJson(
    ['.ts', '.tsx'].map((extension) => ({
      extension,
      contents: [IMPORT, ...files.filter((file) => file.extension === extension).map((file) => file.contents)].join('\n'),
    })),
  );
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function bundleText(bundle) {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

async function main() {
  const text = bundleText(await englishBundle());
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      console.error(`${relative(root, OUTPUT)} is out of date: run node scripts/l10nBundle.mjs`);
      process.exitCode = 1;
    }
  } else {
    mkdirSync(L10N_DIR, { recursive: true });
    writeFileSync(OUTPUT, text);
    console.log(`${relative(root, OUTPUT)}: ${Object.keys(JSON.parse(text)).length} strings`);
  }
}

// No top-level await: the unit test loads this module through tsx as CommonJS.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
