/**
 * The subscription lifecycle driven by the billing clock (docs/lifecycle.md),
 * observed only through the HTTP API: account summary, invoices, entitlement
 * token and the notification outbox.
 */
import { strict as assert } from 'node:assert';
import { decodeJwt } from 'jose';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import { PLAN_FEATURES } from '../../shared/planTiers';
import { type EntitlementClaims, type EntitlementsResponse } from '../../shared/contract/entitlements';
import { type Invoice, type InvoiceList } from '../../shared/contract/invoices';
import { ApiPaths } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, readClock, readOutbox, setAccountState, setCardOutcome } from '../support/sandboxAdmin';
import { payOutstandingBalance, updateCard } from '../support/portalDriver';
import { account, getJson, portalSession, signIn, startInProcess, uniqueEmail, type Session } from './harness';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('sandbox lifecycle by billing clock', function () {
  // Many requests per case against a live service: mocha's 2 s default is too tight on a loaded machine.
  this.timeout(20_000);
  let sb: RunningSandbox;

  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  async function accountIn(state: Parameters<typeof setAccountState>[2]): Promise<Session> {
    const session = await signIn(sb.url, uniqueEmail(state));
    await setAccountState(sb.url, session.userId, state);
    return session;
  }

  async function advancePast(iso: string, extraHours = 1): Promise<void> {
    const now = Date.parse((await readClock(sb.url)).now);
    await advanceClock(sb.url, { hours: (Date.parse(iso) - now) / HOUR + extraHours });
  }

  async function invoices(s: Session): Promise<Invoice[]> {
    return (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=100`)).data;
  }

  async function claims(s: Session): Promise<EntitlementClaims> {
    const { token } = await getJson<EntitlementsResponse>(sb.url, s.token, ApiPaths.entitlements);
    return decodeJwt(token) as unknown as EntitlementClaims;
  }

  async function kinds(s: Session): Promise<string[]> {
    return (await readOutbox(sb.url, s.email)).map((m) => m.kind);
  }

  it('renews an active subscription: new period, a paid invoice with the period dates, a receipt', async () => {
    const s = await accountIn('active');
    const before = await account(sb.url, s.token);
    const oldEnd = before.subscription!.currentPeriodEnd;
    await advancePast(oldEnd);
    const after = await account(sb.url, s.token);
    assert.equal(after.subscription!.status, 'active');
    assert.equal(after.subscription!.currentPeriodStart, oldEnd);
    assert.equal(after.upcomingInvoice!.date, after.subscription!.currentPeriodEnd);
    const [latest] = await invoices(s);
    assert.equal(latest!.status, 'paid');
    assert.equal(latest!.periodStart, oldEnd);
    assert.equal(latest!.total.amount, 2000);
    assert.equal(latest!.created, oldEnd, 'the invoice is dated at the renewal, not when the clock was advanced');
    assert.deepEqual((await kinds(s)).slice(-2), ['invoice_issued', 'payment_succeeded']);
    assert.deepEqual((await claims(s)).features, PLAN_FEATURES.pro);
  });

  it('runs every renewal that falls inside one advance, in order', async () => {
    const s = await accountIn('active');
    const before = await invoices(s);
    await advanceClock(sb.url, { days: 62 });
    const after = await invoices(s);
    const added = after.slice(0, after.length - before.length).reverse();
    assert.equal(added.length, 2);
    assert.equal(added[1]!.periodStart, added[0]!.periodEnd);
    assert.ok(added.every((inv) => inv.status === 'paid'));
  });

  it('a failed renewal makes the subscription past due, gates paid features and schedules a retry', async () => {
    const s = await accountIn('active');
    await setCardOutcome(sb.url, s.userId, 'insufficient_funds');
    const end = (await account(sb.url, s.token)).subscription!.currentPeriodEnd;
    await advancePast(end);
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'past_due');
    assert.equal(summary.plan.id, 'pro');
    assert.equal(summary.outstandingBalance.amount, 2000);
    const failure = summary.latestPaymentFailure!;
    assert.equal(failure.declineCode, 'insufficient_funds');
    assert.equal(failure.attemptCount, 1);
    assert.equal(failure.nextRetryAt, new Date(Date.parse(end) + DAY).toISOString());
    assert.match(failure.message, /insufficient funds/);
    const token = await claims(s);
    assert.equal(token.status, 'past_due');
    assert.deepEqual(token.features, [FeatureKeys.basicCompletions]);
    assert.equal(token.graceUntil, token.exp, 'no offline grace without paid access');
    assert.ok((await kinds(s)).includes('payment_failed'));
  });

  it('recovers by an automatic retry once the card works again, restoring access at once', async () => {
    const s = await accountIn('past_due');
    await setCardOutcome(sb.url, s.userId, 'succeed');
    const retryAt = (await account(sb.url, s.token)).latestPaymentFailure!.nextRetryAt!;
    await advancePast(retryAt, 0.5);
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'active');
    assert.equal(summary.outstandingBalance.amount, 0);
    assert.equal(summary.latestPaymentFailure, null);
    const paid = (await invoices(s))[0]!;
    assert.equal(paid.status, 'paid');
    assert.equal(paid.attemptCount, 2);
    assert.equal(paid.paidAt, retryAt);
    assert.deepEqual((await kinds(s)).slice(-2), ['payment_succeeded', 'access_restored']);
    assert.equal((await claims(s)).features.length, PLAN_FEATURES.pro.length);
  });

  it('a failing retry moves to the next scheduled retry (days 1, 3, 5, 7 after the first failure)', async () => {
    const s = await accountIn('past_due');
    const first = (await account(sb.url, s.token)).latestPaymentFailure!;
    const firstFailure = Date.parse(first.failedAt);
    await advancePast(first.nextRetryAt!, 0.5);
    const second = (await account(sb.url, s.token)).latestPaymentFailure!;
    assert.equal(second.attemptCount, 2);
    assert.equal(second.nextRetryAt, new Date(firstFailure + 3 * DAY).toISOString());
  });

  it('recovers by a new card in the portal: the open invoice is paid at once', async () => {
    const s = await accountIn('past_due');
    const result = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4242 4242 4242 4242' });
    assert.equal(result.outcome, 'card_saved');
    assert.equal(result.payment, 'paid');
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'active');
    assert.equal(summary.paymentMethod!.last4, '4242');
    assert.equal(summary.outstandingBalance.amount, 0);
    assert.ok((await kinds(s)).includes('access_restored'));
  });

  it('recovers by paying the balance: a decline keeps it past due, a working card pays it', async () => {
    const s = await accountIn('past_due');
    const declined = await payOutstandingBalance(await portalSession(sb.url, s.token, 'pay_outstanding_balance'));
    assert.equal(declined.outcome, 'payment_declined');
    assert.equal(declined.declineCode, 'insufficient_funds');
    assert.match(declined.message!, /insufficient funds/);
    assert.equal((await account(sb.url, s.token)).subscription!.status, 'past_due');

    await setCardOutcome(sb.url, s.userId, 'succeed');
    const paid = await payOutstandingBalance(await portalSession(sb.url, s.token, 'pay_outstanding_balance'));
    assert.equal(paid.outcome, 'paid');
    assert.equal(paid.returnUrl, 'vscode://planbilling.plan-billing/portal-return');
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'active');
    assert.equal(summary.outstandingBalance.amount, 0);
    assert.equal((await claims(s)).status, 'active');
  });

  it('cancels after the last retry fails (default), keeping the debt payable', async () => {
    const s = await accountIn('past_due');
    await advanceClock(sb.url, { days: 8 });
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'canceled');
    assert.equal(summary.plan.id, 'free');
    assert.equal(summary.outstandingBalance.amount, 2000);
    assert.equal(summary.upcomingInvoice, null);
    const failed = (await invoices(s))[0]!;
    assert.equal(failed.status, 'uncollectible');
    assert.equal(failed.attemptCount, 5, 'the first attempt and four retries');
    const k = await kinds(s);
    assert.equal(k.filter((x) => x === 'payment_failed').length, 5);
    assert.equal(k.at(-1), 'subscription_canceled');
    const token = await claims(s);
    assert.equal(token.plan, 'free');
    assert.equal(token.status, 'canceled');
  });

  it('reactivates a canceled subscription when the outstanding balance is paid', async () => {
    const s = await accountIn('canceled');
    await setCardOutcome(sb.url, s.userId, 'succeed');
    const now = (await readClock(sb.url)).now;
    const paid = await payOutstandingBalance(await portalSession(sb.url, s.token, 'pay_outstanding_balance'));
    assert.equal(paid.outcome, 'paid');
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'active');
    assert.equal(summary.plan.id, 'pro');
    assert.equal(summary.outstandingBalance.amount, 0);
    assert.ok(Date.parse(summary.subscription!.currentPeriodStart) >= Date.parse(now), 'a fresh period starts at the payment');
    assert.equal(summary.subscription!.canceledAt, null);
    assert.ok((await kinds(s)).includes('access_restored'));
  });

  it('reactivates an unpaid subscription with a new card and "Pay now"', async () => {
    const s = await accountIn('unpaid');
    const url = await portalSession(sb.url, s.token, 'payment_method_update');
    const saved = await updateCard(url, { number: '4242424242424242' });
    assert.equal(saved.outcome, 'card_saved');
    assert.equal(saved.payment, 'none', 'an unpaid subscription is not charged just by saving a card');
    assert.equal((await account(sb.url, s.token)).subscription!.status, 'unpaid');
    const paid = await payOutstandingBalance(await portalSession(sb.url, s.token, 'pay_outstanding_balance'));
    assert.equal(paid.outcome, 'paid');
    assert.equal((await account(sb.url, s.token)).subscription!.status, 'active');
  });

  it('converts a trial with a card on file into a paid subscription, after a trial-ending notice', async () => {
    const s = await signIn(sb.url, uniqueEmail('trial-card'));
    await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4242424242424242' });
    await setAccountState(sb.url, s.userId, 'trialing');
    const trial = await account(sb.url, s.token);
    assert.equal(trial.subscription!.status, 'trialing');
    assert.equal((await claims(s)).status, 'trialing');
    const trialEnd = trial.subscription!.trialEnd!;
    assert.ok((await kinds(s)).includes('trial_ending'));
    await advancePast(trialEnd);
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'active');
    assert.equal(summary.subscription!.currentPeriodStart, trialEnd);
    const [first] = await invoices(s);
    assert.equal(first!.status, 'paid');
    assert.equal(first!.total.amount, 2000);
  });

  it('ends a trial without a card on the Free plan', async () => {
    const s = await accountIn('trialing');
    const summary = await account(sb.url, s.token);
    assert.equal(summary.paymentMethod, null);
    const notice = (await readOutbox(sb.url, s.email)).find((m) => m.kind === 'trial_ending')!;
    assert.match(notice.body, /Add a card/);
    await advancePast(summary.subscription!.trialEnd!);
    const after = await account(sb.url, s.token);
    assert.equal(after.subscription!.status, 'canceled');
    assert.equal(after.plan.id, 'free');
    assert.equal(after.outstandingBalance.amount, 0);
    assert.equal((await invoices(s)).filter((i) => i.total.amount > 0).length, 0, 'nothing was charged');
    // The account summary carries the meters, so reading it opened Free's usage period: its reset notice follows.
    assert.deepEqual((await kinds(s)).slice(-2), ['subscription_canceled', 'credits_reset']);
  });

  it('cancels at period end: no renewal, Free afterwards', async () => {
    const s = await accountIn('active_canceling');
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.cancelAtPeriodEnd, true);
    assert.equal(summary.upcomingInvoice, null);
    assert.equal((await claims(s)).status, 'active', 'access continues until the period ends');
    const count = (await invoices(s)).length;
    await advancePast(summary.subscription!.currentPeriodEnd);
    const after = await account(sb.url, s.token);
    assert.equal(after.subscription!.status, 'canceled');
    assert.equal(after.plan.id, 'free');
    assert.equal((await invoices(s)).length, count);
    assert.equal((await claims(s)).features.length, 1);
  });

  it('does not retry a hard decline until the card changes, then retries at once', async () => {
    const s = await accountIn('active');
    const lost = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4000 0000 0000 9987' });
    assert.equal(lost.outcome, 'card_saved', 'the lost-card test number attaches and fails only when charged');
    await advancePast((await account(sb.url, s.token)).subscription!.currentPeriodEnd);
    const failed = await account(sb.url, s.token);
    assert.equal(failed.subscription!.status, 'past_due');
    assert.equal(failed.latestPaymentFailure!.declineCode, 'lost_card');
    assert.equal(failed.latestPaymentFailure!.nextRetryAt, null);
    await advanceClock(sb.url, { days: 5 });
    assert.equal((await account(sb.url, s.token)).latestPaymentFailure!.attemptCount, 1, 'no automatic retries');
    const saved = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4242424242424242' });
    assert.equal(saved.payment, 'paid');
    assert.equal((await account(sb.url, s.token)).subscription!.status, 'active');
  });

  it('a hard decline that is never fixed ends the subscription when the retry window closes', async () => {
    const s = await accountIn('active');
    await setCardOutcome(sb.url, s.userId, 'stolen_card');
    await advancePast((await account(sb.url, s.token)).subscription!.currentPeriodEnd);
    await advanceClock(sb.url, { days: 7 });
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'canceled');
    assert.equal((await invoices(s))[0]!.attemptCount, 1);
  });
});

describe('sandbox lifecycle with SANDBOX_AFTER_RETRIES=unpaid and custom retry days', function () {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess({ afterRetries: 'unpaid', retryDays: [2] });
  });
  after(() => sb.close());

  it('marks the subscription unpaid after its only retry fails', async () => {
    const s = await signIn(sb.url, uniqueEmail('unpaid'));
    await setAccountState(sb.url, s.userId, 'past_due');
    const first = (await account(sb.url, s.token)).latestPaymentFailure!;
    assert.equal(first.nextRetryAt, new Date(Date.parse(first.failedAt) + 2 * DAY).toISOString());
    await advanceClock(sb.url, { days: 3 });
    const summary = await account(sb.url, s.token);
    assert.equal(summary.subscription!.status, 'unpaid');
    assert.equal(summary.plan.id, 'free');
    assert.equal(summary.outstandingBalance.amount, 2000);
    assert.equal(summary.latestPaymentFailure!.attemptCount, 2);
    assert.equal(summary.latestPaymentFailure!.nextRetryAt, null);
  });
});
