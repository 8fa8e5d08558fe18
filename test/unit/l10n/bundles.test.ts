/**
 * The l10n bundles (docs/architecture.md, "Languages"): the English bundle is
 * what @vscode/l10n-dev extracts from the sources today, and every
 * translation covers exactly its strings with the same placeholders, as do
 * the manifest's strings (package.nls.<language>.json).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleText, englishBundle, L10N_DIR, OUTPUT } from '../../../scripts/l10nBundle.mjs';
import { repoRoot } from '../../../tools/host/paths';

/** The languages the extension ships besides English. */
const LANGUAGES = ['de'];

/**
 * Strings a translation may leave as they are: names, symbols and codes that
 * read the same in German. Anything else equal to its English key is an
 * untranslated string.
 */
const SAME_IN: Record<string, readonly string[]> = {
  de: [
    '(optional)', 'CGST', 'Credits', 'GST', 'HST', 'IGST', 'Name', 'PDF', 'PST', 'Plan & Billing', 'Plan & Billing: {0}', 'QST', 'SGST', 'Status',
    '{0} ({1})', '{0} KB', '{0} {1}', '{0} – {1}', '{0}: {1}.',
  ],
};

function readJson(file: string): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\d+\}/g)].map((match) => match[0]).sort();
}

describe('l10n bundles', () => {
  it('l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from the sources', async () => {
    assert.equal(readFileSync(OUTPUT, 'utf8'), bundleText(await englishBundle()), 'run node scripts/l10nBundle.mjs');
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const english = readJson(OUTPUT);
      const translated = readJson(join(L10N_DIR, `bundle.l10n.${language}.json`));

      it('translates exactly the English strings, no more, no fewer', () => {
        assert.deepEqual(
          Object.keys(translated).filter((key) => !(key in english)),
          [],
          'strings no longer in the code: remove them',
        );
        assert.deepEqual(
          Object.keys(english).filter((key) => !(key in translated)),
          [],
          'strings without a translation',
        );
      });

      it('keeps every placeholder of each string, and adds none', () => {
        const wrong = Object.entries(translated).filter(([key, value]) => placeholders(key).join() !== placeholders(value).join());
        assert.deepEqual(wrong, []);
      });

      it('leaves no string in English except the names listed as the same', () => {
        const same = Object.entries(translated)
          .filter(([key, value]) => key === value && !SAME_IN[language]!.includes(key))
          .map(([key]) => key);
        assert.deepEqual(same, []);
        for (const value of Object.values(translated)) assert.notEqual(value.trim(), '');
      });

      it(`package.nls.${language}.json translates every manifest string`, () => {
        const manifestEnglish = readJson(join(repoRoot, 'package.nls.json'));
        const manifestTranslated = readJson(join(repoRoot, `package.nls.${language}.json`));
        assert.deepEqual(Object.keys(manifestTranslated).sort(), Object.keys(manifestEnglish).sort());
      });
    });
  }
});
