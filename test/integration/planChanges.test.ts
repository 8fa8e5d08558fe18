// Journeys 15 and 16 of docs/journeys.md in the real host, for what the e2e journeys do not click
// through: a preview gone stale before its confirmation, the past-due refusal, an upgrade waiting
// for 3-D Secure finished in the portal (openExternal only for the service's origin), a scheduled
// downgrade kept, and cancel with a reason then resume, each seen in the status bar, the context
// keys and the panel without a reload.
import * as assert from 'node:assert/strict';
import { type BillingInterval } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { ApiPaths } from '../../shared/contract/paths';
import { PlanChangeRefusals } from '../../shared/contract/planChangeRefusals';
import { type PortalSession } from '../../shared/contract/portal';
import { type PanelViewState } from '../../shared/panelProtocol';
import { EXTENSION_ID, UriPaths } from '../../shared/productIdentity';
import { payPlanChange, updateCard } from '../support/portalDriver';
import { setAccountState } from '../support/sandboxAdmin';
import { showPanelAs, stateWhere } from './support/panel';
import { captureExternal, planBilling, refreshUntil, resetCore, sandboxUrl, uniqueEmail, until } from './support/planBilling';

type Session = Awaited<ReturnType<typeof showPanelAs>>;

/** A fresh active account on `plan`, shown in the panel, with the catalogue loaded. */
async function panelOn(label: string, plan: Exclude<PlanId, 'free'> = 'pro', state: 'active' | 'past_due' = 'active'): Promise<Session> {
  const { t } = await planBilling();
  const session = await showPanelAs(uniqueEmail(label));
  await setAccountState(sandboxUrl(), session.accountId, state, { plan });
  await refreshUntil((s) => (state === 'active' ? s.kind === 'active' && s.plan === plan : s.kind === 'pastDue') && !s.refreshing, `${plan} ${state}`);
  await t.panel.postFromWebview({ type: 'loadPlans' });
  await stateWhere((s) => s.plans.catalogue?.current.planId === plan, 'the catalogue');
  return session;
}

async function preview(planId: PlanId, interval: BillingInterval = 'month'): Promise<PanelViewState> {
  const { t } = await planBilling();
  await t.panel.postFromWebview({ type: 'previewPlanChange', planId, interval });
  return stateWhere((s) => (s.plans.preview?.to.planId === planId || s.plans.refusal !== null) && s.plans.busy === null, `the ${planId} preview`);
}

async function serviceGet<T>(session: Session, path: string): Promise<T> {
  const res = await fetch(`${sandboxUrl()}${path}`, { headers: { authorization: `Bearer ${session.tokens.access_token}`, accept: 'application/json' } });
  assert.equal(res.status, 200, `GET ${path}`);
  return (await res.json()) as T;
}

/** The tooltip's text without its Markdown escapes. */
const tooltipText = (tooltip: string) => tooltip.replace(/\\(.)/g, '$1');

const paymentCount = async (session: Session) => (await serviceGet<{ data: unknown[] }>(session, `${ApiPaths.payments}?limit=100`)).data.length;

describe('plan changes in the panel', () => {
  beforeEach(resetCore);
  after(resetCore);

  it('refuses a preview gone stale before its confirmation, charges nothing and offers to preview again', async () => {
    const { t } = await planBilling();
    const session = await panelOn('stale');
    const shown = await preview('pro_plus');
    const previewId = shown.plans.preview!.id;
    // The subscription moves on elsewhere (another window, the portal): canceled, then resumed.
    for (const path of [ApiPaths.subscriptionCancel, ApiPaths.subscriptionResume]) {
      const res = await fetch(`${sandboxUrl()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${session.tokens.access_token}` } });
      assert.equal(res.status, 200, path);
    }
    await setAccountState(sandboxUrl(), session.accountId, 'active', { plan: 'pro', interval: 'year' });
    const payments = await paymentCount(session);
    await t.panel.postFromWebview({ type: 'confirmPlanChange', previewId });
    const refused = await stateWhere((s) => s.plans.refusal !== null, 'the refusal');
    assert.equal(refused.plans.refusal?.code, PlanChangeRefusals.previewStale);
    assert.match(refused.plans.refusal?.message ?? '', /preview the change again/i);
    assert.equal(await paymentCount(session), payments, 'nothing charged');
    assert.equal(t.snapshot().plan, 'pro');
  });

  it('refuses a change while past due, with the reason', async () => {
    const { t } = await planBilling();
    const session = await panelOn('pastdue', 'pro', 'past_due');
    const payments = await paymentCount(session);
    const refused = await preview('pro_plus');
    assert.equal(refused.plans.refusal?.code, PlanChangeRefusals.paymentOverdue);
    assert.equal(refused.plans.preview, null);
    assert.equal(await paymentCount(session), payments);
    assert.equal(t.snapshot().kind, 'pastDue');
  });

  it('finishes an upgrade the bank wants confirmed (3-D Secure) in the portal; the plan follows without a reload', async () => {
    const { t } = await planBilling();
    const session = await panelOn('three-ds');
    // Setup: a 3-D Secure card as the default, saved (and confirmed once) through the portal.
    const res = await fetch(`${sandboxUrl()}${ApiPaths.portalSessions}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ flow: 'payment_method_update', returnUrl: `vscode://${EXTENSION_ID}${UriPaths.portalReturn}` }),
    });
    const saved = await updateCard(((await res.json()) as PortalSession).url, { number: '4000002760003184' }, { threeDS: 'approve' });
    assert.equal(saved.outcome, 'card_saved');

    const shown = await preview('pro_plus');
    await t.panel.postFromWebview({ type: 'confirmPlanChange', previewId: shown.plans.preview!.id });
    const waiting = await stateWhere((s) => s.plans.outcome?.kind === 'requiresPayment', 'the upgrade waiting for payment');
    assert.ok(waiting.plans.outcome?.kind === 'requiresPayment');
    assert.equal(waiting.plans.outcome.pending.reason, 'authentication_required');
    await until(() => (t.snapshot().account?.pendingPlanChange ? true : undefined), 'the pending change in the summary');
    assert.match(tooltipText(t.statusBar().tooltip), /Upgrade to Pro\+ waiting for payment/);
    assert.equal(t.snapshot().plan, 'pro', 'nothing changed yet');

    const external = captureExternal(t);
    await t.panel.postFromWebview({ type: 'openPortal', flow: 'plan_change_payment' });
    const portalUrl = await external.next();
    assert.equal(new URL(portalUrl).origin, sandboxUrl(), "only the service's own portal");
    await stateWhere((s) => s.portal.waiting && s.portal.flow === 'plan_change_payment', 'Waiting for the payment portal…');
    const paid = await payPlanChange(portalUrl, { threeDS: 'approve' });
    assert.equal(paid.outcome, 'plan_changed');

    const done = await stateWhere((s) => s.portal.confirmation !== null, 'the confirmation', 30_000);
    assert.equal(done.portal.confirmation, 'Payment received. You are on Pro+ now.');
    await until(() => (t.snapshot().plan === 'pro_plus' ? true : undefined), 'Pro+ in the snapshot');
    assert.match(t.statusBar().text, /Pro\+/);
    const keys = await t.contextKeys();
    assert.equal(keys?.['planBilling.plan'], 'pro_plus');
    assert.equal(keys?.['planBilling.feature.ai.agent.parallel'], true);
    // Never granted, so never set: a when clause reads an unset key as false.
    assert.notEqual(keys?.['planBilling.feature.ai.agent.background'], true, 'Power only');
  });

  it('schedules a downgrade for the period end and keeps the plan; the status bar tooltip says when', async () => {
    const { t } = await planBilling();
    await panelOn('keep', 'pro_plus');
    const shown = await preview('pro');
    assert.equal(shown.plans.preview?.direction, 'downgrade');
    assert.equal(shown.plans.preview?.amountDueNow.amount, 0);
    await t.panel.postFromWebview({ type: 'confirmPlanChange', previewId: shown.plans.preview!.id });
    const scheduled = await stateWhere((s) => s.plans.outcome?.kind === 'scheduled', 'the scheduled downgrade');
    await until(() => (t.snapshot().account?.subscription?.scheduledChange ? true : undefined), 'the schedule in the summary');
    assert.match(tooltipText(t.statusBar().tooltip), /Switches to Pro on /);
    assert.equal((await t.contextKeys())?.['planBilling.plan'], 'pro_plus', 'Pro+ until the period end');
    assert.equal(scheduled.plans.outcome?.kind === 'scheduled' && scheduled.plans.outcome.effectiveAt, t.snapshot().account?.subscription?.currentPeriodEnd);

    await t.panel.postFromWebview({ type: 'keepCurrentPlan' });
    await stateWhere((s) => s.plans.outcome?.kind === 'kept' && s.account?.subscription?.scheduledChange === null, 'Pro+ kept');
    assert.doesNotMatch(tooltipText(t.statusBar().tooltip), /Switches to/);
  });

  it('cancels with a reason at the period end, then resumes at once', async () => {
    const { t } = await planBilling();
    await panelOn('cancel');
    await t.panel.postFromWebview({ type: 'cancelSubscription', reason: { code: 'switching_service', comment: 'Trying another editor.' } });
    const canceled = await stateWhere((s) => s.plans.outcome?.kind === 'canceled' && s.account?.subscription?.cancelAtPeriodEnd === true, 'canceling');
    assert.ok(canceled.plans.outcome?.kind === 'canceled');
    assert.equal(canceled.plans.outcome.endsAt, canceled.account?.subscription?.currentPeriodEnd);
    await until(() => (t.snapshot().kind === 'activeCanceling' ? true : undefined), 'activeCanceling');
    assert.match(t.statusBar().text, /Pro · ends /);
    assert.equal((await t.contextKeys())?.['planBilling.feature.ai.agent'], true, 'Pro stays until the period end');

    await t.panel.postFromWebview({ type: 'resumeSubscription' });
    await stateWhere((s) => s.plans.outcome?.kind === 'resumed' && s.account?.subscription?.cancelAtPeriodEnd === false, 'renewing again');
    await until(() => (t.snapshot().kind === 'active' ? true : undefined), 'active');
  });
});
