/**
 * Plan tiers and plan changes in the panel: the tiers side by side with both
 * intervals, the preview in words with its lines, the confirmation buttons,
 * each outcome, refusals with their action, the scheduled downgrade with
 * Keep, the cancel dialog with a reason, paying first, and the pending
 * payment. The host is the recording stub: what the page asks for is what it
 * posted.
 */
import assert from 'node:assert/strict';
import { screen, within } from '@testing-library/preact';
import { type PanelViewState, type PlansView } from '../../shared/panelProtocol';
import { DOWNGRADE_PREVIEW, fixtures, FROM_FREE_PREVIEW, NO_PLANS, PENDING_UPGRADE, planCatalogue, UPGRADE_PREVIEW } from './fixtures';
import { button, hasButton, type PanelHarness, renderPanel } from './support/renderPanel';

const subscriptionSection = () => document.getElementById('subscription') as HTMLElement;
const tier = (id: string) => document.querySelector<HTMLElement>(`[data-testid="tier-${id}"]`)!;
const tierText = (id: string) => tier(id).textContent ?? '';
const view = (testId: string) => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

const withPlans = (state: PanelViewState, plans: Partial<PlansView>): PanelViewState => ({ ...state, plans: { ...state.plans, ...plans } });

/** The Pro account's panel at the Change plan view, the catalogue loaded. */
async function atChangePlan(state: PanelViewState = fixtures.proWithPlans): Promise<PanelHarness> {
  const panel = await renderPanel({ state });
  await panel.click(button(subscriptionSection(), 'Change plan'));
  return panel;
}

/** …and at the preview of `planId`, with the host's answer `plans`. */
async function atPreview(plans: Partial<PlansView>, planName = 'Upgrade to Pro+', state: PanelViewState = fixtures.proWithPlans): Promise<PanelHarness> {
  const panel = await atChangePlan(state);
  await panel.click(button(document.body, planName));
  await panel.sendState(withPlans(state, plans));
  return panel;
}

describe('panel: Change plan', () => {
  it('shows the tiers side by side with monthly prices, credits, features and "Current plan" on the current one', async () => {
    const panel = await atChangePlan();
    assert.deepEqual(panel.posted('loadPlans'), [{ type: 'loadPlans' }]);
    assert.ok(screen.getByRole('heading', { name: 'Change plan' }));
    const names = within(screen.getByRole('list', { name: 'Plans' })).getAllByRole('heading').map((h) => h.textContent);
    assert.deepEqual(names, ['Free', 'Pro', 'Pro+', 'Power']);
    assert.match(tierText('pro'), /Current plan/);
    assert.equal(tier('pro').getAttribute('aria-current'), 'true');
    assert.doesNotMatch(tierText('pro_plus'), /Current plan/);
    assert.match(tierText('pro'), /\$20\.00 a month/);
    assert.match(tierText('pro_plus'), /\$40\.00 a month/);
    assert.match(tierText('power'), /\$200\.00 a month/);
    assert.match(tierText('power'), /10,000 credits a month/);
    assert.match(tierText('free'), /50 credits a month/);
    assert.match(tierText('power'), /Background agents/);
    assert.doesNotMatch(tierText('pro_plus'), /Background agents/);
    assert.match(tierText('pro'), /For daily AI pair programming/);
    assert.ok(hasButton(tier('pro_plus'), 'Upgrade to Pro+'));
    assert.ok(hasButton(tier('power'), 'Upgrade to Power'));
    assert.ok(hasButton(tier('free'), 'Switch to Free'));
    assert.equal(tier('pro').querySelectorAll('vscode-button').length, 0, 'no button on the current plan and interval');
  });

  it('the Annual switch shows yearly prices, credits per year and the saving', async () => {
    const panel = await atChangePlan();
    assert.ok(screen.getByLabelText('Annual (save up to $400.00)'));
    await panel.click(screen.getByLabelText('Annual (save up to $400.00)'));
    assert.match(tierText('pro'), /\$200\.00 a year/);
    assert.match(tierText('pro'), /Save \$40\.00 a year/);
    assert.match(tierText('pro_plus'), /\$400\.00 a year/);
    assert.match(tierText('power'), /\$2,000\.00 a year/);
    assert.match(tierText('pro'), /12,000 credits a year/);
    assert.doesNotMatch(tierText('free'), /Save/);
    // The current tier on the other interval is a change too.
    await panel.click(button(tier('pro'), 'Switch to annual'));
    assert.deepEqual(panel.posted('previewPlanChange'), [{ type: 'previewPlanChange', planId: 'pro', interval: 'year' }]);
  });

  it('while the catalogue loads, and when it fails: Try again', async () => {
    const panel = await atChangePlan(withPlans(fixtures.proWithPlans, { catalogue: null, loading: true }));
    assert.ok(screen.getByText('Loading plans…'));
    await panel.sendState(withPlans(fixtures.proWithPlans, { catalogue: null, error: { kind: 'offline', message: 'No network.' } }));
    assert.match(document.body.textContent ?? '', /Couldn't load the plans/);
  });

  it('Back returns to the overview', async () => {
    const panel = await atChangePlan();
    await panel.click(button(document.body, 'Back'));
    assert.ok(subscriptionSection());
    assert.equal(view('change-plan-view'), null);
  });

  it('the gate opens it at the tier that grants the feature, highlighted', async () => {
    const panel = await renderPanel({ state: fixtures.proWithPlans });
    await panel.send({ type: 'showPlans', highlight: 'power' });
    assert.ok(view('change-plan-view'));
    assert.match(tierText('power'), /Includes what you asked for/);
    assert.ok(tier('power').classList.contains('tier--highlight'));
    assert.doesNotMatch(tierText('pro_plus'), /Includes what you asked for/);
    assert.deepEqual(panel.posted('loadPlans'), [{ type: 'loadPlans' }]);
  });

  it('past due: the reason and Pay now instead of changes', async () => {
    const state = withPlans(fixtures.pastDue, { catalogue: planCatalogue('pro') });
    const panel = await renderPanel({ state });
    await panel.send({ type: 'showPlans', highlight: null });
    const page = view('change-plan-view')!;
    assert.match(page.textContent ?? '', /A payment is overdue\. Pay the outstanding balance first, then change your plan\./);
    assert.ok(tier('pro_plus').querySelector('vscode-button')?.hasAttribute('disabled'));
    await panel.click(button(page, 'Pay now'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'pay_outstanding_balance' }]);
  });
});

describe('panel: plan change preview and confirmation', () => {
  it('asks for a preview and says nothing is charged until confirmed', async () => {
    const panel = await atChangePlan();
    await panel.click(button(tier('pro_plus'), 'Upgrade to Pro+'));
    assert.deepEqual(panel.posted('previewPlanChange'), [{ type: 'previewPlanChange', planId: 'pro_plus', interval: 'month' }]);
    assert.ok(screen.getByRole('heading', { name: 'Change to Pro+' }));
    await panel.sendState(withPlans(fixtures.proWithPlans, { busy: 'preview', target: { planId: 'pro_plus', interval: 'month' } }));
    assert.ok(screen.getByText('Working out what the change costs…'));
    assert.equal(panel.posted('confirmPlanChange').length, 0);
  });

  it('upgrade: the preview in words, the proration lines and tax, and "Confirm and pay"', async () => {
    const panel = await atPreview({ preview: UPGRADE_PREVIEW, target: { planId: 'pro_plus', interval: 'month' } });
    assert.equal(
      view('preview-words')?.textContent,
      'You pay $13.42 (including $2.60 tax) now for the rest of this period. From Dec 1, 2026 you pay $40.00 a month.',
    );
    const table = within(view('plan-preview')!).getByRole('table');
    assert.match(table.textContent ?? '', /Unused time on Pro-\$10\.00/);
    assert.match(table.textContent ?? '', /Remaining time on Pro\+\$20\.82/);
    assert.match(table.textContent ?? '', /VAT 24%\$2\.60/);
    assert.match(table.textContent ?? '', /Due now\$13\.42/);
    assert.ok(screen.getByText('Nothing is charged until you confirm.'));
    await panel.click(button(view('plan-preview')!, 'Confirm and pay $13.42'));
    assert.deepEqual(panel.posted('confirmPlanChange'), [{ type: 'confirmPlanChange', previewId: 'pv_upgrade' }]);
  });

  it('downgrade: nothing now, what the lower tier lacks, and "Confirm downgrade"', async () => {
    const state = withPlans(fixtures.scheduledDowngrade, { catalogue: planCatalogue('pro_plus') });
    const base = { ...state, account: { ...state.account!, subscription: { ...state.account!.subscription!, scheduledChange: null } } };
    const panel = await atPreview({ preview: DOWNGRADE_PREVIEW, target: { planId: 'pro', interval: 'month' } }, 'Switch to Pro', base);
    assert.equal(view('preview-words')?.textContent, 'Nothing is charged now. From Dec 1, 2026 you pay $20.00 a month for Pro.');
    assert.match(view('plan-preview')!.textContent ?? '', /Pro: no parallel agents\./);
    assert.equal(within(view('plan-preview')!).queryByRole('table'), null);
    await panel.click(button(view('plan-preview')!, 'Confirm downgrade'));
    assert.deepEqual(panel.posted('confirmPlanChange'), [{ type: 'confirmPlanChange', previewId: 'pv_downgrade' }]);
  });

  it('from Free: the full price now and the renewal', async () => {
    const state = withPlans(fixtures.free, { catalogue: planCatalogue('free') });
    await atPreview({ preview: FROM_FREE_PREVIEW, target: { planId: 'pro', interval: 'month' } }, 'Upgrade to Pro', state);
    assert.equal(view('preview-words')?.textContent, 'You pay $20.00 now. Pro renews on Dec 28, 2026 at $20.00 a month.');
    assert.ok(hasButton(view('plan-preview')!, 'Confirm and pay $20.00'));
  });

  it('during a trial nothing is charged: "Confirm"', async () => {
    const state = withPlans(fixtures.trialing, { catalogue: planCatalogue('pro') });
    const trialPreview = { ...UPGRADE_PREVIEW, lines: [], subtotal: UPGRADE_PREVIEW.tax, taxLines: [], tax: { amount: 0, currency: 'USD' }, amountDueNow: { amount: 0, currency: 'USD' } };
    await atPreview({ preview: trialPreview, target: { planId: 'pro_plus', interval: 'month' } }, 'Upgrade to Pro+', state);
    assert.match(view('preview-words')?.textContent ?? '', /^Nothing is charged now\./);
    assert.ok(hasButton(view('plan-preview')!, 'Confirm'));
  });

  it('applied: the success message, back on the overview with the new plan', async () => {
    const panel = await atPreview({ preview: UPGRADE_PREVIEW, target: { planId: 'pro_plus', interval: 'month' } });
    await panel.click(button(view('plan-preview')!, 'Confirm and pay $13.42'));
    await panel.sendState(withPlans(fixtures.proWithPlans, { busy: 'change', preview: UPGRADE_PREVIEW }));
    assert.ok(button(view('plan-preview')!, 'Confirm and pay $13.42').hasAttribute('disabled'), 'one confirmation at a time');
    const upgraded = fixtures.scheduledDowngrade.account!;
    const after: PanelViewState = {
      ...fixtures.proWithPlans,
      account: { ...upgraded, subscription: { ...upgraded.subscription!, scheduledChange: null } },
      plans: { ...NO_PLANS, catalogue: planCatalogue('pro_plus'), outcome: { kind: 'applied', planId: 'pro_plus', interval: 'month' } },
    };
    await panel.sendState(after);
    assert.equal(view('plan-preview'), null);
    assert.match(view('plan-outcome')?.textContent ?? '', /Your plan was changed\. You are on Pro\+ now\./);
    assert.ok(within(subscriptionSection()).getByRole('heading', { name: 'Pro+' }));
    await panel.click(button(view('plan-outcome')!, 'Dismiss'));
    assert.ok(panel.posted('dismissPlanChange').length >= 1);
  });

  it('scheduled: back on the overview, which says when the switch happens', async () => {
    const panel = await atPreview({ preview: DOWNGRADE_PREVIEW, target: { planId: 'pro', interval: 'month' } }, 'Upgrade to Pro+');
    await panel.sendState({
      ...fixtures.scheduledDowngrade,
      plans: { ...NO_PLANS, outcome: { kind: 'scheduled', planId: 'pro', effectiveAt: DOWNGRADE_PREVIEW.effectiveAt } },
    });
    assert.match(view('plan-outcome')?.textContent ?? '', /Your plan switches to Pro on Dec 1, 2026\. Until then nothing changes\./);
    assert.equal(view('scheduled-change')?.textContent, 'Switches to Pro on Dec 1, 2026');
  });

  it('requires payment: the reason and "Complete payment in the portal"', async () => {
    const panel = await atPreview({ preview: UPGRADE_PREVIEW, target: { planId: 'pro_plus', interval: 'month' } });
    await panel.sendState(withPlans(fixtures.pendingUpgrade, { outcome: { kind: 'requiresPayment', pending: PENDING_UPGRADE } }));
    const page = view('plan-preview')!;
    assert.match(page.textContent ?? '', /Your bank asks you to confirm the payment of \$13\.42 for Pro\+\./);
    await panel.click(button(page, 'Complete payment in the portal'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'plan_change_payment' }]);
  });

  it('requires payment, paid in the portal: back on the overview with the portal confirmation', async () => {
    const panel = await atPreview({ preview: UPGRADE_PREVIEW, target: { planId: 'pro_plus', interval: 'month' } });
    await panel.sendState(withPlans(fixtures.pendingUpgrade, { outcome: { kind: 'requiresPayment', pending: PENDING_UPGRADE } }));
    await panel.click(button(view('plan-preview')!, 'Complete payment in the portal'));
    const upgraded = fixtures.scheduledDowngrade.account!;
    await panel.sendState({
      ...fixtures.proWithPlans,
      account: { ...upgraded, subscription: { ...upgraded.subscription!, scheduledChange: null } },
      portal: { waiting: false, flow: 'plan_change_payment', confirmation: 'Payment received. You are on Pro+ now.' },
      plans: { ...NO_PLANS, outcome: { kind: 'applied', planId: 'pro_plus', interval: 'month' } },
    });
    assert.equal(view('plan-preview'), null);
    assert.ok(document.querySelector('.portal-notice')?.textContent?.includes('Payment received. You are on Pro+ now.'));
    assert.ok(within(subscriptionSection()).getByRole('heading', { name: 'Pro+' }));
  });

  it('a refusal (preview_stale): its sentence and Preview again', async () => {
    const panel = await atPreview({
      preview: UPGRADE_PREVIEW,
      target: { planId: 'pro_plus', interval: 'month' },
      refusal: { action: 'change', code: 'preview_stale', message: 'The subscription changed since the preview.' },
    });
    const page = view('plan-preview')!;
    assert.match(page.textContent ?? '', /Your subscription changed since this preview\. Nothing was charged\. Preview the change again\./);
    await panel.click(button(page, 'Preview again'));
    assert.deepEqual(panel.posted('previewPlanChange').at(-1), { type: 'previewPlanChange', planId: 'pro_plus', interval: 'month' });
  });

  it("a refusal the panel doesn't know: the service's sentence", async () => {
    await atPreview({ target: { planId: 'pro_plus', interval: 'month' }, refusal: { action: 'preview', code: 'new_rule', message: 'The service says no.' } });
    assert.match(view('plan-preview')!.textContent ?? '', /The service says no\./);
  });

  it('Back from the preview returns to the tiers', async () => {
    const panel = await atPreview({ preview: UPGRADE_PREVIEW, target: { planId: 'pro_plus', interval: 'month' } });
    await panel.click(button(view('plan-preview')!, 'Back'));
    assert.ok(view('change-plan-view'));
    assert.ok(panel.posted('dismissPlanChange').length >= 1);
  });
});

describe('panel: scheduled downgrade, cancel and resume', () => {
  it('a scheduled downgrade: "Switches to Pro on <date>" and Keep Pro+', async () => {
    const panel = await renderPanel({ state: fixtures.scheduledDowngrade });
    assert.equal(view('scheduled-change')?.textContent, 'Switches to Pro on Dec 1, 2026');
    await panel.click(button(subscriptionSection(), 'Keep Pro+'));
    assert.deepEqual(panel.posted('keepCurrentPlan'), [{ type: 'keepCurrentPlan' }]);
    await panel.sendState({ ...fixtures.scheduledDowngrade, plans: { ...NO_PLANS, refusal: { action: 'keep', code: 'no_scheduled_change', message: 'Nothing is scheduled.' } } });
    assert.match(document.body.textContent ?? '', /No plan change is scheduled any more\./);
  });

  it('the cancel dialog: what stops and when, an optional reason, and Cancel subscription', async () => {
    const panel = await renderPanel({ state: fixtures.proWithPlans });
    await panel.click(button(subscriptionSection(), 'Cancel subscription'));
    const dialog = view('cancel-dialog')!;
    assert.ok(within(dialog).getByRole('heading', { name: 'Cancel subscription' }));
    assert.equal(
      view('cancel-words')?.textContent,
      'Pro stays until Dec 1, 2026, then Free: 50 credits a month, no unlimited completions, no agent, no premium models.',
    );
    const reasons = within(dialog).getByRole('group', { name: 'Why are you canceling? (optional)' });
    assert.deepEqual(
      within(reasons).getAllByRole('radio').map((radio) => radio.parentElement?.textContent),
      ['Too expensive', 'Not using it enough', 'Missing features', 'Switching to another service', 'Technical issues', 'Other'],
    );
    await panel.click(within(reasons).getByLabelText('Too expensive'));
    await panel.typeInto(within(dialog).getByLabelText('Anything else you want to tell us? (optional)'), 'A bit much for me');
    await panel.click(button(dialog, 'Cancel subscription'));
    assert.deepEqual(panel.posted('cancelSubscription'), [{ type: 'cancelSubscription', reason: { code: 'too_expensive', comment: 'A bit much for me' } }]);
    await panel.sendState({ ...fixtures.canceling, plans: { ...NO_PLANS, outcome: { kind: 'canceled', endsAt: fixtures.canceling.account!.subscription!.currentPeriodEnd } } });
    assert.equal(view('cancel-dialog'), null);
    assert.match(view('plan-outcome')?.textContent ?? '', /Your subscription is canceled\. Your plan stays until Dec 1, 2026\./);
    assert.ok(hasButton(subscriptionSection(), 'Resume'));
  });

  it('the cancel dialog without a reason sends none; Keep subscription goes back', async () => {
    const panel = await renderPanel({ state: fixtures.proWithPlans });
    await panel.click(button(subscriptionSection(), 'Cancel subscription'));
    await panel.click(button(view('cancel-dialog')!, 'Cancel subscription'));
    assert.deepEqual(panel.posted('cancelSubscription'), [{ type: 'cancelSubscription' }]);
    await panel.click(button(view('cancel-dialog')!, 'Keep subscription'));
    assert.equal(view('cancel-dialog'), null);
    assert.ok(hasButton(subscriptionSection(), 'Cancel subscription'));
  });

  it('Switch to Free in the tiers is the cancel dialog', async () => {
    const panel = await atChangePlan();
    await panel.click(button(tier('free'), 'Switch to Free'));
    assert.ok(view('cancel-dialog'));
  });

  it('canceling: "Ends on <date>" and Resume; a resume refused says why', async () => {
    const panel = await renderPanel({ state: fixtures.canceling });
    assert.equal(view('cancellation')?.textContent, 'Ends on Dec 1, 2026');
    await panel.click(button(subscriptionSection(), 'Resume'));
    assert.deepEqual(panel.posted('resumeSubscription'), [{ type: 'resumeSubscription' }]);
    await panel.sendState({ ...fixtures.proWithPlans, plans: { ...NO_PLANS, outcome: { kind: 'resumed' } } });
    assert.match(view('plan-outcome')?.textContent ?? '', /Your subscription renews again\./);
  });
});

describe('panel: pending plan change', () => {
  it('a notice with the reason in words and Complete payment (the portal flow plan_change_payment)', async () => {
    const panel = await renderPanel({ state: fixtures.pendingUpgrade });
    const section = subscriptionSection();
    assert.match(section.textContent ?? '', /Upgrade to Pro\+ waiting for payment/);
    assert.equal(
      view('pending-plan-change')?.textContent,
      'Your bank asks you to confirm the payment of $13.42 for Pro+. Complete it in the payment portal by Nov 29, 2026; until then your plan stays as it is.',
    );
    await panel.click(button(section, 'Complete payment'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'plan_change_payment' }]);
    await panel.sendState({ ...fixtures.pendingUpgrade, portal: { waiting: true, flow: 'plan_change_payment', confirmation: null } });
    assert.ok(document.querySelector('.portal-notice')?.textContent?.includes('Waiting for the payment portal…'));
    await panel.sendState({ ...fixtures.proWithPlans, portal: { waiting: false, flow: 'plan_change_payment', confirmation: 'Payment received. You are on Pro+ now.' } });
    assert.ok(document.querySelector('.portal-notice')?.textContent?.includes('Payment received. You are on Pro+ now.'));
    assert.equal(view('pending-plan-change'), null);
    assert.equal(view('plan-outcome'), null, 'one success notice, not two');
  });
});
