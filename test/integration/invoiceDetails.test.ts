// Journey 14 of docs/journeys.md in the real host: an invoice's details and
// the payments history through the panel's messages; only invoices the panel
// listed are asked for, malformed and foreign ids are dropped; Download PDF
// and Pay now from the details.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ApiPaths } from '../../shared/contract/paths';
import { type InvoiceList } from '../../shared/contract/invoices';
import { createSession } from '../support/sandboxAdmin';
import { mark, posted, showPanelAs, stateWhere, type Posted } from './support/panel';
import { captureExternal, planBilling, resetCore, sandboxUrl, scriptedPrompter } from './support/planBilling';

describe('invoice details and payments in the panel', () => {
  beforeEach(resetCore);
  after(resetCore);

  it("opens a listed invoice's details, closes them, and downloads its PDF from there", async () => {
    const { t } = await planBilling();
    await showPanelAs('pro@sandbox.test');
    const listed = await stateWhere((s) => s.invoices.items.length > 0 && !s.invoices.loading, 'the invoice list');
    const invoice = listed.invoices.items[0]!;
    assert.equal(await t.panel.postFromWebview({ type: 'openInvoice', invoiceId: invoice.id }), true);
    const open = await stateWhere((s) => s.invoiceDetails.details?.invoice.id === invoice.id, 'the details');
    const details = open.invoiceDetails.details!;
    assert.equal(details.invoice.subtotal.amount + details.invoice.tax.amount, details.invoice.total.amount, 'exact cents');
    assert.ok(details.invoice.lines.length > 0);
    assert.ok(details.payments.every((p) => p.invoiceId === invoice.id));

    const folder = mkdtempSync(join(tmpdir(), 'pb-details-pdf-'));
    const target = join(folder, 'from-details.pdf');
    t.setPrompter(scriptedPrompter(() => undefined, undefined, async () => vscode.Uri.file(target)));
    const since = await mark();
    await t.panel.postFromWebview({ type: 'downloadInvoice', invoiceId: invoice.id });
    const done = await posted((m): m is Posted<'downloadProgress'> => m.type === 'downloadProgress' && m.status !== 'started', 'the download', since);
    assert.equal(done.status, 'done', done.message ?? '');
    assert.equal(readFileSync(target).subarray(0, 5).toString('latin1'), '%PDF-');

    await t.panel.postFromWebview({ type: 'closeDetails' });
    await stateWhere((s) => s.invoiceDetails.invoiceId === null && s.invoiceDetails.details === null, 'the details closed');
  });

  it('drops malformed and foreign invoice ids without asking the service, and says so to the webview', async () => {
    const { t } = await planBilling();
    // Another account's invoice: a real id, just not this account's.
    const other = await createSession(sandboxUrl(), 'pastdue@sandbox.test');
    const res = await fetch(`${sandboxUrl()}${ApiPaths.invoices}?limit=1`, { headers: { authorization: `Bearer ${other.access_token}` } });
    const foreign = ((await res.json()) as InvoiceList).data[0]!;
    await showPanelAs('pro@sandbox.test');
    await stateWhere((s) => s.invoices.items.length > 0, 'the invoice list');
    const droppedBefore = t.panel.dropped().length;
    const bad: unknown[] = [
      { type: 'openInvoice' },
      { type: 'openInvoice', invoiceId: '' },
      { type: 'openInvoice', invoiceId: 'x'.repeat(65) },
      { type: 'openInvoice', invoiceId: 42 },
      { type: 'openInvoice', invoiceId: 'in_1', from: 'payments' },
      { type: 'loadMorePayments', startingAfter: 'py_1' },
      { type: 'closeDetails', invoiceId: 'in_1' },
    ];
    for (const message of bad) assert.equal(await t.panel.postFromWebview(message), false, JSON.stringify(message));
    assert.equal(await t.panel.postFromWebview({ type: 'openInvoice', invoiceId: foreign.id }), false, 'a foreign id');
    assert.equal(t.panel.dropped().length, droppedBefore + bad.length + 1);
    assert.ok(t.logs().some((line) => line.includes('openInvoice: not an invoice the panel listed')));
    assert.ok(!t.logs().some((line) => line.includes(`/v1/invoices/${foreign.id}`)), 'no request for the foreign invoice');
    const refused = await stateWhere((s) => s.invoiceDetails.invoiceId === foreign.id, 'the refusal in the state');
    assert.equal(refused.invoiceDetails.details, null);
    assert.match(refused.invoiceDetails.error?.message ?? '', /no longer listed/);
    // Nor can a download name it.
    const since = await mark();
    await t.panel.postFromWebview({ type: 'downloadInvoice', invoiceId: foreign.id });
    assert.equal((await posted((m): m is Posted<'downloadProgress'> => m.type === 'downloadProgress', 'the download refusal', since)).status, 'failed');
  });

  it('lists the payments page by page; an invoice a payment names can be opened', async () => {
    const { t } = await planBilling();
    await showPanelAs('pro@sandbox.test');
    await t.panel.postFromWebview({ type: 'loadPayments' });
    const first = await stateWhere((s) => s.payments.items.length > 0 && !s.payments.loading, 'the first page of payments');
    assert.equal(first.payments.hasMore, true, 'pro@ has more than one page of payments');
    await t.panel.postFromWebview({ type: 'loadMorePayments' });
    const more = await stateWhere((s) => s.payments.items.length > first.payments.items.length && !s.payments.loading, 'the second page');
    const ids = more.payments.items.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'no payment twice');
    // A listed payment names its invoice: it opens even where the invoice list has not reached it.
    const oldest = more.payments.items.at(-1)!;
    assert.equal(await t.panel.postFromWebview({ type: 'openInvoice', invoiceId: oldest.invoiceId }), true);
    await stateWhere((s) => s.invoiceDetails.details?.invoice.id === oldest.invoiceId, 'that invoice’s details');
  });

  it('Pay now from an open invoice asks for the pay flow on the service origin', async () => {
    const { t } = await planBilling();
    await showPanelAs('pastdue@sandbox.test');
    const listed = await stateWhere((s) => s.invoices.items.some((i) => i.status === 'open'), 'the open invoice');
    const open = listed.invoices.items.find((i) => i.status === 'open')!;
    await t.panel.postFromWebview({ type: 'openInvoice', invoiceId: open.id });
    const details = await stateWhere((s) => s.invoiceDetails.details?.invoice.id === open.id, 'its details');
    assert.ok(details.invoiceDetails.details!.payments.some((p) => p.status === 'failed'), 'its failed attempts');
    const external = captureExternal(t);
    await t.panel.postFromWebview({ type: 'openPortal', flow: 'pay_outstanding_balance' });
    assert.equal(new URL(await external.next()).origin, new URL(sandboxUrl()).origin);
    await t.panel.postFromWebview({ type: 'dismissPortalNotice' });
  });
});
