/** Prints the sizes that docs/benchmarks.md asks to keep small: the extension's two bundles, webview bundle, VSIX. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { distDir, repoRoot, vsixPath } from '../tools/host/paths';

function fileSize(file: string): number | undefined {
  return existsSync(file) ? statSync(file).size : undefined;
}

/** Everything under a folder except source maps (they are not shipped). */
function folderSize(dir: string): number | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => !name.endsWith('.map'))
    .map((name) => statSync(join(dir, name)))
    .filter((stats) => stats.isFile())
    .reduce((sum, stats) => sum + stats.size, 0);
}

function human(bytes: number | undefined): string {
  if (bytes === undefined) return 'missing';
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

const rows: Array<[string, string, number | undefined]> = [
  ['extension core (activation)', join(distDir, 'extension.js'), fileSize(join(distDir, 'extension.js'))],
  ['extension services (later)', join(distDir, 'services.js'), fileSize(join(distDir, 'services.js'))],
  ['webview bundle', join(distDir, 'webview', 'main.js'), fileSize(join(distDir, 'webview', 'main.js'))],
  ['webview assets (all, no maps)', join(distDir, 'webview'), folderSize(join(distDir, 'webview'))],
  ['VSIX', vsixPath, fileSize(vsixPath)],
];
for (const [label, path, size] of rows) {
  console.log(`${label.padEnd(30)} ${human(size).padStart(10)}  ${relative(repoRoot, path)}`);
}
if (rows.some(([, , size]) => size === undefined)) process.exitCode = 1;
