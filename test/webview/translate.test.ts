import assert from 'node:assert/strict';
import { createTranslator } from '../../webview/l10n/translate';

describe('translate: t(english, ...args)', () => {
  it('falls back to the English text, with {n} placeholders filled in', () => {
    const t = createTranslator({});
    assert.equal(t('Refresh'), 'Refresh');
    assert.equal(t('{0} on {1}', '$20.00', 'Dec 1, 2026'), '$20.00 on Dec 1, 2026');
    assert.equal(t('{0} payment attempts failed', 3), '3 payment attempts failed');
  });

  it('uses the bundle, keyed by the English text, and lets it reorder placeholders', () => {
    const t = createTranslator({ 'Refresh': 'Aktualisieren', '{0} on {1}': 'am {1}: {0}' });
    assert.equal(t('Refresh'), 'Aktualisieren');
    assert.equal(t('{0} on {1}', '20,00 $', '01.12.2026'), 'am 01.12.2026: 20,00 $');
  });

  it('leaves a placeholder without an argument visible instead of dropping it', () => {
    assert.equal(createTranslator({})('Expires {0}'), 'Expires {0}');
  });

  it("never reads inherited properties as translations", () => {
    assert.equal(createTranslator({})('constructor'), 'constructor');
    assert.equal(createTranslator({})('toString'), 'toString');
  });
});
