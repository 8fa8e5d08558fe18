/**
 * Runs the workbench in another display language without a language pack
 * from the Marketplace (none can be downloaded on these machines).
 *
 * code-server resolves `--locale <lang>` through `<user-data>/languagepacks.json`,
 * the cache VS Code's language-pack service writes when a pack is installed;
 * with no entry for the language it falls back to English, and then
 * `vscode.env.language` is "en" and no extension's l10n bundle loads. The
 * profile therefore gets a one-language entry whose translation of VS Code's
 * own strings is empty: the workbench chrome stays English, while every
 * extension runs with `vscode.env.language` set to the language and gets its
 * `package.nls.<lang>.json` and `l10n/bundle.l10n.<lang>.json`, exactly as
 * with a real pack installed (docs/testing.md, "German").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the language-pack cache into the profile; returns the argument code-server then needs. */
export function prepareDisplayLanguage(folders: { readonly userDataDir: string; readonly stateDir: string }, language: string): string[] {
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(language)) throw new Error(`not a language tag: ${language}`);
  const packDir = join(folders.stateDir, `language-pack-${language}`);
  mkdirSync(packDir, { recursive: true });
  const translations = join(packDir, 'main.i18n.json');
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const cache = {
    [language]: {
      hash: `test-${language}`,
      extensions: [{ extensionIdentifier: { id: `plan-billing-test.language-pack-${language}` }, version: '0.0.0' }],
      translations: { vscode: translations },
      label: language,
    },
  };
  writeFileSync(join(folders.userDataDir, 'languagepacks.json'), JSON.stringify(cache, null, 2));
  return ['--locale', language];
}
