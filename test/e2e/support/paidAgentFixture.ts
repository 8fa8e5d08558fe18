/**
 * Builds the paid-agent fixture (test/e2e/fixtures/paid-agent) into a temp
 * folder shaped like an extension (package.json + dist/extension.js), once per
 * test process, for CodeServerSessionOptions.extraExtensions.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../../tools/host/paths';

const sourceDir = join(repoRoot, 'test', 'e2e', 'fixtures', 'paid-agent');

let built: Promise<string> | undefined;

export function paidAgentExtensionDir(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-e2e-paid-agent-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    cpSync(join(sourceDir, 'package.json'), join(dir, 'package.json'));
    await build({
      entryPoints: [join(sourceDir, 'src', 'extension.ts')],
      outfile: join(dir, 'dist', 'extension.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      logLevel: 'warning',
    });
    return dir;
  })();
  return built;
}
