/**
 * The portal flow plan_change_payment, driven over HTTP like a browser
 * (test/support/portalDriver.ts): an upgrade whose payment waits for the
 * cardholder is paid with another card after a decline, through the 3-D
 * Secure challenge, or with a first card from Free; then the plan changes.
 */
import { strict as assert } from 'node:assert';
import type { Problem } from '../../shared/contract/common';
import type { InvoiceDetails, PaymentList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import type { SubscriptionChangePreview, SubscriptionChangeResult } from '../../shared/contract/plans';
import type { RunningSandbox } from '../../sandbox/server';
import { openPortal, payPlanChange, resultOf, updateCard } from '../support/portalDriver';
import { advanceClock, readOutbox, setAccountState, setCardOutcome } from '../support/sandboxAdmin';
import { account, api, getJson, PORTAL_RETURN_URL, portalSession, signIn, startInProcess, uniqueEmail, type Session } from './harness';

describe('sandbox portal: paying a plan change', function () {
  this.timeout(30_000);
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  async function activePro(): Promise<Session> {
    const s = await signIn(sb.url, uniqueEmail('portal-change'));
    await setAccountState(sb.url, s.userId, 'active');
    return s;
  }

  async function requestChange(s: Session, planId: string, interval = 'month'): Promise<{ preview: SubscriptionChangePreview; result: SubscriptionChangeResult }> {
    const p = await api(sb.url, s.token, ApiPaths.subscriptionPreview, { method: 'POST', json: { planId, interval } });
    const preview = (await p.json()) as SubscriptionChangePreview;
    assert.equal(p.status, 200, JSON.stringify(preview));
    const c = await api(sb.url, s.token, ApiPaths.subscriptionChange, { method: 'POST', json: { planId, interval, previewId: preview.id } });
    const result = (await c.json()) as SubscriptionChangeResult;
    assert.equal(c.status, 200, JSON.stringify(result));
    return { preview, result };
  }

  async function assertApplied(s: Session, planId: string, invoiceId: string): Promise<void> {
    const summary = await account(sb.url, s.token);
    assert.equal(summary.plan.id, planId);
    assert.equal(summary.subscription!.status, 'active');
    assert.equal(summary.pendingPlanChange, null);
    assert.equal(summary.outstandingBalance.amount, 0);
    const details = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: invoiceId }));
    assert.equal(details.invoice.status, 'paid');
    assert.ok((await readOutbox(sb.url, s.email)).some((m) => m.kind === 'plan_changed'));
  }

  it('shows the waiting upgrade, a decline on the page, and another card pays it (becoming the default)', async () => {
    const s = await activePro();
    await setCardOutcome(sb.url, s.userId, 'insufficient_funds');
    const { preview, result } = await requestChange(s, 'pro_plus');
    assert.equal(result.outcome, 'requires_payment');

    const url = await portalSession(sb.url, s.token, 'plan_change_payment');
    const { browser, page } = await openPortal(url);
    assert.equal(page.page, 'plan-change-payment');
    assert.equal(page.outcome, 'form');
    const due = (preview.amountDueNow.amount / 100).toFixed(2);
    assert.ok(page.html.includes(`Upgrade to Pro+ — $${due} due now`), page.html);
    assert.match(page.html, /Your card has insufficient funds\./);

    const declined = await payPlanChange(url, { browser, from: page });
    assert.equal(declined.status, 402);
    assert.equal(declined.page.page, 'plan-change-payment');
    assert.equal(declined.outcome, 'declined');
    assert.equal(declined.declineCode, 'insufficient_funds');
    assert.equal((await account(sb.url, s.token)).plan.id, 'pro', 'nothing changed');

    const paid = await payPlanChange(url, { browser, from: declined.page, card: { number: '5555555555554444' } });
    assert.equal(paid.outcome, 'plan_changed', paid.message);
    assert.equal(paid.payment, 'paid');
    assert.equal(paid.returnUrl, PORTAL_RETURN_URL);
    await assertApplied(s, 'pro_plus', result.invoiceId!);
    assert.equal((await account(sb.url, s.token)).paymentMethod!.last4, '4444');

    const again = await api(sb.url, s.token, ApiPaths.subscriptionChange, { method: 'POST', json: { planId: 'pro_plus', interval: 'month', previewId: preview.id } });
    assert.equal(((await again.json()) as SubscriptionChangeResult).outcome, 'applied', 'the change request now answers what happened');
    const attempts = (await getJson<PaymentList>(sb.url, s.token, `${ApiPaths.payments}?limit=100`)).data.filter((x) => x.invoiceId === result.invoiceId);
    assert.deepEqual(attempts.map((x) => x.status).sort(), ['failed', 'failed', 'succeeded']);
  });

  it('a 3-D Secure card waits for authentication; the challenge (failed, then approved) pays it', async () => {
    const s = await activePro();
    const saved = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4000002760003184' }, { threeDS: 'approve' });
    assert.equal(saved.outcome, 'card_saved');
    const { result } = await requestChange(s, 'power');
    assert.equal(result.outcome, 'requires_payment');
    assert.equal(result.pendingPlanChange!.reason, 'authentication_required');
    assert.equal(result.pendingPlanChange!.declineCode, null);

    const url = await portalSession(sb.url, s.token, 'plan_change_payment');
    const failed = await payPlanChange(url, { threeDS: 'fail' });
    assert.equal(failed.page.page, 'plan-change-payment');
    assert.equal(failed.outcome, 'authentication_failed');
    assert.equal((await account(sb.url, s.token)).plan.id, 'pro');

    const approved = await payPlanChange(url, { browser: failed.browser, from: failed.page, threeDS: 'approve' });
    assert.equal(approved.outcome, 'plan_changed', approved.message);
    await assertApplied(s, 'power', result.invoiceId!);
  });

  it('Free → Pro with no card: the card form of the portal pays the first period', async () => {
    const s = await signIn(sb.url, uniqueEmail('portal-free'));
    const { result, preview } = await requestChange(s, 'pro');
    assert.equal(result.pendingPlanChange!.reason, 'no_payment_method');
    const url = await portalSession(sb.url, s.token, 'plan_change_payment');
    const paid = await payPlanChange(url, { card: { number: '4242424242424242' } });
    assert.equal(paid.outcome, 'plan_changed', paid.message);
    await assertApplied(s, 'pro', result.invoiceId!);
    const summary = await account(sb.url, s.token);
    assert.equal(summary.paymentMethod!.last4, '4242');
    assert.equal(summary.subscription!.currentPeriodEnd, preview.nextInvoice.date);
  });

  it('refuses a plan_change_payment session when nothing waits, and a lapsed change leaves nothing to pay', async () => {
    const s = await activePro();
    const res = await api(sb.url, s.token, ApiPaths.portalSessions, { method: 'POST', json: { flow: 'plan_change_payment', returnUrl: PORTAL_RETURN_URL } });
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as Problem).code, 'no_pending_plan_change');

    await setCardOutcome(sb.url, s.userId, 'generic_decline');
    await requestChange(s, 'pro_plus');
    const url = await portalSession(sb.url, s.token, 'plan_change_payment');
    await advanceClock(sb.url, { hours: 24 });
    const { page } = await openPortal(url);
    assert.equal(resultOf(page).outcome, 'nothing_pending');
    assert.equal((await account(sb.url, s.token)).plan.id, 'pro');
  });
});
