/** Tax shown wherever an amount is: the next payment "$20.00 + $3.80 VAT", several taxes, the reverse charge, a credit. */
import assert from 'node:assert/strict';
import { type UpcomingInvoice } from '../../shared/contract/account';
import { type PanelViewState } from '../../shared/panelProtocol';
import { fixtures, reverseChargeLine, upcoming, vatLine } from './fixtures';
import { renderPanel } from './support/renderPanel';

const sectionText = () => document.getElementById('subscription')?.textContent ?? '';
const withUpcoming = (next: UpcomingInvoice): PanelViewState => ({ ...fixtures.vatConsumer, account: { ...fixtures.vatConsumer.account!, upcomingInvoice: next } });
const DATE = '2026-12-01T09:00:00.000Z';

describe('panel: tax on the next payment', () => {
  it('a consumer sees the VAT added: "$20.00 + $3.80 VAT"', async () => {
    await renderPanel({ state: fixtures.vatConsumer });
    assert.match(sectionText(), /Next payment\$20\.00 \+ \$3\.80 VAT on Dec 1, 2026/);
  });

  it('a business with a valid VAT ID sees the reverse charge instead of VAT', async () => {
    await renderPanel({ state: withUpcoming(upcoming(DATE, 2000, [reverseChargeLine(2000)])) });
    assert.match(sectionText(), /Next payment\$20\.00 \(VAT reverse charge\) on Dec 1, 2026/);
  });

  it('several taxes are each named', async () => {
    const gst = { ...vatLine(2000), kind: 'gst' as const, label: 'GST 5%', amount: { amount: 100, currency: 'USD' } };
    const qst = { ...vatLine(2000), kind: 'qst' as const, label: 'QST 9.975%', amount: { amount: 200, currency: 'USD' } };
    await renderPanel({ state: withUpcoming(upcoming(DATE, 2000, [gst, qst])) });
    assert.match(sectionText(), /\$20\.00 \+ \$1\.00 GST \+ \$2\.00 QST on Dec 1, 2026/);
  });

  it('no tax: just the amount', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.match(sectionText(), /Next payment\$20\.00 on Dec 1, 2026/);
  });

  it('a credit that lowers the charge says what is due', async () => {
    const credited = { ...upcoming(DATE, 2000, [vatLine(2000)]), amountDue: { amount: 1380, currency: 'USD' } };
    await renderPanel({ state: withUpcoming(credited) });
    assert.match(sectionText(), /\$20\.00 \+ \$3\.80 VAT; \$13\.80 due on Dec 1, 2026/);
  });

  it('the invoice list shows totals with tax', async () => {
    await renderPanel({ state: fixtures.vatConsumer });
    assert.match(document.getElementById('invoices')?.textContent ?? '', /\$23\.80/);
  });
});
