/**
 * The Payments view (journey 14): every payment with date, invoice, amount as
 * charged, card and status, newest first; the decline reason of a failed one;
 * Load more, loading, empty and error states; an invoice opened from it.
 */
import assert from 'node:assert/strict';
import { type PanelViewState } from '../../shared/panelProtocol';
import { fixtures, PAYMENTS, VAT_INVOICES } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const view = () => document.getElementById('payments') as HTMLElement;
const bodyRows = () => [...view().querySelectorAll<HTMLTableRowElement>('tbody > tr')];
const cells = (row: HTMLTableRowElement) => [...row.querySelectorAll(':scope > td')].map((c) => c.textContent?.trim() ?? '');

async function showPayments(state: PanelViewState = fixtures.payments) {
  const panel = await renderPanel({ state });
  await panel.click(button(document.body, 'Payments'));
  return panel;
}

const withPayments = (payments: Partial<PanelViewState['payments']>): PanelViewState => ({ ...fixtures.payments, payments: { ...fixtures.payments.payments, ...payments } });

describe('panel: payments', () => {
  it('the Invoices section leads to the Payments view, which asks the host for its first page', async () => {
    const panel = await showPayments();
    assert.deepEqual(panel.posted('loadPayments'), [{ type: 'loadPayments' }]);
    assert.equal(document.getElementById('payments-heading')?.textContent, 'Payments');
    assert.equal(document.getElementById('subscription'), null);
  });

  it('is a table: date, invoice, amount, card and status, newest first', async () => {
    await showPayments();
    const table = view().querySelector('table')!;
    assert.equal(table.querySelector('caption')?.textContent, 'All payments, newest first');
    assert.deepEqual(
      [...table.querySelectorAll('thead th')].map((th) => th.textContent),
      ['Date', 'Invoice', 'Amount', 'Card', 'Status'],
    );
    const [recovered, failed, reason, other, refunded] = bodyRows();
    assert.deepEqual(cells(recovered!), ['Nov 3, 2026, 4:00 AM', VAT_INVOICES[0]!.number, '$23.80', 'Visa •••• 4242Visa ending in 4242', 'Succeeded']);
    assert.deepEqual(cells(failed!), ['Nov 1, 2026, 4:00 AM', VAT_INVOICES[0]!.number, '$23.80', 'Visa •••• 4242Visa ending in 4242', 'Failed']);
    assert.deepEqual(cells(reason!), ['The card has insufficient funds.']);
    assert.equal(reason!.querySelector('td')?.getAttribute('colspan'), '5');
    assert.match(cells(other!)[3]!, /Mastercard •••• 8210/);
    assert.equal(cells(refunded!)[4], 'Refunded');
  });

  it('gives each status its own badge look, with a word and an icon', async () => {
    await showPayments();
    const badges = [...view().querySelectorAll('.badge')].map((b) => `${b.textContent} ${b.className} ${b.querySelector('.codicon')!.className}`);
    assert.ok(badges.some((b) => /^Succeeded badge badge--success .*codicon-pass/.test(b)));
    assert.ok(badges.some((b) => /^Failed badge badge--error .*codicon-error/.test(b)));
    assert.ok(badges.some((b) => /^Refunded badge badge--neutral .*codicon-discard/.test(b)));
  });

  it('a failed attempt without a card on file says so', async () => {
    const noCard = { ...PAYMENTS[1]!, card: null, declineCode: 'no_payment_method', declineMessage: 'There is no card on file.' };
    await showPayments(withPayments({ items: [noCard] }));
    assert.equal(cells(bodyRows()[0]!)[3], 'No card on file');
    assert.equal(cells(bodyRows()[1]!)[0], 'There is no card on file.');
  });

  it('Load more asks for the next page; the last page has none', async () => {
    const panel = await showPayments();
    await panel.click(button(view(), 'Load more'));
    assert.deepEqual(panel.posted('loadMorePayments'), [{ type: 'loadMorePayments' }]);
    await panel.sendState(withPayments({ hasMore: false }));
    assert.equal(hasButton(view(), 'Load more'), false);
  });

  it('while a page loads: a loading row instead of Load more', async () => {
    await showPayments(withPayments({ loading: true }));
    const last = bodyRows().at(-1)!;
    assert.ok(last.classList.contains('loading-row'));
    assert.equal(last.textContent, 'Loading payments…');
    assert.equal(hasButton(view(), 'Load more'), false);
    assert.equal(view().querySelector('table')?.getAttribute('aria-busy'), 'true');
  });

  it('with no payments: an empty state', async () => {
    await showPayments(withPayments({ items: [], hasMore: false }));
    assert.equal(view().querySelector('table'), null);
    assert.match(view().textContent ?? '', /No payments yet\./);
  });

  it('a page that failed: the reason and Try again', async () => {
    const panel = await showPayments(withPayments({ items: [], hasMore: false, error: { kind: 'offline', message: 'socket hang up' } }));
    assert.match(view().textContent ?? '', /Couldn't load payments/);
    await panel.click(button(view(), 'Try again'));
    assert.deepEqual(panel.posted('loadMorePayments'), [{ type: 'loadMorePayments' }]);
  });

  it('an invoice number opens that invoice, with the way back to the payments', async () => {
    const panel = await showPayments();
    await panel.click(button(view(), `View invoice ${VAT_INVOICES[1]!.number}`));
    assert.deepEqual(panel.posted('openInvoice'), [{ type: 'openInvoice', invoiceId: VAT_INVOICES[1]!.id }]);
    assert.ok(document.getElementById('invoice-details'));
    assert.ok(hasButton(document.body, 'Back to payments'));
  });

  it('Back returns to the overview', async () => {
    const panel = await showPayments();
    await panel.click(button(view(), 'Back to the overview'));
    assert.ok(document.getElementById('invoices'));
    assert.equal(document.getElementById('payments'), null);
  });

  it('there is no Payments view to open before the first invoice', async () => {
    await renderPanel({ state: fixtures.free });
    assert.equal(hasButton(document.body, 'Payments'), false);
  });
});
