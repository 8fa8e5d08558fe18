/**
 * Invoice details (GET /v1/invoices/{id}) and the payment history
 * (GET /v1/payments): lines, tax, totals, billing details as issued, every
 * attempt with its card and decline, cursor pages, refunds, and the payment
 * record on the PDF.
 */
import { strict as assert } from 'node:assert';
import { type Problem } from '../../shared/contract/common';
import {
  InvoiceDetails,
  Payment as PaymentSchema,
  PaymentList,
  type Invoice,
  type InvoiceDetails as InvoiceDetailsType,
  type InvoiceList,
  type Payment,
  type PaymentList as PaymentListType,
} from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { refundPayment, type SandboxAdminError, setAccountState } from '../support/sandboxAdmin';
import { api, assertShape, getJson, signIn, startInProcess, uniqueEmail, type Session } from './harness';
import { pdfText } from './pdfText';

describe('sandbox invoice details and payments', function () {
  this.timeout(30_000);
  let sb: RunningSandbox;
  const sessions = new Map<string, Session>();
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  const as = async (email: string): Promise<Session> => {
    let s = sessions.get(email);
    if (!s) sessions.set(email, (s = await signIn(sb.url, email)));
    return s;
  };
  const invoices = async (s: Session): Promise<Invoice[]> => (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=100`)).data;
  const details = async (s: Session, id: string): Promise<InvoiceDetailsType> => {
    const body = await getJson<InvoiceDetailsType>(sb.url, s.token, pathTo(ApiPaths.invoice, { id }));
    assertShape(InvoiceDetails, body, `invoice ${id}`);
    return body;
  };
  const payments = async (s: Session, query = 'limit=100'): Promise<PaymentListType> => {
    const body = await getJson<PaymentListType>(sb.url, s.token, `${ApiPaths.payments}?${query}`);
    assertShape(PaymentList, body, 'payments');
    return body;
  };

  describe('GET /v1/invoices/{id}', () => {
    it('answers the invoice as listed, with its lines, subtotal, tax, totals, dates and billing details as issued', async () => {
      const pro = await as('pro@sandbox.test');
      const [latest] = await invoices(pro);
      const { invoice, payments: attempts } = await details(pro, latest!.id);
      assert.deepEqual(invoice, latest);
      assert.equal(invoice.status, 'paid');
      assert.deepEqual(invoice.lines.map((l) => [l.kind, l.description, l.quantity, l.amount.amount]), [['subscription', 'Pro plan (monthly)', 1, 2000]]);
      assert.equal(invoice.subtotal.amount, 2000);
      assert.equal(invoice.total.amount, invoice.subtotal.amount + invoice.tax.amount);
      assert.equal(invoice.tax.amount, invoice.taxLines.reduce((sum, l) => sum + l.amount.amount, 0));
      assert.deepEqual([invoice.amountPaid.amount, invoice.amountDue.amount], [invoice.total.amount, 0]);
      assert.ok(invoice.paidAt && Date.parse(invoice.paidAt) >= Date.parse(invoice.created));
      assert.equal(invoice.billingDetails.address!.country, 'DE');
      assert.deepEqual(attempts.map((p) => [p.status, p.amount.amount, p.card, p.invoiceNumber, p.declineCode]), [['succeeded', invoice.total.amount, { brand: 'visa', last4: '4242' }, invoice.number, null]]);
      assert.equal(attempts[0]!.created, invoice.paidAt);
    });

    it('lists every attempt of an unpaid invoice, oldest first, with card, outcome and decline reason', async () => {
      const ended = await as('ended@sandbox.test');
      const [owed] = await invoices(ended);
      const { invoice, payments: attempts } = await details(ended, owed!.id);
      assert.equal(invoice.status, 'uncollectible');
      assert.equal(attempts.length, invoice.attemptCount);
      assert.equal(attempts.length, 5, 'the renewal and four retries');
      const created = attempts.map((p) => Date.parse(p.created));
      assert.deepEqual(created, [...created].sort((a, b) => a - b), 'oldest first');
      for (const p of attempts) {
        assert.equal(p.status, 'failed');
        assert.equal(p.declineCode, 'insufficient_funds');
        assert.match(p.declineMessage!, /insufficient funds/);
        assert.equal(p.amount.amount, invoice.total.amount, 'each attempt asked for the whole amount, tax included');
        assert.ok(p.card);
      }
      const pastdue = await as('pastdue@sandbox.test');
      const [open] = await invoices(pastdue);
      assert.deepEqual((await details(pastdue, open!.id)).payments.map((p) => [p.status, p.declineCode]), [['failed', 'insufficient_funds']]);
    });

    it('answers 404 for an unknown invoice and one of another account', async () => {
      const pro = await as('pro@sandbox.test');
      const other = await as('free@sandbox.test');
      const [own] = await invoices(pro);
      for (const [s, id] of [
        [pro, 'in_nope'],
        [other, own!.id],
      ] as const) {
        const res = await api(sb.url, s.token, pathTo(ApiPaths.invoice, { id }));
        assert.equal(res.status, 404);
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
    });

    it('carries the payment record on the PDF: date, card, amount and outcome', async () => {
      const pastdue = await as('pastdue@sandbox.test');
      const [open] = await invoices(pastdue);
      const res = await api(sb.url, pastdue.token, pathTo(ApiPaths.invoicePdf, { id: open!.id }));
      // Words, whatever the line breaks of the PDF's columns.
      const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).join('\n').replace(/\s+/g, ' ');
      assert.match(text, /Payments/);
      assert.match(text, /Visa ending in 9995/);
      assert.match(text, /Failed: Your card has insufficient funds\./);
      const pro = await as('pro@sandbox.test');
      const [paid] = await invoices(pro);
      const proText = (await pdfText(new Uint8Array(await (await api(sb.url, pro.token, pathTo(ApiPaths.invoicePdf, { id: paid!.id }))).arrayBuffer()))).join('\n');
      assert.match(proText, /Visa ending in 4242/);
      assert.match(proText, /Succeeded/);
    });
  });

  describe('GET /v1/payments', () => {
    it('lists every attempt newest first with date, amount, status, card, invoice number and decline reason', async () => {
      const pastdue = await as('pastdue@sandbox.test');
      const all = (await payments(pastdue)).data;
      const list = await invoices(pastdue);
      assert.equal(all.length, list.filter((i) => i.status === 'paid').length + 1, 'one payment per paid invoice, and the failed renewal');
      const created = all.map((p) => Date.parse(p.created));
      assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first');
      assert.deepEqual([all[0]!.status, all[0]!.declineCode, all[0]!.invoiceNumber], ['failed', 'insufficient_funds', list[0]!.number]);
      assert.ok(all.slice(1).every((p) => p.status === 'succeeded' && p.declineCode === null && p.declineMessage === null));
      const numbers = new Map(list.map((i) => [i.id, i.number]));
      assert.ok(all.every((p) => numbers.get(p.invoiceId) === p.invoiceNumber));
    });

    describe('pagination', () => {
      let pro: Session;
      let all: Payment[];
      before(async () => {
        pro = await as('pro@sandbox.test');
        const page = await payments(pro);
        all = page.data;
        assert.equal(page.hasMore, false);
        assert.ok(all.length >= 13, `pro@ has ${all.length} payments`);
      });

      it('defaults to 10 per page', async () => {
        const first = await payments(pro, '');
        assert.equal(first.data.length, 10);
        assert.equal(first.hasMore, true);
        assert.equal(first.nextCursor, first.data[9]!.id);
      });

      for (const limit of [1, 4, 13, 100]) {
        it(`walks every payment exactly once with limit=${limit}`, async () => {
          const walked: PaymentListType[] = [];
          let cursor: string | null = null;
          do {
            const page: PaymentListType = await payments(pro, cursor ? `limit=${limit}&startingAfter=${cursor}` : `limit=${limit}`);
            walked.push(page);
            cursor = page.nextCursor;
            assert.ok(walked.length <= all.length + 1, 'terminates');
          } while (cursor);
          assert.deepEqual(walked.flatMap((p) => p.data.map((x) => x.id)), all.map((x) => x.id));
          walked.forEach((p, i) => assert.equal(p.hasMore, i < walked.length - 1));
        });
      }

      it('answers an empty last page after the oldest payment', async () => {
        assert.deepEqual(await payments(pro, `startingAfter=${all.at(-1)!.id}`), { data: [], hasMore: false, nextCursor: null });
      });

      for (const [name, query, field, code] of [
        ['limit 0', 'limit=0', 'limit', 'out_of_range'],
        ['limit 101', 'limit=101', 'limit', 'out_of_range'],
        ['limit not a number', 'limit=ten', 'limit', 'invalid_type'],
        ['an unknown parameter', 'page=2', 'page', 'unknown_field'],
        ['a cursor that is not a payment', 'startingAfter=py_nope', 'startingAfter', 'unknown_payment'],
        ['a cursor that is too long', `startingAfter=${'x'.repeat(65)}`, 'startingAfter', 'too_long'],
      ] as const) {
        it(`refuses ${name} with a 400 problem`, async () => {
          const res = await api(sb.url, pro.token, `${ApiPaths.payments}?${query}`);
          assert.equal(res.status, 400);
          const problem = (await res.json()) as Problem;
          assert.equal(problem.errors!.find((e) => e.field === field)?.code, code, JSON.stringify(problem));
        });
      }

      it("refuses another account's payment as a cursor", async () => {
        const other = await as('canceling@sandbox.test');
        const res = await api(sb.url, other.token, `${ApiPaths.payments}?startingAfter=${all[0]!.id}`);
        assert.equal(res.status, 400);
      });
    });

    it('has nothing for an account that never paid', async () => {
      const free = await as('free@sandbox.test');
      assert.deepEqual(await payments(free), { data: [], hasMore: false, nextCursor: null });
    });
  });

  describe('refunds (sandbox only)', () => {
    it('refunds a payment in part and then in full: refunds are payments of their own, the invoice stays paid', async () => {
      const s = await signIn(sb.url, uniqueEmail('refund'));
      await setAccountState(sb.url, s.userId, 'active');
      const [charge] = (await payments(s)).data;
      assert.equal(charge!.status, 'succeeded');
      const part = await refundPayment(sb.url, charge!.id, 500);
      assertShape(PaymentSchema, part, 'refund');
      assert.deepEqual([part.status, part.amount.amount, part.invoiceId, part.card], ['refunded', 500, charge!.invoiceId, charge!.card]);
      const rest = await refundPayment(sb.url, charge!.id);
      assert.equal(rest.amount.amount, charge!.amount.amount - 500, 'the rest');
      const list = (await payments(s)).data;
      assert.deepEqual(list.slice(0, 3).map((p) => [p.status, p.amount.amount]), [
        ['refunded', charge!.amount.amount - 500],
        ['refunded', 500],
        ['succeeded', charge!.amount.amount],
      ]);
      const { invoice, payments: attempts } = await details(s, charge!.invoiceId);
      assert.equal(invoice.status, 'paid');
      assert.deepEqual(attempts.map((p) => p.status), ['succeeded', 'refunded', 'refunded']);

      await assert.rejects(refundPayment(sb.url, charge!.id), (e: SandboxAdminError) => e.status === 409 && /not_refundable/.test(e.body));
    });

    it('refuses more than is left, a failed payment and an unknown one', async () => {
      const pastdue = await as('pastdue@sandbox.test');
      const all = (await payments(pastdue)).data;
      const failed = all.find((p) => p.status === 'failed')!;
      const paid = all.find((p) => p.status === 'succeeded')!;
      await assert.rejects(refundPayment(sb.url, paid.id, paid.amount.amount + 1), (e: SandboxAdminError) => e.status === 422 && /"field":"amount"/.test(e.body));
      await assert.rejects(refundPayment(sb.url, failed.id), (e: SandboxAdminError) => e.status === 409);
      await assert.rejects(refundPayment(sb.url, 'py_nope'), (e: SandboxAdminError) => e.status === 404);
      await assert.rejects(refundPayment(sb.url, paid.id, 0), (e: SandboxAdminError) => e.status === 400);
    });
  });
});
