/**
 * Invoice PDFs: their text carries the invoice as finalized, and past
 * invoices (PDF and data) do not change when the billing details do; the next
 * invoice carries the new details.
 */
import { strict as assert } from 'node:assert';
import { type AccountSummary } from '../../shared/contract/account';
import { type Invoice, type InvoiceList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { updateCard } from '../support/portalDriver';
import { advanceClock, readClock } from '../support/sandboxAdmin';
import { api, getJson, PORTAL_RETURN_URL, signIn, startInProcess, type Session } from './harness';
import { pdfText } from './pdfText';

describe('sandbox invoice PDFs', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;
  let pro: Session;
  before(async () => {
    sb = await startInProcess();
    pro = await signIn(sb.url, 'pro@sandbox.test');
  });
  after(() => sb.close());

  async function invoices(): Promise<Invoice[]> {
    return (await getJson<InvoiceList>(sb.url, pro.token, `${ApiPaths.invoices}?limit=100`)).data;
  }

  async function textOf(id: string): Promise<string> {
    const res = await api(sb.url, pro.token, pathTo(ApiPaths.invoicePdf, { id: id }));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    return (await pdfText(new Uint8Array(await res.arrayBuffer()))).join('\n');
  }

  it('renders number, status, dates, lines, totals in USD and the billing details', async () => {
    const [latest] = await invoices();
    const text = await textOf(latest!.id);
    for (const expected of [
      latest!.number,
      'Paid',
      'Date of issue',
      'Billing period',
      'Pro plan (monthly)',
      '$20.00',
      'Amount due (USD)',
      'USD',
      'Priya Pro',
      'pro@sandbox.test',
      'Friedrichstraße 68',
      '10117 Berlin',
      'Germany',
      'EU VAT number: DE136695976',
    ]) {
      assert.ok(text.includes(expected), `PDF text has "${expected}":\n${text}`);
    }
  });

  it('marks void and unpaid invoices as such', async () => {
    const all = await invoices();
    const voided = all.find((i) => i.status === 'void')!;
    assert.match(await textOf(voided.id), /Void/);
    const ended = await signIn(sb.url, 'ended@sandbox.test');
    const [uncollectible] = (await getJson<InvoiceList>(sb.url, ended.token, ApiPaths.invoices)).data;
    assert.equal(uncollectible!.status, 'uncollectible');
    const res = await api(sb.url, ended.token, pathTo(ApiPaths.invoicePdf, { id: uncollectible!.id }));
    const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).join('\n');
    assert.match(text, /Uncollectible: payment due/);
    assert.match(text, /\$22\.60 USD due/, 'HST 13% included');
  });

  it("keeps past invoices' PDFs and data unchanged after the billing details change; the next invoice carries them", async () => {
    const before = await invoices();
    const sample = [before[0]!, before[5]!, before.at(-1)!];
    const textsBefore = await Promise.all(sample.map((i) => textOf(i.id)));

    const res = await api(sb.url, pro.token, ApiPaths.billingDetails, {
      method: 'PUT',
      json: {
        name: 'Priya Pro GmbH',
        address: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
        taxIds: [{ type: 'eu_vat', value: 'DE113866163' }],
      },
    });
    assert.equal(res.status, 200);

    const after = await invoices();
    assert.deepEqual(after, before, 'invoice data unchanged');
    const textsAfter = await Promise.all(sample.map((i) => textOf(i.id)));
    assert.deepEqual(textsAfter, textsBefore, 'PDF text unchanged');
    for (const text of textsAfter) assert.ok(!text.includes('Priya Pro GmbH') && !text.includes('DE113866163'));

    // Renew (with a working card: the demo card expires before the renewal).
    const portal = await api(sb.url, pro.token, ApiPaths.portalSessions, { method: 'POST', json: { flow: 'payment_method_update', returnUrl: PORTAL_RETURN_URL } });
    await updateCard(((await portal.json()) as { url: string }).url, { number: '4242424242424242' });
    const summary = await getJson<AccountSummary>(sb.url, pro.token, ApiPaths.account);
    const now = Date.parse((await readClock(sb.url)).now);
    await advanceClock(sb.url, { hours: (Date.parse(summary.subscription!.currentPeriodEnd) - now) / 3_600_000 + 1 });

    const [next] = await invoices();
    assert.ok(!before.some((i) => i.id === next!.id), 'a new invoice');
    assert.equal(next!.status, 'paid');
    assert.equal(next!.billingDetails.name, 'Priya Pro GmbH');
    assert.deepEqual(next!.billingDetails.taxIds, [{ type: 'eu_vat', value: 'DE113866163' }]);
    const nextText = await textOf(next!.id);
    assert.ok(nextText.includes('Priya Pro GmbH') && nextText.includes('Unter den Linden 1') && nextText.includes('DE113866163'));
  });

  it('answers 404 for an invoice of another account', async () => {
    const [own] = await invoices();
    const other = await signIn(sb.url, 'free@sandbox.test');
    assert.equal((await api(sb.url, other.token, pathTo(ApiPaths.invoicePdf, { id: own!.id }))).status, 404);
  });
});
