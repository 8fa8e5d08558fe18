/**
 * The Manage Plan panel in German: the bootstrap carries the host's language
 * and the shipped German bundle (l10n/bundle.l10n.de.json), and the panel
 * speaks German with amounts, dates and the spend cap's decimals for de-DE
 * (docs/architecture.md, "Languages").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen } from '@testing-library/preact';
import { fixtures } from './fixtures';
import { REPO_ROOT } from './support/panelPage';
import { button, renderPanel } from './support/renderPanel';

const german = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;
const renderGerman = (state = fixtures.proUsage) => renderPanel({ state, locale: 'de-DE', l10n: german });
const usage = () => document.getElementById('usage') as HTMLElement;
/** The no-break space Intl puts between a German amount and its currency sign. */
const NBSP = '\u00a0';

describe('panel: in German', () => {
  it('headings, buttons and facts are German; amounts and dates are formatted for de-DE', async () => {
    await renderGerman(fixtures.activeExpiringCard);
    assert.ok(screen.getByRole('heading', { name: 'Abonnement' }));
    assert.ok(screen.getByRole('heading', { name: 'Zahlungsmethoden' }));
    assert.ok(screen.getByRole('heading', { name: 'Rechnungen' }));
    assert.ok(button(document.querySelector('header')!, 'Aktualisieren'));
    const page = document.body.textContent ?? '';
    assert.match(page, new RegExp(`20,00${NBSP}\\$`), 'an amount as 20,00 $');
    assert.match(page, /\d{2}\.\d{2}\.\d{4}/, 'a date as dd.mm.yyyy');
    assert.doesNotMatch(page, /\$\d+\.\d{2}/, 'no amount in the English format');
    assert.doesNotMatch(page, /\b(Subscription|Payment methods|Invoices|Refresh)\b/, 'no English heading or button');
  });

  it('the spend cap shows and takes a decimal comma, and the confirmation is German', async () => {
    const panel = await renderGerman();
    const field = document.getElementById('usage-spend-cap')!;
    assert.equal((field as HTMLInputElement).value, '25,00');
    await panel.typeInto(field, '40,50');
    await panel.click(button(usage(), 'Ausgabenlimit speichern'));
    assert.equal(
      document.getElementById('usage-confirm-text')!.textContent,
      `Credits, die über Ihren Tarif hinausgehen, kosten je 0,04${NBSP}$, bis zu 40,50${NBSP}$ pro Monat.`,
    );
    await panel.click(document.getElementById('usage-confirm-button')!);
    assert.equal(panel.posted('saveUsageSettings')[0]!.spendCap, 4050);
  });

  it('a spend cap it cannot read is explained in German with a German example', async () => {
    const panel = await renderGerman();
    await panel.typeInto(document.getElementById('usage-spend-cap')!, 'viel');
    await panel.click(button(usage(), 'Ausgabenlimit speichern'));
    assert.equal(document.getElementById('usage-spend-cap-error')!.textContent, 'Geben Sie das Ausgabenlimit in Dollar ein, z. B. 25,00.');
    assert.equal(panel.posted('saveUsageSettings').length, 0);
  });
});
