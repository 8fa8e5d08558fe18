/**
 * Plan tiers and plan changes over HTTP (docs/lifecycle.md, "Plans" and "Plan
 * changes"): the catalogue, previews with proration written out here, changes
 * applied once, refusals that charge nothing, scheduled downgrades applied by
 * the billing clock, cancel and resume, upgrades waiting for payment.
 */
import { strict as assert } from 'node:assert';
import { decodeJwt } from 'jose';
import { AccountSummary, Subscription, type BillingInterval } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import type { Problem } from '../../shared/contract/common';
import type { EntitlementClaims, EntitlementsResponse } from '../../shared/contract/entitlements';
import { type InvoiceDetails, type InvoiceList, type PaymentList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PlanCatalogue, SubscriptionChangePreview, SubscriptionChangeResult, type SubscriptionChangePreview as Preview, type SubscriptionChangeResult as Result } from '../../shared/contract/plans';
import { PLAN_FEATURES } from '../../shared/planTiers';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, readClock, readOutbox, setAccountState, setCardOutcome } from '../support/sandboxAdmin';
import { addCard } from '../support/portalDriver';
import { pdfText } from './pdfText';
import { account, api, assertShape, getJson, portalSession, signIn, startInProcess, uniqueEmail, type Session } from './harness';

const HOUR = 3600_000;
const PRICES: Record<Exclude<PlanId, 'free'>, Record<BillingInterval, number>> = {
  pro: { month: 2000, year: 20000 },
  pro_plus: { month: 4000, year: 40000 },
  power: { month: 20000, year: 200000 },
};

/** round(price × remainingSeconds / periodSeconds), the proration of one line (halves away from zero). */
function prorate(price: number, remainingSeconds: number, periodSeconds: number): number {
  return Math.round((price * remainingSeconds) / periodSeconds);
}

const seconds = (ms: number) => Math.floor(ms / 1000);
/** Proration counts whole seconds: line periods are truncated to the second. */
const toSecond = (iso: string) => new Date(seconds(Date.parse(iso)) * 1000).toISOString();

describe('sandbox plan changes', function () {
  this.timeout(30_000);
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  async function accountOn(state: Parameters<typeof setAccountState>[2], plan: 'pro' | 'pro_plus' | 'power' = 'pro', interval: BillingInterval = 'month'): Promise<Session> {
    const s = await signIn(sb.url, uniqueEmail(`${state}-${plan}-${interval}`));
    await setAccountState(sb.url, s.userId, state, { plan, interval });
    return s;
  }

  /** A UK consumer: 20% VAT on every invoice. */
  async function inLondon(s: Session): Promise<void> {
    const res = await api(sb.url, s.token, ApiPaths.billingDetails, {
      method: 'PUT',
      json: { name: 'Ada Lovelace', address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }, taxIds: [] },
    });
    assert.equal(res.status, 200, await res.text());
  }

  async function post<T>(s: Session, path: string, json?: unknown): Promise<{ status: number; body: T }> {
    const res = await api(sb.url, s.token, path, json === undefined ? { method: 'POST' } : { method: 'POST', json });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function preview(s: Session, planId: string, interval: string): Promise<Preview> {
    const { status, body } = await post<Preview>(s, ApiPaths.subscriptionPreview, { planId, interval });
    assert.equal(status, 200, JSON.stringify(body));
    assertShape(SubscriptionChangePreview, body, 'preview');
    return body;
  }

  async function change(s: Session, p: Preview): Promise<Result> {
    const { status, body } = await post<Result>(s, ApiPaths.subscriptionChange, { planId: p.to.planId, interval: p.to.interval, previewId: p.id });
    assert.equal(status, 200, JSON.stringify(body));
    assertShape(SubscriptionChangeResult, body, 'change result');
    return body;
  }

  async function refused(s: Session, path: string, json: unknown, status: number, code?: string): Promise<Problem> {
    const res = await api(sb.url, s.token, path, json === undefined ? { method: path === ApiPaths.subscriptionScheduledChange ? 'DELETE' : 'POST' } : { method: 'POST', json });
    const problem = (await res.json()) as Problem;
    assert.equal(res.status, status, JSON.stringify(problem));
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    if (code !== undefined) assert.equal(problem.code, code);
    assert.ok(problem.detail && problem.detail.length > 10, 'a sentence for the user');
    return problem;
  }

  async function payments(s: Session) {
    return (await getJson<PaymentList>(sb.url, s.token, `${ApiPaths.payments}?limit=100`)).data;
  }

  async function invoices(s: Session) {
    return (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=100`)).data;
  }

  async function kinds(s: Session): Promise<string[]> {
    return (await readOutbox(sb.url, s.email)).map((m) => m.kind);
  }

  async function features(s: Session): Promise<readonly string[]> {
    const { token } = await getJson<EntitlementsResponse>(sb.url, s.token, ApiPaths.entitlements);
    return (decodeJwt(token) as unknown as EntitlementClaims).features;
  }

  async function advancePast(iso: string, extraHours = 1): Promise<void> {
    const now = Date.parse((await readClock(sb.url)).now);
    await advanceClock(sb.url, { hours: (Date.parse(iso) - now) / HOUR + extraHours });
  }

  /** The state a refusal must leave as it was. */
  async function snapshot(s: Session) {
    const summary = await account(sb.url, s.token);
    return { payments: await payments(s), invoices: (await invoices(s)).length, subscription: summary.subscription, balance: summary.outstandingBalance, pending: summary.pendingPlanChange };
  }

  describe('catalogue', () => {
    it('lists the four tiers in ascending price with credits, features and the current plan', async () => {
      const free = await signIn(sb.url, uniqueEmail('catalogue'));
      const catalogue = await getJson<PlanCatalogue>(sb.url, free.token, ApiPaths.plans);
      assertShape(PlanCatalogue, catalogue, 'catalogue');
      assert.deepEqual(
        catalogue.plans.map((p) => [p.id, p.name, p.prices.month.amount, p.prices.year.amount, p.includedCredits.month, p.includedCredits.year]),
        [
          ['free', 'Free', 0, 0, '50.00', '600.00'],
          ['pro', 'Pro', 2000, 20000, '1000.00', '12000.00'],
          ['pro_plus', 'Pro+', 4000, 40000, '2000.00', '24000.00'],
          ['power', 'Power', 20000, 200000, '10000.00', '120000.00'],
        ],
      );
      for (const plan of catalogue.plans) {
        assert.deepEqual(plan.features.map((f) => f.key), PLAN_FEATURES[plan.id]);
        assert.ok(plan.features.every((f) => /^[A-Z].+\.$/.test(f.description)), 'one sentence per feature');
        assert.ok(plan.tagline.length > 0);
      }
      assert.deepEqual(catalogue.current, { planId: 'free', interval: null });
      assert.deepEqual(catalogue.plans.filter((p) => p.current).map((p) => p.id), ['free']);

      const plus = await signIn(sb.url, 'proplus@sandbox.test');
      const theirs = await getJson<PlanCatalogue>(sb.url, plus.token, ApiPaths.plans);
      assert.deepEqual(theirs.current, { planId: 'pro_plus', interval: 'month' });
      assert.deepEqual(theirs.plans.filter((p) => p.current).map((p) => p.id), ['pro_plus']);
      assert.deepEqual(await features(plus), PLAN_FEATURES.pro_plus);
      const { token } = await getJson<EntitlementsResponse>(sb.url, plus.token, ApiPaths.entitlements);
      assert.equal((decodeJwt(token) as unknown as EntitlementClaims).plan, 'pro_plus');
      assert.deepEqual(await features(await signIn(sb.url, 'power@sandbox.test')), PLAN_FEATURES.power);
    });

    it('grants the tier its features only while paid: past due gets Free', async () => {
      const s = await accountOn('past_due', 'power');
      assert.equal((await account(sb.url, s.token)).plan.id, 'power');
      assert.deepEqual(await features(s), PLAN_FEATURES.free);
    });
  });

  describe('preview', () => {
    it('prorates an upgrade in the same interval to the second, with tax on top, at several points of a monthly period', async () => {
      const s = await accountOn('active', 'pro', 'month');
      await inLondon(s);
      for (const days of [0, 6, 13]) {
        if (days > 0) await advanceClock(sb.url, { days: days - (days === 13 ? 6 : 0) });
        const sub = (await account(sb.url, s.token)).subscription!;
        const p = await preview(s, 'pro_plus', 'month');
        const start = Date.parse(sub.currentPeriodStart);
        const end = Date.parse(sub.currentPeriodEnd);
        const at = Date.parse(p.lines[0]!.periodStart!);
        const remaining = seconds(end) - seconds(at);
        const period = seconds(end) - seconds(start);
        assert.equal(p.direction, 'upgrade');
        assert.equal(p.effectiveAt, p.lines[0]!.periodStart);
        assert.deepEqual(
          p.lines.map((l) => [l.kind, l.amount.amount, l.periodEnd]),
          [
            ['proration', -prorate(2000, remaining, period), toSecond(sub.currentPeriodEnd)],
            ['proration', prorate(4000, remaining, period), toSecond(sub.currentPeriodEnd)],
          ],
        );
        const subtotal = prorate(4000, remaining, period) - prorate(2000, remaining, period);
        assert.equal(p.subtotal.amount, subtotal);
        assert.equal(p.tax.amount, Math.round(subtotal * 0.2), 'UK VAT 20%');
        assert.equal(p.amountDueNow.amount, subtotal + Math.round(subtotal * 0.2));
        assert.deepEqual(p.nextInvoice, { date: sub.currentPeriodEnd, amount: { amount: 4800, currency: 'USD' } });
        assert.equal(p.includedCredits, '2000.00');
        assert.equal(Date.parse(p.expiresAt) - Date.parse((await readClock(sb.url)).now) <= 30 * 60_000, true);
      }
    });

    it('prorates a yearly upgrade at two points of the year', async () => {
      const s = await accountOn('active', 'pro', 'year');
      for (const days of [0, 100]) {
        if (days > 0) await advanceClock(sb.url, { days });
        const sub = (await account(sb.url, s.token)).subscription!;
        const p = await preview(s, 'power', 'year');
        const at = Date.parse(p.lines[0]!.periodStart!);
        const remaining = seconds(Date.parse(sub.currentPeriodEnd)) - seconds(at);
        const period = seconds(Date.parse(sub.currentPeriodEnd)) - seconds(Date.parse(sub.currentPeriodStart));
        assert.deepEqual(
          p.lines.map((l) => l.amount.amount),
          [-prorate(20000, remaining, period), prorate(200000, remaining, period)],
        );
        assert.equal(p.tax.amount, 0, 'no billing address: no tax');
        assert.equal(p.amountDueNow.amount, prorate(200000, remaining, period) - prorate(20000, remaining, period));
        assert.deepEqual(p.nextInvoice, { date: sub.currentPeriodEnd, amount: { amount: 200000, currency: 'USD' } });
      }
    });

    it('month → year: credit for the unused month plus the full annual price, the anchor reset to now', async () => {
      const s = await accountOn('active', 'pro', 'month');
      await advanceClock(sb.url, { days: 4 });
      const sub = (await account(sb.url, s.token)).subscription!;
      const p = await preview(s, 'pro_plus', 'year');
      const at = Date.parse(p.lines[0]!.periodStart!);
      const remaining = seconds(Date.parse(sub.currentPeriodEnd)) - seconds(at);
      const period = seconds(Date.parse(sub.currentPeriodEnd)) - seconds(Date.parse(sub.currentPeriodStart));
      const yearLater = new Date(at);
      yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
      assert.equal(p.direction, 'upgrade');
      assert.deepEqual(
        p.lines.map((l) => [l.amount.amount, l.periodEnd]),
        [
          [-prorate(2000, remaining, period), toSecond(sub.currentPeriodEnd)],
          [40000, yearLater.toISOString()],
        ],
      );
      assert.equal(p.amountDueNow.amount, 40000 - prorate(2000, remaining, period));
      assert.deepEqual(p.nextInvoice, { date: yearLater.toISOString(), amount: { amount: 40000, currency: 'USD' } });
    });

    it('downgrades (lower price, or year → month) charge nothing and take effect at the period end', async () => {
      for (const [from, interval, to, toInterval] of [
        ['pro_plus', 'month', 'pro', 'month'],
        ['power', 'year', 'power', 'month'],
        ['pro', 'year', 'pro_plus', 'month'],
      ] as const) {
        const s = await accountOn('active', from, interval);
        await inLondon(s);
        const sub = (await account(sb.url, s.token)).subscription!;
        const p = await preview(s, to, toInterval);
        assert.equal(p.direction, 'downgrade', `${from}/${interval} → ${to}/${toInterval}`);
        assert.deepEqual([p.lines, p.subtotal.amount, p.tax.amount, p.amountDueNow.amount], [[], 0, 0, 0]);
        assert.equal(p.effectiveAt, sub.currentPeriodEnd);
        const price = PRICES[to][toInterval];
        assert.deepEqual(p.nextInvoice, { date: sub.currentPeriodEnd, amount: { amount: price + Math.round(price * 0.2), currency: 'USD' } });
        assert.deepEqual(p.from, { planId: from, planName: sub.planName, interval, price: sub.price });
      }
    });

    it('from Free: one line for the first full period, due now', async () => {
      const s = await signIn(sb.url, uniqueEmail('from-free'));
      await inLondon(s);
      const p = await preview(s, 'pro', 'month');
      assert.deepEqual(p.from, { planId: 'free', planName: 'Free', interval: 'month', price: { amount: 0, currency: 'USD' } });
      assert.equal(p.direction, 'upgrade');
      assert.deepEqual(p.lines.map((l) => [l.kind, l.amount.amount]), [['subscription', 2000]]);
      assert.equal(p.amountDueNow.amount, 2400);
      assert.equal(p.effectiveAt, p.lines[0]!.periodStart);
    });

    it('during a trial: nothing charged, the trial stays, the first invoice at the new price', async () => {
      const s = await accountOn('trialing');
      const sub = (await account(sb.url, s.token)).subscription!;
      const p = await preview(s, 'pro_plus', 'month');
      assert.deepEqual([p.lines, p.amountDueNow.amount], [[], 0]);
      assert.deepEqual(p.nextInvoice, { date: sub.trialEnd, amount: { amount: 4000, currency: 'USD' } });
      const result = await change(s, p);
      assert.equal(result.outcome, 'applied');
      assert.equal(result.invoiceId, null);
      assert.equal(result.subscription!.planId, 'pro_plus');
      assert.equal(result.subscription!.status, 'trialing');
      assert.equal(result.subscription!.trialEnd, sub.trialEnd);
      assert.equal((await account(sb.url, s.token)).upcomingInvoice!.subtotal.amount, 4000);
      assert.deepEqual(await features(s), PLAN_FEATURES.pro_plus);
    });
  });

  describe('refusals charge nothing and store nothing', () => {
    it('answers every bad request with a problem and leaves payments, invoices and the summary as they were', async () => {
      const s = await accountOn('active', 'pro', 'month');
      const before = await snapshot(s);
      await refused(s, ApiPaths.subscriptionPreview, { planId: 'gold', interval: 'month' }, 400);
      await refused(s, ApiPaths.subscriptionPreview, { planId: 'pro_plus', interval: 'week' }, 400);
      await refused(s, ApiPaths.subscriptionPreview, { planId: 'pro_plus' }, 400);
      await refused(s, ApiPaths.subscriptionPreview, { planId: 'pro_plus', interval: 'month', extra: 1 }, 400);
      await refused(s, ApiPaths.subscriptionPreview, { planId: 'free', interval: 'month' }, 409, 'use_cancel');
      await refused(s, ApiPaths.subscriptionPreview, { planId: 'pro', interval: 'month' }, 409, 'same_plan');
      await refused(s, ApiPaths.subscriptionChange, { planId: 'pro_plus', interval: 'month', previewId: 'prev_unknown' }, 404, 'preview_not_found');
      await refused(s, ApiPaths.subscriptionChange, { planId: 'pro_plus', interval: 'month' }, 400);
      await refused(s, ApiPaths.subscriptionResume, undefined, 409, 'not_canceling');
      await refused(s, ApiPaths.subscriptionScheduledChange, undefined, 409, 'no_scheduled_change');
      const bad = await api(sb.url, s.token, ApiPaths.subscriptionPreview, { method: 'POST', json: { planId: 'gold', interval: 'month' } });
      const problem = (await bad.json()) as Problem;
      assert.ok(problem.errors?.some((e) => e.field?.includes('planId')), JSON.stringify(problem));
      assert.deepEqual(await snapshot(s), before);

      const canceling = await accountOn('active_canceling');
      await refused(canceling, ApiPaths.subscriptionPreview, { planId: 'power', interval: 'month' }, 409, 'cancellation_scheduled');
      await refused(canceling, ApiPaths.subscriptionCancel, {}, 409, 'nothing_to_cancel');
      for (const state of ['past_due', 'unpaid'] as const) {
        const owing = await accountOn(state);
        const was = await snapshot(owing);
        await refused(owing, ApiPaths.subscriptionPreview, { planId: 'power', interval: 'month' }, 409, 'payment_overdue');
        assert.deepEqual(await snapshot(owing), was);
      }
      const free = await signIn(sb.url, uniqueEmail('free-cancel'));
      await refused(free, ApiPaths.subscriptionCancel, {}, 409, 'nothing_to_cancel');
    });

    it("refuses a foreign, mismatched, expired or stale preview, charging nothing", async () => {
      const s = await accountOn('active', 'pro', 'month');
      const other = await accountOn('active', 'pro', 'month');
      const theirs = await preview(other, 'pro_plus', 'month');
      const before = await snapshot(s);
      await refused(s, ApiPaths.subscriptionChange, { planId: 'pro_plus', interval: 'month', previewId: theirs.id }, 404, 'preview_not_found');
      const mine = await preview(s, 'pro_plus', 'month');
      await refused(s, ApiPaths.subscriptionChange, { planId: 'power', interval: 'month', previewId: mine.id }, 409, 'preview_mismatch');
      await refused(s, ApiPaths.subscriptionChange, { planId: 'pro_plus', interval: 'year', previewId: mine.id }, 409, 'preview_mismatch');
      await advanceClock(sb.url, { hours: 0.6 });
      await refused(s, ApiPaths.subscriptionChange, { planId: 'pro_plus', interval: 'month', previewId: mine.id }, 409, 'preview_expired');
      assert.deepEqual((await snapshot(s)).payments, before.payments);

      // Two previews; applying one makes the other stale.
      const a = await preview(s, 'pro_plus', 'month');
      const b = await preview(s, 'power', 'month');
      await change(s, b);
      const paid = await payments(s);
      await refused(s, ApiPaths.subscriptionChange, { planId: 'pro_plus', interval: 'month', previewId: a.id }, 409, 'preview_stale');
      // A downgrade scheduled in between makes an upgrade's preview stale too.
      const c = await accountOn('active', 'pro_plus', 'month');
      const up = await preview(c, 'power', 'month');
      await change(c, await preview(c, 'pro', 'month'));
      await refused(c, ApiPaths.subscriptionChange, { planId: 'power', interval: 'month', previewId: up.id }, 409, 'preview_stale');
      // So does a cancellation.
      const d = await accountOn('active', 'pro', 'month');
      const dp = await preview(d, 'power', 'month');
      assert.equal((await post(d, ApiPaths.subscriptionCancel, {})).status, 200);
      await refused(d, ApiPaths.subscriptionChange, { planId: 'power', interval: 'month', previewId: dp.id }, 409, 'preview_stale');
      assert.deepEqual(await payments(s), paid);
    });
  });

  describe('change', () => {
    it('applies an upgrade once: one invoice with the proration lines, one charge, the new features; a repeat answers the same', async () => {
      const s = await accountOn('active', 'pro', 'month');
      await inLondon(s);
      const before = await payments(s);
      const p = await preview(s, 'pro_plus', 'month');
      const first = await change(s, p);
      assert.equal(first.outcome, 'applied');
      assert.equal(first.pendingPlanChange, null);
      assert.equal(first.subscription!.planId, 'pro_plus');
      assert.equal(first.subscription!.price.amount, 4000);
      const again = await change(s, p);
      assert.deepEqual(again, first);
      const after = await payments(s);
      assert.equal(after.length, before.length + 1, 'charged once');
      assert.equal(after[0]!.amount.amount, p.amountDueNow.amount);
      assert.equal(after[0]!.status, 'succeeded');
      assert.equal(after[0]!.invoiceId, first.invoiceId);

      const details = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: first.invoiceId! }));
      assert.equal(details.invoice.status, 'paid');
      assert.deepEqual(details.invoice.lines, p.lines);
      assert.equal(details.invoice.tax.amount, p.tax.amount);
      assert.equal(details.invoice.total.amount, p.amountDueNow.amount);
      const pdf = await api(sb.url, s.token, pathTo(ApiPaths.invoicePdf, { id: first.invoiceId! }));
      const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).join('\n');
      assert.match(text, /Unused time on Pro after/);
      assert.match(text, /Remaining time on Pro\+ after/);

      const summary = await account(sb.url, s.token);
      assertShape(AccountSummary, summary, 'summary');
      assert.equal(summary.plan.id, 'pro_plus');
      assert.equal(summary.plan.name, 'Pro+');
      assert.deepEqual(await features(s), PLAN_FEATURES.pro_plus);
      assert.ok((await kinds(s)).includes('plan_changed'));
    });

    it('month → year: the new period runs a year from now', async () => {
      const s = await accountOn('active', 'pro', 'month');
      const p = await preview(s, 'pro', 'year');
      const result = await change(s, p);
      assert.equal(result.outcome, 'applied');
      assert.equal(result.subscription!.interval, 'year');
      assert.equal(result.subscription!.currentPeriodStart, p.lines[1]!.periodStart);
      assert.equal(result.subscription!.currentPeriodEnd, p.nextInvoice.date);
    });

    it('schedules a downgrade, applies it at the period end (renewal at the new price), and a newer one replaces it', async () => {
      const s = await accountOn('active', 'power', 'month');
      const first = await change(s, await preview(s, 'pro_plus', 'month'));
      assert.equal(first.outcome, 'scheduled');
      assert.equal(first.subscription!.scheduledChange!.to.planId, 'pro_plus');
      const second = await change(s, await preview(s, 'pro', 'month'));
      assertShape(Subscription, second.subscription, 'subscription');
      assert.deepEqual(second.subscription!.scheduledChange, { to: { planId: 'pro', planName: 'Pro', interval: 'month', price: { amount: 2000, currency: 'USD' } }, effectiveAt: second.subscription!.currentPeriodEnd });
      assert.equal(second.subscription!.planId, 'power', 'nothing changes before the period end');
      assert.equal((await account(sb.url, s.token)).upcomingInvoice!.subtotal.amount, 2000);
      assert.deepEqual(await features(s), PLAN_FEATURES.power);
      assert.equal((await kinds(s)).filter((k) => k === 'downgrade_scheduled').length, 2);

      await advancePast(second.subscription!.currentPeriodEnd);
      const summary = await account(sb.url, s.token);
      assert.equal(summary.plan.id, 'pro');
      assert.equal(summary.subscription!.scheduledChange, null);
      assert.equal(summary.subscription!.currentPeriodStart, second.subscription!.currentPeriodEnd);
      const [renewal] = await invoices(s);
      assert.equal(renewal!.subtotal.amount, 2000);
      assert.equal(renewal!.lines[0]!.description, 'Pro plan (monthly)');
      assert.ok((await kinds(s)).includes('plan_changed'));
      assert.deepEqual(await features(s), PLAN_FEATURES.pro);
    });

    it('year → month at the period end starts monthly periods there', async () => {
      const s = await accountOn('active', 'pro', 'year');
      const result = await change(s, await preview(s, 'pro', 'month'));
      assert.equal(result.outcome, 'scheduled');
      const end = result.subscription!.currentPeriodEnd;
      await advancePast(end);
      const sub = (await account(sb.url, s.token)).subscription!;
      const monthLater = new Date(end);
      monthLater.setUTCMonth(monthLater.getUTCMonth() + 1);
      assert.deepEqual([sub.interval, sub.price.amount, sub.currentPeriodStart, sub.currentPeriodEnd], ['month', 2000, end, monthLater.toISOString()]);
    });

    it('keeps the plan with DELETE scheduled-change, and an upgrade drops a scheduled downgrade', async () => {
      const s = await accountOn('active', 'pro_plus', 'month');
      await change(s, await preview(s, 'pro', 'month'));
      const res = await api(sb.url, s.token, ApiPaths.subscriptionScheduledChange, { method: 'DELETE' });
      assert.equal(res.status, 200);
      const kept = (await res.json()) as Subscription;
      assertShape(Subscription, kept, 'subscription');
      assert.equal(kept.scheduledChange, null);
      await refused(s, ApiPaths.subscriptionScheduledChange, undefined, 409, 'no_scheduled_change');

      await change(s, await preview(s, 'pro', 'month'));
      const up = await change(s, await preview(s, 'power', 'month'));
      assert.equal(up.outcome, 'applied');
      assert.equal(up.subscription!.scheduledChange, null);
      assert.equal(up.subscription!.planId, 'power');
    });

    it('cancels with a reason (dropping a scheduled downgrade) and resumes with an empty POST', async () => {
      const s = await accountOn('active', 'pro_plus', 'month');
      await change(s, await preview(s, 'pro', 'month'));
      const canceled = await post<Subscription>(s, ApiPaths.subscriptionCancel, { reason: { code: 'too_expensive', comment: 'Only on weekends.' } });
      assert.equal(canceled.status, 200);
      assertShape(Subscription, canceled.body, 'subscription');
      assert.equal(canceled.body.cancelAtPeriodEnd, true);
      assert.equal(canceled.body.scheduledChange, null);
      await refused(s, ApiPaths.subscriptionCancel, {}, 409, 'nothing_to_cancel');
      await refused(s, ApiPaths.subscriptionCancel, { reason: { code: 'bored' } }, 400);
      // The client sends no body and no Content-Type.
      const resumed = await api(sb.url, s.token, ApiPaths.subscriptionResume, { method: 'POST' });
      assert.equal(resumed.status, 200);
      assert.equal(((await resumed.json()) as Subscription).cancelAtPeriodEnd, false);
      await refused(s, ApiPaths.subscriptionResume, undefined, 409, 'not_canceling');
      const bare = await api(sb.url, s.token, ApiPaths.subscriptionCancel, { method: 'POST' });
      assert.equal(bare.status, 200, 'cancel without a body');
      const outbox = await kinds(s);
      assert.deepEqual(
        outbox.filter((k) => ['downgrade_scheduled', 'cancellation_scheduled', 'subscription_resumed'].includes(k)),
        ['downgrade_scheduled', 'cancellation_scheduled', 'subscription_resumed', 'cancellation_scheduled'],
      );
    });
  });

  describe('an upgrade waiting for payment', () => {
    it('a declined card leaves the plan as it is: not past due, not owed, not retried, and it lapses after 23 hours', async () => {
      const s = await accountOn('active', 'pro', 'month');
      await setCardOutcome(sb.url, s.userId, 'insufficient_funds');
      const p = await preview(s, 'pro_plus', 'month');
      const result = await change(s, p);
      const now = Date.parse((await readClock(sb.url)).now);
      assert.equal(result.outcome, 'requires_payment');
      assert.equal(result.subscription!.planId, 'pro');
      const pending = result.pendingPlanChange!;
      assert.equal(pending.reason, 'card_declined');
      assert.equal(pending.declineCode, 'insufficient_funds');
      assert.equal(pending.amountDue.amount, p.amountDueNow.amount);
      assert.equal(pending.invoiceId, result.invoiceId);
      assert.ok(Math.abs(Date.parse(pending.expiresAt) - (now + 23 * HOUR)) < 60_000);
      assert.deepEqual(await change(s, p), result, 'a repeat answers the same and charges nothing more');

      const summary = await account(sb.url, s.token);
      assert.equal(summary.subscription!.status, 'active');
      assert.equal(summary.outstandingBalance.amount, 0);
      assert.equal(summary.latestPaymentFailure, null);
      assert.deepEqual(summary.pendingPlanChange, pending);
      assert.deepEqual(await features(s), PLAN_FEATURES.pro);
      const attempts = (await payments(s)).filter((x) => x.invoiceId === result.invoiceId);
      assert.equal(attempts.length, 1);

      await advanceClock(sb.url, { hours: 22 });
      assert.notEqual((await account(sb.url, s.token)).pendingPlanChange, null);
      await advanceClock(sb.url, { hours: 2 });
      const lapsed = await account(sb.url, s.token);
      assert.equal(lapsed.pendingPlanChange, null);
      assert.equal(lapsed.plan.id, 'pro');
      const invoice = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: result.invoiceId! }));
      assert.equal(invoice.invoice.status, 'void');
      assert.equal((await payments(s)).filter((x) => x.invoiceId === result.invoiceId).length, 1, 'never retried');
    });

    it('a new change replaces the waiting one (its invoice void)', async () => {
      const s = await accountOn('active', 'pro', 'month');
      await setCardOutcome(sb.url, s.userId, 'generic_decline');
      const first = await change(s, await preview(s, 'pro_plus', 'month'));
      const second = await change(s, await preview(s, 'power', 'month'));
      assert.equal(second.outcome, 'requires_payment');
      assert.equal(second.pendingPlanChange!.to.planId, 'power');
      const old = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: first.invoiceId! }));
      assert.equal(old.invoice.status, 'void');
      assert.equal((await account(sb.url, s.token)).pendingPlanChange!.invoiceId, second.invoiceId);
    });

    it('from Free with a card on file: charged the first period now and subscribed at once', async () => {
      const s = await signIn(sb.url, uniqueEmail('free-card'));
      const saved = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '4242424242424242' });
      assert.equal(saved.outcome, 'card_added');
      const p = await preview(s, 'power', 'year');
      const result = await change(s, p);
      assert.equal(result.outcome, 'applied');
      assert.deepEqual([result.subscription!.planId, result.subscription!.interval, result.subscription!.status], ['power', 'year', 'active']);
      assert.equal(result.subscription!.currentPeriodEnd, p.nextInvoice.date);
      assert.deepEqual((await payments(s)).map((x) => [x.status, x.amount.amount]), [['succeeded', 200000]]);
      assert.deepEqual(await features(s), PLAN_FEATURES.power);
    });

    it('from Free without a card: no_payment_method, nothing charged', async () => {
      const s = await signIn(sb.url, uniqueEmail('free-nocard'));
      const result = await change(s, await preview(s, 'pro', 'month'));
      assert.equal(result.outcome, 'requires_payment');
      assert.equal(result.pendingPlanChange!.reason, 'no_payment_method');
      assert.equal(result.pendingPlanChange!.amountDue.amount, 2000);
      assert.equal(result.subscription, null, 'no subscription until the payment goes through');
      const summary = await account(sb.url, s.token);
      assert.equal(summary.plan.id, 'free');
      assert.equal(summary.outstandingBalance.amount, 0);
      assert.deepEqual(await payments(s), []);
    });
  });
});
