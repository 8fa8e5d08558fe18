/**
 * The host's wording in German (docs/architecture.md, "Languages"): the status
 * bar and a payment-failure notification built by the pure modules with the
 * shipped German bundle and the de-DE formats, as the extension host does when
 * VS Code runs in German. The workbench itself is checked in
 * test/e2e/german.e2e.test.ts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatEnglish } from '../../../shared/l10n';
import { useTranslator } from '../../../src/l10n/localize';
import { EMPTY_MEMORY } from '../../../src/notifications/notificationMemory';
import { planNotifications } from '../../../src/notifications/notificationRules';
import { statusBarContent } from '../../../src/statusBar/statusBarContent';
import { repoRoot } from '../../../tools/host/paths';
import { snapshot, summary, T0, upcoming } from '../support/fixtures';

const german = JSON.parse(readFileSync(join(repoRoot, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;
const fmt = { locale: 'de-DE', timeZone: 'UTC' } as const;
/** Narrow no-break space: Intl's separator between a German amount and its currency sign. */
const NBSP = '\u00a0';

describe('host wording in German', () => {
  before(() => useTranslator((message, ...args) => formatEnglish(german[message] ?? message, ...args)));
  after(() => useTranslator(formatEnglish));

  it('status bar and tooltip: German words, amounts as 20,00 $ and dates as 30.03.2026', () => {
    const active = snapshot({ account: summary({ upcomingInvoice: upcoming('2026-03-30T12:00:00.000Z', 2000) }) });
    const content = statusBarContent(active, T0, fmt);
    assert.equal(content.text, '$(account) Pro');
    assert.match(content.tooltip, new RegExp(`Nächste Abrechnung: 30\\.03\\.2026 · 20,00${NBSP}\\$`));
    assert.equal(content.accessibilityLabel, 'Plan & Billing: Pro.');

    assert.equal(statusBarContent(snapshot({ kind: 'pastDue' }), T0, fmt).text, '$(warning) Überfällig');
  });

  it('a failed payment notifies in German with the amount formatted for de-DE', () => {
    const failure = {
      invoiceId: 'in_9',
      amountDue: { amount: 123456, currency: 'USD' },
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      attemptCount: 1,
      failedAt: new Date(T0).toISOString(),
      nextRetryAt: '2026-03-12T12:00:00.000Z',
    };
    const before = snapshot();
    const after = snapshot({ kind: 'pastDue', account: summary({ latestPaymentFailure: failure, outstandingBalance: failure.amountDue }) });
    const planned = planNotifications({ previous: before, current: after, origin: 'refresh', accountChanged: true }, EMPTY_MEMORY, { muteNonCritical: false, now: T0, format: fmt });
    const message = planned.notifications.map((n) => n.message).find((m) => m.startsWith('Ihre Zahlung'));
    assert.ok(message, `a German payment-failure notification: ${JSON.stringify(planned)}`);
    assert.match(message, new RegExp(`^Ihre Zahlung von 1\\.234,56${NBSP}\\$ ist fehlgeschlagen`));
    assert.match(message, /Kostenpflichtige Funktionen sind pausiert/);
    assert.match(message, /12\.03\.2026/, 'the retry date for de-DE');
  });
});
