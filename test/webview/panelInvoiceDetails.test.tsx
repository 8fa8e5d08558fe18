/**
 * An invoice's details (journey 14): opening one from the list, its lines,
 * subtotal, tax lines with their labels, the reverse-charge note, total, paid
 * and due, the billing details as issued, the payment attempts, Download PDF
 * and Pay now, its loading and error states, and surviving a reload.
 */
import assert from 'node:assert/strict';
import { cleanup, within } from '@testing-library/preact';
import { type PanelViewState } from '../../shared/panelProtocol';
import { fixtures, payment, proInvoice, REVERSE_CHARGE_INVOICE, VAT_INVOICES, vatLine } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const view = () => document.getElementById('invoice-details') as HTMLElement;
const text = () => view().textContent ?? '';
const rows = (selector: string) => [...view().querySelectorAll<HTMLTableRowElement>(selector)].map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''));
const liveRegion = () => (document.querySelector('[aria-live="polite"]')?.textContent ?? '').trim();
const invoice = VAT_INVOICES[0]!;

/** Renders `state` and opens `invoiceId` from the invoice list, as the user does. */
async function openDetails(state: PanelViewState, invoiceId = invoice.id) {
  const number = state.invoices.items.find((i) => i.id === invoiceId)!.number;
  const panel = await renderPanel({ state });
  await panel.click(button(document.body, `View invoice ${number}`));
  return panel;
}

describe('panel: invoice details', () => {
  it('opening an invoice asks the host for its details and shows the details view instead of the overview', async () => {
    const panel = await openDetails(fixtures.invoiceDetailsVat);
    assert.deepEqual(panel.posted('openInvoice'), [{ type: 'openInvoice', invoiceId: invoice.id }]);
    assert.equal(document.getElementById('subscription'), null);
    assert.equal(document.getElementById('invoices'), null);
    assert.equal(view().getAttribute('aria-labelledby'), 'invoice-details-heading');
    assert.equal(document.getElementById('invoice-details-heading')?.textContent, `Invoice ${invoice.number}`);
    assert.ok(within(view()).getByText('Paid'));
  });

  it('lists the lines, subtotal, each tax line by its label, total, paid and due — every amount exact', async () => {
    await openDetails(fixtures.invoiceDetailsVat);
    assert.deepEqual(rows('tbody tr').slice(0, 1), [['Pro (monthly)Nov 1, 2026 – Dec 1, 2026', '1', '$20.00']]);
    assert.deepEqual(rows('.invoice-lines tfoot tr'), [
      ['Subtotal', '$20.00'],
      ['VAT 19%on $20.00', '$3.80'],
      ['Total', '$23.80'],
      ['Amount paid', '$23.80'],
      ['Amount due', '$0.00'],
    ]);
    assert.equal(view().querySelector('.invoice-lines caption')?.textContent, 'Invoice lines, tax and total');
    assert.match(text(), /IssuedNov 1, 2026/);
    assert.match(text(), /PeriodNov 1, 2026 – Dec 1, 2026/);
  });

  it('adds up several tax lines, and a proration credit, from integer cents', async () => {
    const credit = { kind: 'proration' as const, description: 'Unused time on Pro (monthly)', quantity: 1, amount: { amount: -1033, currency: 'USD' }, periodStart: null, periodEnd: null };
    const gst = { ...vatLine(967), kind: 'gst' as const, jurisdiction: 'CA-BC', label: 'GST 5%', rateMilliPercent: 5000, amount: { amount: 48, currency: 'USD' } };
    const pst = { ...vatLine(967), kind: 'pst' as const, jurisdiction: 'CA-BC', label: 'PST 7%', rateMilliPercent: 7000, amount: { amount: 68, currency: 'USD' } };
    const base = proInvoice(60, Date.UTC(2026, 10, 15), { taxLines: [gst, pst] });
    const canadian = { ...base, subtotal: { amount: 967, currency: 'USD' }, total: { amount: 1083, currency: 'USD' }, amountPaid: { amount: 1083, currency: 'USD' }, lines: [...base.lines, credit] };
    await openDetails({ ...fixtures.invoiceDetailsVat, invoices: { ...fixtures.invoiceDetailsVat.invoices, items: [canadian] }, invoiceDetails: { invoiceId: canadian.id, details: { invoice: canadian, payments: [] }, loading: false, error: null } }, canadian.id);
    assert.deepEqual(rows('tbody tr').slice(1, 2), [['Unused time on Pro (monthly)', '1', '-$10.33 (credit)']]);
    assert.deepEqual(rows('.invoice-lines tfoot tr').slice(0, 4), [
      ['Subtotal', '$9.67'],
      ['GST 5%on $9.67', '$0.48'],
      ['PST 7%on $9.67', '$0.68'],
      ['Total', '$10.83'],
    ]);
    assert.match(text(), /No payment was attempted for this invoice\./);
  });

  it('a business with a valid VAT ID: the reverse charge line and its legal note', async () => {
    await openDetails(fixtures.invoiceDetailsReverseCharge, REVERSE_CHARGE_INVOICE.id);
    assert.deepEqual(rows('.invoice-lines tfoot tr').slice(0, 3), [
      ['Subtotal', '$20.00'],
      ['VAT reverse chargeon $20.00', '$0.00'],
      ['Total', '$20.00'],
    ]);
    assert.match(view().querySelector('.invoice-note')?.textContent ?? '', /Reverse charge: VAT to be accounted for by the recipient/);
    assert.match(text(), /EU VAT number DE123456788/);
  });

  it('shows the billing details the invoice was issued with, not the current ones', async () => {
    await openDetails(fixtures.invoiceDetailsVat);
    const billed = text();
    assert.match(billed, /Billed to/);
    assert.match(billed, /Erika Mustermann/);
    assert.match(billed, /Hauptstraße 1/);
    assert.match(billed, /As on the invoice when it was issued\./);
  });

  it('lists the payment attempts: date, amount, card, status and the decline reason of a failed one', async () => {
    await openDetails(fixtures.invoiceDetailsVat);
    const attempts = rows('table.payments tbody tr');
    assert.equal(attempts.length, 3);
    assert.deepEqual(attempts[0]!.slice(1), ['$23.80', 'Visa •••• 4242Visa ending in 4242', 'Failed']);
    assert.deepEqual(attempts[1], ['The card has insufficient funds.']);
    assert.deepEqual(attempts[2]!.slice(1), ['$23.80', 'Visa •••• 4242Visa ending in 4242', 'Succeeded']);
    assert.equal(view().querySelector('table.payments caption')?.textContent, 'Payment attempts for this invoice, oldest first');
  });

  it('Download PDF asks the host, and shows its progress', async () => {
    const panel = await openDetails(fixtures.invoiceDetailsVat);
    await panel.click(button(view(), `Download PDF of invoice ${invoice.number}`));
    assert.deepEqual(panel.posted('downloadInvoice'), [{ type: 'downloadInvoice', invoiceId: invoice.id }]);
    await panel.send({ type: 'downloadProgress', invoiceId: invoice.id, status: 'started', message: null });
    assert.equal(button(view(), `Downloading… PDF of invoice ${invoice.number}`).textContent, 'Downloading…');
    assert.equal(liveRegion(), `Downloading invoice ${invoice.number}…`);
    await panel.send({ type: 'downloadProgress', invoiceId: invoice.id, status: 'failed', message: 'The service did not answer.' });
    assert.match(text(), new RegExp(`Couldn't download invoice ${invoice.number}\\. The service did not answer\\.`));
  });

  it('an open invoice offers Pay now (the portal); a paid one does not', async () => {
    const open = proInvoice(70, Date.UTC(2026, 10, 1, 9), { status: 'open', attemptCount: 2, taxLines: [vatLine(2000)] });
    const state: PanelViewState = {
      ...fixtures.invoiceDetailsVat,
      invoices: { ...fixtures.invoiceDetailsVat.invoices, items: [open, ...VAT_INVOICES] },
      invoiceDetails: { invoiceId: open.id, details: { invoice: open, payments: [payment(open, 1, { status: 'failed' }), payment(open, 2, { status: 'failed' })] }, loading: false, error: null },
    };
    const panel = await openDetails(state, open.id);
    assert.match(text(), /DueNov 8, 2026/);
    assert.deepEqual(rows('.invoice-lines tfoot tr').at(-1), ['Amount due', '$23.80']);
    await panel.click(button(view(), 'Pay now'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'pay_outstanding_balance' }]);
    await panel.click(button(view(), 'Back to invoices'));
    await panel.click(button(document.body, `View invoice ${invoice.number}`));
    await panel.sendState({ ...fixtures.invoiceDetailsVat, invoices: state.invoices });
    assert.equal(hasButton(view(), 'Pay now'), false);
  });

  it('while the details load: the number from the list, and a loading line', async () => {
    const state = { ...fixtures.invoiceDetailsVat, invoiceDetails: { invoiceId: invoice.id, details: null, loading: true, error: null } };
    await openDetails(state);
    assert.equal(document.getElementById('invoice-details-heading')?.textContent, `Invoice ${invoice.number}`);
    assert.match(text(), /Loading invoice details…/);
    assert.equal(view().getAttribute('aria-busy'), 'true');
  });

  it('details that failed to load: the reason and Try again', async () => {
    const state = { ...fixtures.invoiceDetailsVat, invoiceDetails: { invoiceId: invoice.id, details: null, loading: false, error: { kind: 'server' as const, message: 'HTTP 503' } } };
    const panel = await openDetails(state);
    assert.match(text(), /Couldn't load this invoice/);
    assert.match(text(), /The billing service had a problem\. Try again later\./);
    await panel.click(button(view(), 'Try again'));
    assert.deepEqual(panel.posted('openInvoice').at(-1), { type: 'openInvoice', invoiceId: invoice.id });
  });

  it("an invoice the host won't show (no longer listed): its sentence and the way back", async () => {
    const message = 'This invoice is no longer listed. Refresh and try again.';
    const state = { ...fixtures.invoiceDetailsVat, invoiceDetails: { invoiceId: invoice.id, details: null, loading: false, error: { kind: 'unknown' as const, message } } };
    await openDetails(state);
    assert.match(text(), new RegExp(message.replace(/\./g, '\\.')));
    assert.ok(hasButton(view(), 'Back to invoices'));
  });

  it('Back tells the host the details closed and shows the overview where it was', async () => {
    const panel = await openDetails(fixtures.invoiceDetailsVat);
    await panel.click(button(view(), 'Back to invoices'));
    assert.deepEqual(panel.posted('closeDetails'), [{ type: 'closeDetails' }]);
    assert.ok(document.getElementById('subscription'));
    assert.equal(document.getElementById('invoice-details'), null);
  });

  it('keeps the list scroll: leaving saves it, coming back restores it', async () => {
    const panel = await renderPanel({ state: fixtures.invoiceDetailsVat });
    const scrolled: number[] = [];
    const scrollTo = window.scrollTo;
    window.scrollTo = ((_x: number, y: number) => void scrolled.push(y)) as typeof window.scrollTo;
    try {
      Object.defineProperty(window, 'scrollY', { configurable: true, value: 640 });
      await panel.click(button(document.body, `View invoice ${invoice.number}`));
      assert.deepEqual((panel.api.stored as { listScroll: unknown }).listScroll, { overview: 640, payments: 0 });
      assert.equal(scrolled.at(-1), 0, 'the details start at the top');
      await panel.click(button(view(), 'Back to invoices'));
      assert.equal(scrolled.at(-1), 640, 'the list is where it was');
    } finally {
      window.scrollTo = scrollTo;
      Object.defineProperty(window, 'scrollY', { configurable: true, value: 0 });
    }
  });
});

describe('panel: the view survives a reload', () => {
  const stored = { version: 1, view: { kind: 'invoice', invoiceId: invoice.id, from: 'overview' }, listScroll: { overview: 300, payments: 0 }, billingEdit: null, billingSaved: false, scrollY: 0 };

  it('reopens the invoice it showed, asking the host again when the host lost it (window reload)', async () => {
    const panel = await renderPanel({ stored, state: { ...fixtures.invoiceDetailsVat, invoiceDetails: { invoiceId: null, details: null, loading: false, error: null } } });
    assert.ok(document.getElementById('invoice-details'));
    assert.deepEqual(panel.posted('openInvoice'), [{ type: 'openInvoice', invoiceId: invoice.id }]);
    await panel.sendState(fixtures.invoiceDetailsVat);
    assert.deepEqual(rows('.invoice-lines tfoot tr')[2], ['Total', '$23.80']);
    assert.equal(panel.posted('openInvoice').length, 1, 'asked once');
  });

  it('does not ask again when the host still has it (the panel was only hidden)', async () => {
    const panel = await renderPanel({ stored, state: fixtures.invoiceDetailsVat });
    assert.deepEqual(panel.posted('openInvoice'), []);
    assert.match(text(), /VAT 19%/);
  });

  it('reopens the Payments view and asks for its first page', async () => {
    const panel = await renderPanel({ stored: { ...stored, view: { kind: 'payments' } }, state: fixtures.payments });
    assert.ok(document.getElementById('payments'));
    assert.deepEqual(panel.posted('loadPayments'), [{ type: 'loadPayments' }]);
  });

  it('signing out (or in as someone else) goes back to the overview', async () => {
    const panel = await renderPanel({ stored, state: fixtures.invoiceDetailsVat });
    await panel.sendState(fixtures.signedOut);
    await panel.sendState(fixtures.twoCards);
    assert.equal(document.getElementById('invoice-details'), null);
    assert.deepEqual((panel.api.stored as { view: unknown }).view, { kind: 'overview' });
    cleanup();
    const other = await renderPanel({ stored, state: fixtures.invoiceDetailsVat });
    assert.ok(document.getElementById('invoice-details'));
    await other.sendState(fixtures.twoCards);
    assert.equal(document.getElementById('invoice-details'), null, 'another account');
  });
});

