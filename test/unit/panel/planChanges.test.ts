/**
 * The panel's plan changes: the catalogue, a preview that charges nothing,
 * confirming only the preview shown, each outcome, refusals with their
 * problem code, the account refresh after every change, one action at a
 * time, and nothing of a signed-out account showing. The client is an
 * in-memory stand-in for the six calls (their wire shapes are tested in
 * test/unit/api/planCalls.test.ts).
 */
import { strict as assert } from 'node:assert';
import { type PendingPlanChange, type Subscription } from '../../../shared/contract/account';
import { type PlanCatalogue, type SubscriptionChangePreview, type SubscriptionChangeResult } from '../../../shared/contract/plans';
import { ApiError } from '../../../src/api/apiError';
import { PlanChanges } from '../../../src/panel/planChanges';
import { summary } from '../support/fixtures';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const SUB: Subscription = summary().subscription!;
const CATALOGUE: PlanCatalogue = { plans: [], current: { planId: 'pro', interval: 'month' } };

function preview(overrides: Partial<SubscriptionChangePreview> = {}): SubscriptionChangePreview {
  return {
    id: 'pv_1',
    from: { planId: 'pro', planName: 'Pro', interval: 'month', price: usd(2000) },
    to: { planId: 'pro_plus', planName: 'Pro+', interval: 'month', price: usd(4000) },
    direction: 'upgrade',
    effectiveAt: '2026-03-10T12:00:00.000Z',
    lines: [],
    subtotal: usd(1342),
    taxLines: [],
    tax: usd(0),
    amountDueNow: usd(1342),
    nextInvoice: { date: '2026-03-30T12:00:00.000Z', amount: usd(4000) },
    includedCredits: '2000.00',
    expiresAt: '2026-03-10T12:30:00.000Z',
    ...overrides,
  };
}

const PENDING: PendingPlanChange = {
  to: { planId: 'pro_plus', planName: 'Pro+', interval: 'month', price: usd(4000) },
  invoiceId: 'in_p',
  amountDue: usd(1342),
  reason: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
  expiresAt: '2026-03-11T12:00:00.000Z',
};

const refusal = (code: string, detail = 'Refused.') => new ApiError('unknown', detail, { status: 409, problemCode: code });

function setup() {
  const calls: string[] = [];
  let result: () => Promise<SubscriptionChangeResult> = async () => ({ outcome: 'applied', subscription: { ...SUB, planId: 'pro_plus', planName: 'Pro+' }, invoiceId: 'in_1', pendingPlanChange: null });
  let previewAnswer: () => Promise<SubscriptionChangePreview> = async () => preview();
  let subscriptionAnswer: () => Promise<Subscription> = async () => SUB;
  let catalogueAnswer: () => Promise<PlanCatalogue> = async () => CATALOGUE;
  const refreshes: string[] = [];
  const plans = new PlanChanges({
    client: {
      listPlans: async () => (calls.push('plans'), catalogueAnswer()),
      previewSubscriptionChange: async (target) => (calls.push(`preview ${target.planId}/${target.interval}`), previewAnswer()),
      changeSubscription: async (request) => (calls.push(`change ${request.planId}/${request.interval} ${request.previewId}`), result()),
      cancelSubscription: async (request) => (calls.push(`cancel ${JSON.stringify(request)}`), subscriptionAnswer()),
      resumeSubscription: async () => (calls.push('resume'), subscriptionAnswer()),
      keepCurrentPlan: async () => (calls.push('keep'), subscriptionAnswer()),
    },
    account: { refresh: async (trigger) => (refreshes.push(trigger), { status: 'skipped', reason: 'test' }) },
    onChange: () => undefined,
  });
  return {
    plans,
    calls,
    refreshes,
    onResult: (next: typeof result) => (result = next),
    onPreview: (next: typeof previewAnswer) => (previewAnswer = next),
    onSubscription: (next: typeof subscriptionAnswer) => (subscriptionAnswer = next),
    onCatalogue: (next: typeof catalogueAnswer) => (catalogueAnswer = next),
  };
}

describe('PlanChanges', () => {
  it('loads the catalogue', async () => {
    const { plans, calls } = setup();
    await plans.loadCatalogue();
    assert.deepEqual(plans.view.catalogue, CATALOGUE);
    assert.deepEqual(calls, ['plans']);
  });

  it('a catalogue that fails to load says why', async () => {
    const { plans, onCatalogue } = setup();
    onCatalogue(async () => Promise.reject(new ApiError('offline', 'No network.')));
    await plans.loadCatalogue();
    assert.deepEqual(plans.view.error, { kind: 'offline', message: 'No network.' });
    assert.equal(plans.view.loading, false);
    onCatalogue(async () => CATALOGUE);
    await plans.loadCatalogue();
    assert.equal(plans.view.error, null);
  });

  it('previews without charging or refreshing, then confirms exactly that preview and refreshes the account', async () => {
    const { plans, calls, refreshes } = setup();
    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    assert.equal(plans.view.preview?.id, 'pv_1');
    assert.deepEqual(plans.view.target, { planId: 'pro_plus', interval: 'month' });
    assert.deepEqual(refreshes, []);
    assert.equal(await plans.confirm('pv_1'), true);
    assert.deepEqual(calls, ['preview pro_plus/month', 'change pro_plus/month pv_1', 'plans']);
    assert.deepEqual(plans.view.outcome, { kind: 'applied', planId: 'pro_plus', interval: 'month' });
    assert.equal(plans.view.preview, null);
    assert.deepEqual(refreshes, ['manual']);
  });

  it('refuses to confirm anything but the preview shown', async () => {
    const { plans, calls } = setup();
    assert.equal(await plans.confirm('pv_1'), false);
    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    assert.equal(await plans.confirm('pv_other'), false);
    assert.deepEqual(calls, ['preview pro_plus/month']);
  });

  it('a downgrade is scheduled for the period end', async () => {
    const { plans, onResult, onPreview } = setup();
    const scheduledChange = { to: { planId: 'pro' as const, planName: 'Pro', interval: 'month' as const, price: usd(2000) }, effectiveAt: '2026-03-30T12:00:00.000Z' };
    onPreview(async () => preview({ direction: 'downgrade', to: scheduledChange.to, amountDueNow: usd(0) }));
    onResult(async () => ({ outcome: 'scheduled', subscription: { ...SUB, planId: 'pro_plus', scheduledChange }, invoiceId: null, pendingPlanChange: null }));
    await plans.preview({ planId: 'pro', interval: 'month' });
    await plans.confirm('pv_1');
    assert.deepEqual(plans.view.outcome, { kind: 'scheduled', planId: 'pro', effectiveAt: '2026-03-30T12:00:00.000Z' });
  });

  it('a payment that needs the cardholder is pending with its reason', async () => {
    const { plans, onResult, refreshes } = setup();
    onResult(async () => ({ outcome: 'requires_payment', subscription: SUB, invoiceId: 'in_p', pendingPlanChange: PENDING }));
    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    await plans.confirm('pv_1');
    assert.deepEqual(plans.view.outcome, { kind: 'requiresPayment', pending: PENDING });
    assert.deepEqual(refreshes, ['manual'], 'the summary carries pendingPlanChange: refreshed');
  });

  it('a refusal keeps its code and sentence, keeps the target for "Preview again", and refreshes the account', async () => {
    const { plans, onResult, refreshes } = setup();
    onResult(async () => Promise.reject(refusal('preview_stale', 'The subscription changed since the preview.')));
    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    await plans.confirm('pv_1');
    assert.deepEqual(plans.view.refusal, { action: 'change', code: 'preview_stale', message: 'The subscription changed since the preview.' });
    assert.equal(plans.view.outcome, null);
    assert.deepEqual(plans.view.target, { planId: 'pro_plus', interval: 'month' });
    assert.equal(plans.view.busy, null);
    assert.deepEqual(refreshes, ['manual']);
  });

  it('a refused preview (payment overdue) is a refusal of the preview', async () => {
    const { plans, onPreview } = setup();
    onPreview(async () => Promise.reject(refusal('payment_overdue')));
    await plans.preview({ planId: 'power', interval: 'year' });
    assert.equal(plans.view.refusal?.code, 'payment_overdue');
    assert.equal(plans.view.refusal?.action, 'preview');
    assert.equal(plans.view.preview, null);
  });

  it('cancel sends the reason and says until when; resume and keep say what they did', async () => {
    const { plans, calls, refreshes, onSubscription } = setup();
    onSubscription(async () => ({ ...SUB, cancelAtPeriodEnd: true }));
    await plans.cancel({ code: 'other', comment: 'Moving teams' });
    assert.deepEqual(plans.view.outcome, { kind: 'canceled', endsAt: SUB.currentPeriodEnd });
    onSubscription(async () => SUB);
    await plans.resume();
    assert.deepEqual(plans.view.outcome, { kind: 'resumed' });
    await plans.keep();
    assert.deepEqual(plans.view.outcome, { kind: 'kept', planId: 'pro' });
    await plans.cancel(undefined);
    assert.deepEqual(calls.filter((c) => !c.startsWith('plans')), ['cancel {"reason":{"code":"other","comment":"Moving teams"}}', 'resume', 'keep', 'cancel {}']);
    assert.equal(refreshes.length, 4);
  });

  it('one action at a time: a second one while busy is ignored', async () => {
    const { plans, calls, onSubscription } = setup();
    let release!: () => void;
    onSubscription(() => new Promise((resolve) => (release = () => resolve(SUB))));
    const first = plans.resume();
    await plans.keep();
    await plans.cancel(undefined);
    assert.equal(plans.view.busy, 'resume');
    release();
    await first;
    assert.deepEqual(calls.filter((c) => !c.startsWith('plans')), ['resume']);
  });

  it('dismiss leaves the preview and outcome; reset drops an answer that arrives after a sign-out', async () => {
    const { plans, onPreview } = setup();
    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    plans.dismiss();
    assert.equal(plans.view.preview, null);
    assert.equal(plans.view.target, null);
    let release!: () => void;
    onPreview(() => new Promise((resolve) => (release = () => resolve(preview()))));
    const pending = plans.preview({ planId: 'pro_plus', interval: 'month' });
    plans.reset();
    release();
    await pending;
    assert.equal(plans.view.preview, null);
    assert.equal(plans.view.busy, null);
  });

  it('a newer preview replaces one still in flight: the last tier chosen is shown', async () => {
    const { plans, onPreview } = setup();
    let releaseFirst!: () => void;
    onPreview(() => new Promise((resolve) => (releaseFirst = () => resolve(preview({ id: 'pv_old' })))));
    const first = plans.preview({ planId: 'pro_plus', interval: 'month' });
    onPreview(async () => preview({ id: 'pv_new', to: { planId: 'power', planName: 'Power', interval: 'month', price: usd(20000) } }));
    await plans.preview({ planId: 'power', interval: 'month' });
    releaseFirst();
    await first;
    assert.equal(plans.view.preview?.id, 'pv_new');
    assert.deepEqual(plans.view.target, { planId: 'power', interval: 'month' });
    assert.equal(plans.view.busy, null);
  });

  it('a pending change paid in the portal becomes applied once the account shows it; a lapsed one is forgotten', async () => {
    const { plans, onResult } = setup();
    onResult(async () => ({ outcome: 'requires_payment', subscription: SUB, invoiceId: 'in_p', pendingPlanChange: PENDING }));
    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    await plans.confirm('pv_1');
    plans.accountChanged(summary({ pendingPlanChange: PENDING }));
    assert.equal(plans.view.outcome?.kind, 'requiresPayment', 'still waiting');
    plans.accountChanged(summary({ plan: { id: 'pro_plus', name: 'Pro+' }, pendingPlanChange: null }));
    assert.deepEqual(plans.view.outcome, { kind: 'applied', planId: 'pro_plus', interval: 'month' });

    await plans.preview({ planId: 'pro_plus', interval: 'month' });
    await plans.confirm('pv_1');
    plans.accountChanged(summary({ pendingPlanChange: null }));
    assert.equal(plans.view.outcome, null);
  });
});
