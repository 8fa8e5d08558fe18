/** Invoice history: table semantics, money and dates, statuses, paging, empty/error states and PDF downloads. */
import assert from 'node:assert/strict';
import { within } from '@testing-library/preact';
import { type PanelViewState } from '../../shared/panelProtocol';
import { fixtures, MIXED_INVOICES, YEAR_OF_INVOICES } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const section = () => document.getElementById('invoices') as HTMLElement;
const table = () => section().querySelector('table') as HTMLTableElement;
// happy-dom lacks the table collections (rows, cells), so rows and cells are queried.
const bodyRows = () => [...table().querySelectorAll<HTMLTableRowElement>('tbody > tr')];
const cellsOf = (row: HTMLTableRowElement) => [...row.querySelectorAll<HTMLTableCellElement>(':scope > td')];
const cells = (row: HTMLTableRowElement) => cellsOf(row).map((c) => c.textContent?.trim() ?? '');
const liveRegion = () => (document.querySelector('[aria-live="polite"]')?.textContent ?? '').trim();

function withInvoices(invoices: Partial<PanelViewState['invoices']>): PanelViewState {
  const state = fixtures.activeExpiringCard;
  return { ...state, invoices: { ...state.invoices, ...invoices } };
}

describe('panel: invoice history', () => {
  it('is a real table with a caption and column headers', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.equal(table().querySelector('caption')?.textContent, 'Invoice history, newest first');
    const headers = [...table().querySelectorAll('thead > tr > *')];
    assert.ok(headers.every((th) => th.tagName === 'TH' && th.getAttribute('scope') === 'col'));
    assert.deepEqual(
      headers.map((th) => th.textContent),
      ['Date', 'Invoice', 'Amount', 'Status', 'Download'],
    );
    assert.equal(bodyRows().length, 10);
  });

  it('shows date, number, amount and status per row', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.deepEqual(cells(bodyRows()[0]).slice(0, 4), ['Nov 1, 2026', 'PB-2026-0012', '$20.00', 'Paid']);
  });

  it('shows dates in the user time zone', async () => {
    await renderPanel({ state: withInvoices({ items: MIXED_INVOICES }) });
    // Created at midnight UTC on 20 November: the evening of the 19th in New York.
    assert.equal(cells(bodyRows()[0])[0], 'Nov 19, 2026');
  });

  it('formats zero-amount and refund invoices', async () => {
    await renderPanel({ state: withInvoices({ items: MIXED_INVOICES }) });
    const byNumber = new Map(bodyRows().map((row) => [cells(row)[1], row]));
    assert.equal(cells(byNumber.get('PB-2026-0017')!)[2], '$0.00');
    const refund = byNumber.get('PB-2026-0016')!;
    assert.equal(cellsOf(refund)[2].textContent, '-$5.00 (credit)');
    assert.ok(cellsOf(refund)[2].classList.contains('is-credit'));
  });

  it('gives every status its own badge look, with a word and an icon', async () => {
    await renderPanel({ state: withInvoices({ items: MIXED_INVOICES }) });
    const looks = new Map(
      bodyRows().map((row) => {
        const badge = cellsOf(row)[3].querySelector('.badge')!;
        return [badge.textContent, `${badge.className} ${badge.querySelector('.codicon')!.className}`];
      }),
    );
    assert.deepEqual([...looks.keys()].sort(), ['Draft', 'Open', 'Paid', 'Uncollectible', 'Void']);
    assert.match(looks.get('Paid')!, /badge--success .*codicon-pass/);
    assert.match(looks.get('Open')!, /badge--info .*codicon-circle-large-outline/);
    assert.match(looks.get('Void')!, /badge--neutral .*codicon-circle-slash/);
    assert.match(looks.get('Uncollectible')!, /badge--error .*codicon-error/);
    assert.match(looks.get('Draft')!, /badge--draft .*codicon-edit/);
    assert.equal(new Set(looks.values()).size, 5);
  });

  it('shows when an invoice was paid, if not on its own date', async () => {
    const late = { ...YEAR_OF_INVOICES[0], paidAt: '2026-11-05T12:00:00.000Z' };
    await renderPanel({ state: withInvoices({ items: [late, YEAR_OF_INVOICES[1]] }) });
    assert.equal(cells(bodyRows()[0])[3], 'Paidon Nov 5, 2026');
    assert.equal(cells(bodyRows()[1])[3], 'Paid');
  });

  it('Load more asks for the next page when there is one', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.click(button(section(), 'Load more'));
    assert.deepEqual(panel.posted('loadMoreInvoices'), [{ type: 'loadMoreInvoices' }]);
  });

  it('while a page loads: a loading row instead of Load more', async () => {
    await renderPanel({ state: withInvoices({ loading: true, hasMore: true }) });
    const last = bodyRows().at(-1)!;
    assert.ok(last.classList.contains('loading-row'));
    assert.equal(cellsOf(last)[0].getAttribute('colspan'), '5');
    assert.equal(last.textContent, 'Loading invoices…');
    assert.equal(hasButton(section(), 'Load more'), false);
    assert.equal(table().getAttribute('aria-busy'), 'true');
  });

  it('on the last page: no Load more', async () => {
    await renderPanel({ state: withInvoices({ hasMore: false }) });
    assert.equal(hasButton(section(), 'Load more'), false);
  });

  it('the first page loading: the table with its loading row', async () => {
    await renderPanel({ state: withInvoices({ items: [], loading: true, hasMore: false }) });
    assert.equal(bodyRows().length, 1);
    assert.equal(bodyRows()[0].textContent, 'Loading invoices…');
  });

  it('with no invoices: an empty state, not an empty table', async () => {
    await renderPanel({ state: fixtures.free });
    assert.equal(section().querySelector('table'), null);
    assert.ok(within(section()).getByText('No invoices yet. Invoices appear here after your first payment.'));
  });

  it('a page that failed: the reason and Try again', async () => {
    const panel = await renderPanel({ state: withInvoices({ error: { kind: 'offline', message: 'socket hang up' } }) });
    assert.match(section().textContent ?? '', /Couldn't load invoices/);
    assert.match(section().textContent ?? '', /Can't reach the billing service\./);
    assert.equal(hasButton(section(), 'Load more'), false);
    await panel.click(button(section(), 'Try again'));
    assert.deepEqual(panel.posted('loadMoreInvoices'), [{ type: 'loadMoreInvoices' }]);
  });
});

describe('panel: invoice PDF download', () => {
  const pdfButton = () => cellsOf(bodyRows()[0])[4].querySelector('vscode-button') as HTMLElement;
  /** The codicon a button shows (its ButtonIcon child). */
  const iconOf = (button: Element) => /\bcodicon-(?!modifier)([a-z-]+)/.exec(button.querySelector('svg.codicon')?.getAttribute('class') ?? '')?.[1];

  it('asks the host to download the invoice, named for screen readers', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    assert.equal(pdfButton().getAttribute('aria-label'), 'Download PDF of invoice PB-2026-0012');
    assert.equal(pdfButton().getAttribute('title'), 'Download PDF');
    await panel.click(pdfButton());
    assert.deepEqual(panel.posted('downloadInvoice'), [{ type: 'downloadInvoice', invoiceId: 'in_0012' }]);
  });

  it('shows progress from the host, and ignores clicks meanwhile', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.send({ type: 'downloadProgress', invoiceId: 'in_0012', status: 'started', message: null });
    assert.equal(pdfButton().textContent, 'Downloading…');
    assert.equal(pdfButton().getAttribute('aria-busy'), 'true');
    assert.equal(iconOf(pdfButton()), 'loading');
    assert.equal(liveRegion(), 'Downloading invoice PB-2026-0012…');
    await panel.click(pdfButton());
    assert.deepEqual(panel.posted('downloadInvoice'), []);
    // Other rows stay available.
    assert.equal(cellsOf(bodyRows()[1])[4].textContent, 'PDF');
  });

  it('done: a check mark and an announcement', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.send({ type: 'downloadProgress', invoiceId: 'in_0012', status: 'started', message: null });
    await panel.send({ type: 'downloadProgress', invoiceId: 'in_0012', status: 'done', message: null });
    assert.equal(pdfButton().textContent, 'PDF');
    assert.equal(iconOf(pdfButton()), 'check');
    assert.equal(liveRegion(), 'Invoice PB-2026-0012 downloaded.');
  });

  it('failed: the reason under the row', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.send({ type: 'downloadProgress', invoiceId: 'in_0012', status: 'failed', message: 'The service did not answer.' });
    const message = bodyRows()[1];
    assert.ok(message.classList.contains('row-message'));
    assert.equal(message.textContent, "Couldn't download invoice PB-2026-0012. The service did not answer.");
    assert.equal(iconOf(pdfButton()), 'download');
  });

  it('cancelled: back to the plain button', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.send({ type: 'downloadProgress', invoiceId: 'in_0012', status: 'started', message: null });
    await panel.send({ type: 'downloadProgress', invoiceId: 'in_0012', status: 'cancelled', message: null });
    assert.equal(pdfButton().textContent, 'PDF');
    assert.equal(iconOf(pdfButton()), 'download');
    assert.equal(liveRegion(), 'Download of invoice PB-2026-0012 cancelled.');
  });
});
