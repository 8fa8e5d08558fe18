/** The demo accounts a fresh sandbox starts with, and the sandbox home page. */
import { strict as assert } from 'node:assert';
import { type AccountSummary } from '../../shared/contract/account';
import { type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { type Invoice, type InvoiceList, type PaymentList } from '../../shared/contract/invoices';
import { type PaymentMethodList } from '../../shared/contract/paymentMethods';
import { Usage } from '../../shared/contract/usage';
import { parseCredits } from '../../shared/credits';
import { ApiPaths } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { validateBillingDetails } from '../../sandbox/validation/billingDetails';
import { advanceClock, listAccounts, readClock, readOutbox } from '../support/sandboxAdmin';
import { assertShape, getJson, signIn, startInProcess } from './harness';

const DAY = 86_400_000;

describe('sandbox demo data', function () {
  // Many requests per case against a live service: mocha's 2 s default is too tight on a loaded machine.
  this.timeout(20_000);
  let sb: RunningSandbox;
  const summaries = new Map<string, AccountSummary>();
  const invoices = new Map<string, Invoice[]>();
  before(async () => {
    sb = await startInProcess();
    for (const a of await listAccounts(sb.url)) {
      const s = await signIn(sb.url, a.email);
      summaries.set(a.email, await getJson<AccountSummary>(sb.url, s.token, ApiPaths.account));
      invoices.set(a.email, (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=100`)).data);
    }
  });
  after(() => sb.close());

  const get = (email: string) => summaries.get(email)!;
  const now = () => Date.parse(get('free@sandbox.test').asOf);

  it('seeds one account per state with the fixed emails', async () => {
    assert.deepEqual(
      (await listAccounts(sb.url)).map((a) => [a.email, a.state]),
      [
        ['free@sandbox.test', 'free'],
        ['trialing@sandbox.test', 'trialing'],
        ['pro@sandbox.test', 'active'],
        ['canceling@sandbox.test', 'active'],
        ['pastdue@sandbox.test', 'past_due'],
        ['ended@sandbox.test', 'canceled'],
        ['unpaid@sandbox.test', 'unpaid'],
        ['proplus@sandbox.test', 'active'],
        ['power@sandbox.test', 'active'],
      ],
    );
  });

  it('proplus@ and power@ are on Pro+ and Power, monthly and active, with a default Visa 4242', () => {
    for (const [email, planId, price] of [
      ['proplus@sandbox.test', 'pro_plus', 4000],
      ['power@sandbox.test', 'power', 20000],
    ] as const) {
      const summary = get(email);
      assert.equal(summary.plan.id, planId);
      assert.equal(summary.subscription!.status, 'active');
      assert.equal(summary.subscription!.interval, 'month');
      assert.equal(summary.subscription!.price.amount, price);
      assert.equal(summary.paymentMethod!.brand, 'visa');
      assert.equal(summary.paymentMethod!.last4, '4242');
      assert.equal(summary.upcomingInvoice!.subtotal.amount, price);
      assert.ok(invoices.get(email)!.every((inv) => inv.lines[0]!.description.startsWith(summary.plan.name)), `${email}'s invoices bill its plan`);
    }
  });

  it('free@ never subscribed', () => {
    const free = get('free@sandbox.test');
    assert.equal(free.subscription, null);
    assert.equal(free.plan.id, 'free');
    assert.deepEqual(invoices.get('free@sandbox.test'), []);
  });

  it('trialing@ ends its trial in 3 days with a card on file and a zero-amount trial invoice', () => {
    const t = get('trialing@sandbox.test');
    const left = Date.parse(t.subscription!.trialEnd!) - Date.parse(t.asOf);
    assert.ok(left <= 3 * DAY && left > 3 * DAY - 60_000, `trial ends in ${left} ms`);
    assert.ok(t.paymentMethod);
    assert.equal(t.upcomingInvoice!.amountDue.amount, 2000);
    assert.deepEqual(invoices.get('trialing@sandbox.test')!.map((i) => [i.status, i.total.amount]), [['paid', 0]]);
  });

  it('pro@ has a year of paid monthly invoices, a void one, and a card expiring before the renewal', () => {
    const p = get('pro@sandbox.test');
    assert.equal(p.subscription!.status, 'active');
    const list = invoices.get('pro@sandbox.test')!;
    assert.ok(list.filter((i) => i.status === 'paid').length >= 13);
    assert.equal(list.filter((i) => i.status === 'void').length, 1);
    const oldest = Date.parse(list.at(-1)!.periodStart);
    assert.ok(now() - oldest >= 365 * DAY, 'a year of history');
    const expires = Date.UTC(p.paymentMethod!.expYear, p.paymentMethod!.expMonth, 1);
    assert.ok(expires > now() && expires < Date.parse(p.subscription!.currentPeriodEnd));
    assert.equal(p.billingDetails.taxIds[0]!.type, 'eu_vat');
  });

  it('canceling@ is active and set to cancel at the period end', () => {
    const c = get('canceling@sandbox.test');
    assert.equal(c.subscription!.status, 'active');
    assert.equal(c.subscription!.cancelAtPeriodEnd, true);
    assert.equal(c.upcomingInvoice, null);
  });

  it('pastdue@ failed its renewal for insufficient funds with a retry pending', () => {
    const p = get('pastdue@sandbox.test');
    assert.equal(p.subscription!.status, 'past_due');
    assert.equal(p.latestPaymentFailure!.declineCode, 'insufficient_funds');
    assert.ok(Date.parse(p.latestPaymentFailure!.nextRetryAt!) > now());
    assert.equal(p.outstandingBalance.amount, 2000);
    assert.equal(invoices.get('pastdue@sandbox.test')![0]!.status, 'open');
  });

  it('ended@ and unpaid@ owe an uncollectible invoice after exhausted retries', () => {
    for (const [email, status, owed] of [
      ['ended@sandbox.test', 'canceled', 2260],
      ['unpaid@sandbox.test', 'unpaid', 2000],
    ] as const) {
      const e = get(email);
      assert.equal(e.subscription!.status, status);
      assert.equal(e.plan.id, 'free');
      assert.equal(e.outstandingBalance.amount, owed, 'with tax: HST 13% in Ontario, IGST reverse-charged in India');
      assert.equal(e.latestPaymentFailure!.nextRetryAt, null);
      const [latest] = invoices.get(email)!;
      assert.equal(latest!.status, 'uncollectible');
      assert.equal(latest!.attemptCount, 5);
    }
  });

  it('numbers invoices PB-NNNNNN, in USD, with billing details that pass validation', () => {
    const all = [...invoices.values()].flat();
    assert.ok(all.every((i) => /^PB-\d{6}$/.test(i.number) && i.total.currency === 'USD'));
    assert.equal(new Set(all.map((i) => i.number)).size, all.length);
    const withTax = [...summaries.values()].filter((s) => s.billingDetails.taxIds.length > 0);
    assert.ok(withTax.length >= 3);
    for (const s of summaries.values()) {
      if (!s.billingDetails.address) continue;
      const input: BillingDetailsInput = { name: s.billingDetails.name, address: s.billingDetails.address, taxIds: s.billingDetails.taxIds };
      assert.ok(!('errors' in validateBillingDetails(input)), `${s.user.email}: ${JSON.stringify(validateBillingDetails(input))}`);
    }
  });

  it('gives pro@ a second card (a debit Mastercard) and pastdue@ a working card beside its failing default', async () => {
    const cardsOf = async (email: string) => (await getJson<PaymentMethodList>(sb.url, (await signIn(sb.url, email)).token, ApiPaths.paymentMethods)).data;
    assert.deepEqual((await cardsOf('pro@sandbox.test')).map((c) => [c.brand, c.last4, c.funding, c.isDefault]), [
      ['visa', '4242', 'credit', true],
      ['mastercard', '8210', 'debit', false],
    ]);
    assert.deepEqual((await cardsOf('pastdue@sandbox.test')).map((c) => [c.brand, c.last4, c.isDefault]), [
      ['visa', '9995', true],
      ['discover', '1117', false],
    ]);
    assert.equal((await cardsOf('canceling@sandbox.test'))[0]!.brand, 'amex');
    const pro = (await cardsOf('pro@sandbox.test'))[0]!;
    assert.deepEqual(pro.billingAddress, get('pro@sandbox.test').billingDetails.address, 'demo cards carry the billing address');
    assert.equal(get('pro@sandbox.test').paymentMethod!.id, pro.id);
  });

  it('has a payment for every paid invoice and the failed attempts of the failing ones', async () => {
    for (const email of summaries.keys()) {
      const s = await signIn(sb.url, email);
      const payments = (await getJson<PaymentList>(sb.url, s.token, `${ApiPaths.payments}?limit=100`)).data;
      const list = invoices.get(email)!;
      const charged = list.filter((i) => i.status === 'paid' && i.total.amount > 0);
      const succeeded = payments.filter((p) => p.status === 'succeeded');
      assert.deepEqual(succeeded.map((p) => p.invoiceId).sort(), charged.map((i) => i.id).sort(), `${email}: one payment per paid invoice`);
      for (const p of succeeded) assert.equal(p.amount.amount, list.find((i) => i.id === p.invoiceId)!.total.amount);
      const failed = payments.filter((p) => p.status === 'failed');
      const expected = { 'pastdue@sandbox.test': 1, 'ended@sandbox.test': 5, 'unpaid@sandbox.test': 5 }[email] ?? 0;
      assert.equal(failed.length, expected, `${email}: failed attempts`);
      assert.ok(failed.every((p) => p.declineCode === 'insufficient_funds'));
    }
  });

  it('gives the demo accounts their tax situations', () => {
    const taxOf = (email: string) => invoices.get(email)![0]!.taxLines.map((l) => [l.kind, l.label, l.amount.amount]);
    assert.deepEqual(taxOf('pro@sandbox.test'), [['reverse_charge', 'VAT reverse charge', 0]], 'an EU business with a valid VAT ID');
    assert.deepEqual(taxOf('canceling@sandbox.test'), [['vat', 'VAT 20%', 400]], 'an EU consumer');
    assert.deepEqual(taxOf('trialing@sandbox.test'), [], 'a US consumer');
    assert.deepEqual(taxOf('pastdue@sandbox.test'), [['reverse_charge', 'GST reverse charge', 0]]);
    assert.deepEqual(taxOf('ended@sandbox.test'), [['hst', 'HST 13%', 260]]);
    assert.deepEqual(taxOf('unpaid@sandbox.test'), [['reverse_charge', 'IGST reverse charge', 0]]);
    assert.equal(get('canceling@sandbox.test').billingDetails.address!.country, 'FR');
  });

  it('gives the demo accounts plausible usage: pro@ some hundreds of credits this period and 12 past periods', async () => {
    const usageOf = async (email: string) => getJson<Usage>(sb.url, (await signIn(sb.url, email)).token, ApiPaths.usage);
    for (const a of await listAccounts(sb.url)) assertShape(Usage, await usageOf(a.email), `usage of ${a.email}`);
    const pro = await usageOf('pro@sandbox.test');
    assert.equal(pro.planId, 'pro');
    assert.equal(pro.used, '412.75');
    assert.equal(pro.plan.used, '412.75');
    assert.equal(pro.periodStart, get('pro@sandbox.test').subscription!.currentPeriodStart);
    assert.equal(pro.daily.reduce((sum, d) => sum + parseCredits(d.credits)!, 0), 41_275, 'the daily figures add up to the period');
    assert.equal(pro.history.length, 12);
    assert.equal(pro.history[0]!.periodEnd, pro.periodStart, 'newest first, the last one ending where this period starts');
    for (const [i, h] of pro.history.entries()) {
      assert.ok(parseCredits(h.used)! > 0 && parseCredits(h.used)! <= parseCredits(h.included)!, `period ${i} within the plan`);
      assert.equal(h.overageCredits, '0.00', 'no overage the seeded invoices would have to bill');
      if (i > 0) assert.equal(h.periodEnd, pro.history[i - 1]!.periodStart);
    }
    const power = await usageOf('power@sandbox.test');
    assert.equal(power.plan.included, '10000.00');
    assert.equal(power.used, '2400.00');
  });

  it('gives free@ a welcome bonus that lapses in the middle of its period', async () => {
    const free = await getJson<Usage>(sb.url, (await signIn(sb.url, 'free@sandbox.test')).token, ApiPaths.usage);
    assert.equal(free.bonus.length, 1);
    const [bonus] = free.bonus;
    assert.equal(bonus!.description, 'Welcome bonus');
    assert.equal(bonus!.granted, '25.00');
    assert.ok(Date.parse(bonus!.expiresAt) > Date.parse(free.asOf) && Date.parse(bonus!.expiresAt) < Date.parse(free.periodEnd), 'expires before the period ends');
    assert.equal(free.used, '12.50');
    assert.equal(free.remaining, '62.50');
  });

  it('has the notices the states imply in the outbox', async () => {
    const kinds = async (email: string) => (await readOutbox(sb.url, email)).map((m) => m.kind);
    assert.ok((await kinds('trialing@sandbox.test')).includes('trial_ending'));
    assert.ok((await kinds('pro@sandbox.test')).includes('card_expiring'));
    assert.deepEqual(await kinds('pastdue@sandbox.test'), ['payment_failed']);
    assert.deepEqual(await kinds('ended@sandbox.test'), ['payment_failed', 'subscription_canceled']);
    assert.deepEqual(await kinds('free@sandbox.test'), []);
  });

  it("pro@'s renewal fails as expired_card unless the card is updated", async () => {
    const p = get('pro@sandbox.test');
    const clock = Date.parse((await readClock(sb.url)).now);
    await advanceClock(sb.url, { hours: (Date.parse(p.subscription!.currentPeriodEnd) - clock) / 3_600_000 + 1 });
    const s = await signIn(sb.url, 'pro@sandbox.test');
    const after = await getJson<AccountSummary>(sb.url, s.token, ApiPaths.account);
    assert.equal(after.subscription!.status, 'past_due');
    assert.equal(after.latestPaymentFailure!.declineCode, 'expired_card');
    assert.equal(after.latestPaymentFailure!.nextRetryAt, null, 'a hard decline');
  });

  it('serves a home page with the accounts and a sign-in demo', async () => {
    const html = await (await fetch(`${sb.url}/`, { headers: { accept: 'text/html' } })).text();
    for (const email of summaries.keys()) assert.ok(html.includes(email), email);
    assert.match(html, /href="http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?response_type=code&amp;client_id=vscode-plan-billing/);
  });
});
