/**
 * Usage across plan tiers and plan changes (docs/lifecycle.md, "Usage"):
 * included credits come from the catalogue, an upgrade adds the difference at
 * once, a downgrade changes them at the period end, and overage of a period
 * that ends without a renewal is still billed.
 */
import { strict as assert } from 'node:assert';
import { type BillingInterval } from '../../shared/contract/account';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import { type InvoiceDetails, type InvoiceList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { type PlanCatalogue, type SubscriptionChangePreview } from '../../shared/contract/plans';
import { type Usage } from '../../shared/contract/usage';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, readClock, readOutbox, setAccountState } from '../support/sandboxAdmin';
import { api, getJson, signIn, startInProcess, uniqueEmail, type Session } from './harness';

const HOUR = 3_600_000;

describe('sandbox usage across plans', function () {
  this.timeout(20_000);
  let sb: RunningSandbox;
  let seq = 0;

  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  async function accountOn(plan: 'pro' | 'pro_plus' | 'power', interval: BillingInterval = 'month', state: 'active' | 'active_canceling' = 'active'): Promise<Session> {
    const s = await signIn(sb.url, uniqueEmail(`usage-${plan}-${interval}`));
    await setAccountState(sb.url, s.userId, state, { plan, interval });
    return s;
  }

  const usage = (s: Session) => getJson<Usage>(sb.url, s.token, ApiPaths.usage);

  async function spend(s: Session, credits: string): Promise<void> {
    seq += 1;
    const occurredAt = (await readClock(sb.url)).now;
    const res = await api(sb.url, s.token, ApiPaths.usageEvents, { method: 'POST', json: { eventId: `plans-${seq}`, feature: FeatureKeys.agent, credits, occurredAt } });
    assert.equal(res.status, 200, await res.text());
  }

  async function changePlan(s: Session, planId: string, interval: BillingInterval): Promise<void> {
    const previewRes = await api(sb.url, s.token, ApiPaths.subscriptionPreview, { method: 'POST', json: { planId, interval } });
    const preview = (await previewRes.json()) as SubscriptionChangePreview;
    assert.equal(previewRes.status, 200, JSON.stringify(preview));
    const res = await api(sb.url, s.token, ApiPaths.subscriptionChange, { method: 'POST', json: { planId, interval, previewId: preview.id } });
    assert.equal(res.status, 200, await res.text());
  }

  async function advancePast(isoTime: string): Promise<void> {
    const now = Date.parse((await readClock(sb.url)).now);
    await advanceClock(sb.url, { hours: (Date.parse(isoTime) - now) / HOUR + 1 });
  }

  async function latestInvoice(s: Session): Promise<InvoiceDetails> {
    const [latest] = (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=1`)).data;
    return getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: latest!.id }));
  }

  it('includes the credits of the catalogue for each tier and interval', async () => {
    const catalogue = await getJson<PlanCatalogue>(sb.url, (await signIn(sb.url, uniqueEmail('catalogue'))).token, ApiPaths.plans);
    for (const [plan, interval] of [
      ['pro', 'month'],
      ['pro_plus', 'month'],
      ['power', 'month'],
      ['pro', 'year'],
    ] as const) {
      const u = await usage(await accountOn(plan, interval));
      assert.equal(u.planId, plan);
      assert.equal(u.plan.included, catalogue.plans.find((p) => p.id === plan)!.includedCredits[interval], `${plan} ${interval}`);
    }
  });

  it('adds the difference of included credits at once on an upgrade, keeping what was used', async () => {
    const s = await accountOn('pro');
    await spend(s, '900');
    await changePlan(s, 'pro_plus', 'month');
    const u = await usage(s);
    assert.equal(u.planId, 'pro_plus');
    assert.deepEqual(u.plan, { included: '2000.00', used: '900.00', remaining: '1100.00' });
    assert.equal(u.used, '900.00');
  });

  it('keeps the included credits until the period end on a downgrade, then resets to the lower tier', async () => {
    const s = await accountOn('power');
    await spend(s, '3000');
    await changePlan(s, 'pro', 'month');
    const before = await usage(s);
    assert.equal(before.planId, 'power');
    assert.equal(before.plan.included, '10000.00');
    await advancePast(before.periodEnd);
    const after = await usage(s);
    assert.equal(after.planId, 'pro');
    assert.deepEqual(after.plan, { included: '1000.00', used: '0.00', remaining: '1000.00' });
    assert.equal(after.history[0]!.planId, 'power');
    assert.equal(after.history[0]!.used, '3000.00');
  });

  it('bills the overage of a period cut short by a change of interval at the next renewal', async () => {
    const s = await accountOn('pro');
    const on = await api(sb.url, s.token, ApiPaths.usageSettings, { method: 'PUT', json: { overageEnabled: true, spendCap: 1000 } });
    assert.equal(on.status, 200);
    await spend(s, '1025'); // 25 credits of overage: $1.00
    await changePlan(s, 'pro_plus', 'year');
    const yearly = await usage(s);
    assert.equal(yearly.plan.included, '24000.00');
    assert.equal(yearly.overage!.used, '0.00');
    assert.deepEqual(yearly.history[0]!.overageAmount, { amount: 100, currency: 'USD' });
    await advancePast(yearly.periodEnd);
    const renewal = await latestInvoice(s);
    const line = renewal.invoice.lines.find((l) => l.kind === 'overage');
    assert.ok(line, JSON.stringify(renewal.invoice.lines));
    assert.deepEqual(line.amount, { amount: 100, currency: 'USD' });
  });

  it('bills the overage of the last period of a canceled subscription on an invoice of its own', async () => {
    const s = await accountOn('pro', 'month', 'active_canceling');
    const on = await api(sb.url, s.token, ApiPaths.usageSettings, { method: 'PUT', json: { overageEnabled: true, spendCap: 1000 } });
    assert.equal(on.status, 200);
    await spend(s, '1050');
    const before = await usage(s);
    await advancePast(before.periodEnd);
    const after = await usage(s);
    assert.equal(after.planId, 'free');
    assert.equal(after.overage, null);
    assert.equal(after.plan.included, '50.00');
    const final = await latestInvoice(s);
    assert.deepEqual(
      final.invoice.lines.map((l) => [l.kind, l.amount.amount]),
      [['overage', 200]],
    );
    assert.equal(final.invoice.status, 'paid');
    const account = await getJson<{ subscription: { status: string } }>(sb.url, s.token, ApiPaths.account);
    assert.equal(account.subscription.status, 'canceled', 'paying the overage reactivates nothing');
    const kinds = (await readOutbox(sb.url, s.email)).map((m) => m.kind);
    assert.deepEqual(kinds.slice(-4), ['subscription_canceled', 'credits_reset', 'invoice_issued', 'payment_succeeded']);
  });
});
