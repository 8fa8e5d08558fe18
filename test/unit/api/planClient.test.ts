/**
 * The API client's plan calls against a real sandbox (child process on
 * loopback): the catalogue, a preview, each outcome of a change, cancel,
 * resume, keep, and refusals carrying the problem `code`. No HTTP mocking.
 */
import { strict as assert } from 'node:assert';
import { PlanChanges } from '../../../src/panel/planChanges';
import { setCardOutcome } from '../../support/sandboxAdmin';
import { signedInClient, useSandbox } from '../support/sandboxClient';
import { rejection } from '../support/rejection';

describe('ApiClient plan calls against the real sandbox', function () {
  this.timeout(60_000);
  const sandbox = useSandbox();

  /** A new account in `state` (Free when omitted) and a client signed in as it. */
  const clientFor = (state?: 'active' | 'trialing' | 'past_due') => signedInClient(sandbox().url, 'plans', state);

  it('lists the four tiers with prices, credits and the current plan (validated)', async () => {
    const { api } = await clientFor('active');
    const catalogue = await api.listPlans();
    assert.deepEqual(catalogue.plans.map((p) => p.id), ['free', 'pro', 'pro_plus', 'power']);
    assert.deepEqual(catalogue.current, { planId: 'pro', interval: 'month' });
    const power = catalogue.plans.find((p) => p.id === 'power')!;
    assert.equal(power.prices.month.amount, 20000);
    assert.equal(power.prices.year.amount, 200000);
    assert.equal(power.includedCredits.month, '10000.00');
    assert.equal(catalogue.plans.find((p) => p.current)?.id, 'pro');
  });

  it('previews an upgrade (charging nothing), applies it, and a repeat of the same preview answers the same', async () => {
    const { api } = await clientFor('active');
    const preview = await api.previewSubscriptionChange({ planId: 'pro_plus', interval: 'month' });
    assert.equal(preview.direction, 'upgrade');
    assert.equal(preview.to.planId, 'pro_plus');
    assert.ok(preview.amountDueNow.amount > 0);
    const first = await api.changeSubscription({ planId: 'pro_plus', interval: 'month', previewId: preview.id });
    assert.equal(first.outcome, 'applied');
    assert.equal(first.subscription!.planId, 'pro_plus');
    const again = await api.changeSubscription({ planId: 'pro_plus', interval: 'month', previewId: preview.id });
    assert.deepEqual(again, first);
    const account = await api.getAccount();
    assert.ok(!account.notModified && account.body.plan.id === 'pro_plus');
  });

  it('schedules a downgrade and keeps the plan; cancels with a reason and resumes', async () => {
    const { api } = await clientFor('active');
    await api.changeSubscription({ planId: 'power', interval: 'month', previewId: (await api.previewSubscriptionChange({ planId: 'power', interval: 'month' })).id });
    const down = await api.previewSubscriptionChange({ planId: 'pro', interval: 'month' });
    assert.equal(down.direction, 'downgrade');
    assert.equal(down.amountDueNow.amount, 0);
    const scheduled = await api.changeSubscription({ planId: 'pro', interval: 'month', previewId: down.id });
    assert.equal(scheduled.outcome, 'scheduled');
    assert.equal(scheduled.subscription!.scheduledChange?.to.planId, 'pro');
    const kept = await api.keepCurrentPlan();
    assert.equal(kept.scheduledChange, null);
    assert.equal(kept.planId, 'power');
    assert.equal((await rejection(api.keepCurrentPlan())).details.problemCode, 'no_scheduled_change');

    const canceled = await api.cancelSubscription({ reason: { code: 'too_expensive', comment: 'Trying it out.' } });
    assert.equal(canceled.cancelAtPeriodEnd, true);
    const refused = await rejection(api.cancelSubscription());
    assert.equal(refused.details.problemCode, 'nothing_to_cancel');
    assert.ok(refused.message.length > 0, 'the service sentence');
    const resumed = await api.resumeSubscription();
    assert.equal(resumed.cancelAtPeriodEnd, false);
    assert.equal((await rejection(api.resumeSubscription())).details.problemCode, 'not_canceling');
  });

  it('from Free without a card: requires payment (no_payment_method), the summary carries the pending change', async () => {
    const { api } = await clientFor();
    const preview = await api.previewSubscriptionChange({ planId: 'pro', interval: 'month' });
    assert.equal(preview.from.planId, 'free');
    assert.equal(preview.amountDueNow.amount, 2000);
    const result = await api.changeSubscription({ planId: 'pro', interval: 'month', previewId: preview.id });
    assert.equal(result.outcome, 'requires_payment');
    assert.equal(result.pendingPlanChange?.reason, 'no_payment_method');
    const account = await api.getAccount();
    assert.ok(!account.notModified && account.body.pendingPlanChange?.to.planId === 'pro');
  });

  it('a declined card: requires payment (card_declined) and the plan stays', async () => {
    const { api, accountId } = await clientFor('active');
    await setCardOutcome(sandbox().url, accountId, 'insufficient_funds');
    const preview = await api.previewSubscriptionChange({ planId: 'pro_plus', interval: 'month' });
    const result = await api.changeSubscription({ planId: 'pro_plus', interval: 'month', previewId: preview.id });
    assert.equal(result.outcome, 'requires_payment');
    assert.equal(result.pendingPlanChange?.reason, 'card_declined');
    assert.equal(result.subscription!.planId, 'pro');
  });

  it('refusals carry their problem code: same plan, Free by change, payment overdue, a foreign preview', async () => {
    const { api } = await clientFor('active');
    assert.equal((await rejection(api.previewSubscriptionChange({ planId: 'pro', interval: 'month' }))).details.problemCode, 'same_plan');
    assert.equal((await rejection(api.previewSubscriptionChange({ planId: 'free', interval: 'month' }))).details.problemCode, 'use_cancel');
    assert.equal((await rejection(api.changeSubscription({ planId: 'pro_plus', interval: 'month', previewId: 'pv_unknown' }))).details.problemCode, 'preview_not_found');
    const overdue = await clientFor('past_due');
    assert.equal((await rejection(overdue.api.previewSubscriptionChange({ planId: 'pro_plus', interval: 'month' }))).details.problemCode, 'payment_overdue');
  });

  it("the panel's PlanChanges over the real client: preview, confirm, and the account refreshed", async () => {
    const { api } = await clientFor('active');
    const refreshes: string[] = [];
    const plans = new PlanChanges({ client: api, account: { refresh: async (trigger) => (refreshes.push(trigger), { status: 'skipped', reason: 'test' }) }, onChange: () => undefined });
    await plans.loadCatalogue();
    assert.equal(plans.view.catalogue?.current.planId, 'pro');
    await plans.preview({ planId: 'power', interval: 'year' });
    const preview = plans.view.preview!;
    assert.equal(preview.to.interval, 'year');
    assert.equal(await plans.confirm(preview.id), true);
    assert.deepEqual(plans.view.outcome, { kind: 'applied', planId: 'power', interval: 'year' });
    assert.deepEqual(refreshes, ['manual']);
    assert.equal(plans.view.catalogue?.current.planId, 'power', 'the catalogue fetched again');
  });
});
