/** Fixed locations in the repository that the harness, e2e support and scripts share. */
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
export const distDir = join(repoRoot, 'dist');
/** The compiled integration suite entry (built by the `integration` esbuild target). */
export const integrationEntry = join(distDir, 'test', 'integration', 'index.js');
/** The fixture extension that consumes our exported API (built by the `fixture` target). */
export const fixtureExtensionDir = join(repoRoot, 'test', 'fixtures', 'gated-extension');
/** Screenshots and browser logs of test runs (git-ignored). */
export const testResultsDir = join(repoRoot, 'test-results');
/** Where `npm start` and test-electron keep editors and their profiles (git-ignored). */
export const vscodeTestDir = join(repoRoot, '.vscode-test');
/** The packaged extension written by `npm run package`. */
export const vsixPath = join(distDir, 'plan-billing.vsix');
