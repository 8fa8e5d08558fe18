// Journeys 15 and 16 (docs/journeys.md): plan changes in the Manage Plan panel, each on a fresh
// account: Pro → Pro+ previewed, confirmed and charged; Pro+ → Pro scheduled for the period end,
// then kept; cancel with a reason, then resume; an upgrade the card declines, finished in the
// portal with another card. The status bar follows each change without a reload. (Free → Pro
// through the portal's card form and the "Upgrade to Power" gate: gating.e2e.test.ts.)
import * as assert from 'node:assert/strict';
import { type PlanId } from '../../shared/contract/planId';
import { setAccountState } from '../support/sandboxAdmin';
import { freshAccount, putCardOnFile, serviceAccount, serviceInvoices, signedInAccount, signInThroughBrowser, ensureSignedOut, type JourneyAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { addCard, returnToEditor, TestCards, waitForPortalPage } from './support/portalPage';
import { useWorkbench, type Workbench } from './support/workbench';

/** A fresh active account on `plan` (monthly, Visa 4242), signed in; resolves once the status bar names the tier. */
async function signedInOnPlan(wb: Workbench, label: string, plan: Exclude<PlanId, 'free'>, statusText: RegExp): Promise<JourneyAccount> {
  const account = await freshAccount(wb, label, 'active');
  await setAccountState(wb.sandboxUrl, account.id, 'active', { plan });
  await ensureSignedOut(wb);
  await signInThroughBrowser(wb, account.email);
  await wb.waitForStatusBarText(statusText);
  return account;
}

async function openChangePlan(wb: Workbench): Promise<ManagePlanPanel> {
  const panel = await ManagePlanPanel.fromStatusBar(wb);
  await panel.waitForData();
  await panel.button('Change plan', panel.section('subscription')).click();
  await panel.changePlan.waitFor();
  return panel;
}

describe('journeys 15 and 16: change plan, cancel and resume', () => {
  const workbench = useWorkbench();

  afterEach(async () => {
    await workbench().runCommand('View: Close All Editors');
  });

  it('upgrades Pro to Pro+: the tiers side by side, the preview in words, charged only on confirmation', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'upgrade', 'active');
    const panel = await openChangePlan(wb);

    // The tiers side by side, Pro current, prices for the chosen interval.
    await panel.tier('pro').filter({ hasText: 'Current plan' }).waitFor({ timeout: 20_000 });
    assert.equal(await panel.changePlan.locator('[data-testid^="tier-"]').count(), 4, 'Free, Pro, Pro+ and Power');
    assert.match(await panel.tier('pro_plus').innerText(), /\$40\.00 a month/);
    await panel.interval('Annual').check();
    await panel.tier('pro_plus').filter({ hasText: /\$400\.00 a year/ }).waitFor();
    await panel.interval('Monthly').check();
    await panel.tier('pro_plus').filter({ hasText: /\$40\.00 a month/ }).waitFor();

    // Previewed: nothing charged yet.
    const invoicesBefore = (await serviceInvoices(wb, account)).data.length;
    await panel.button('Upgrade to Pro+', panel.tier('pro_plus')).click();
    await panel.previewWords.waitFor({ timeout: 20_000 });
    assert.match(await panel.previewWords.innerText(), /^You pay \$[\d.]+ .*now for the rest of this period\. From .+ you pay \$40\.00 a month\.$/);
    assert.equal((await serviceInvoices(wb, account)).data.length, invoicesBefore, 'a preview issues no invoice');
    assert.equal((await serviceAccount(wb, account)).plan.id, 'pro');

    // Confirmed: charged on its own invoice, the plan changes, the status bar follows without a reload.
    await panel.button(/^Confirm and pay \$[\d.]+$/, panel.planPreview).click();
    await panel.planOutcome.filter({ hasText: 'You are on Pro+ now.' }).waitFor({ timeout: 30_000 });
    await wb.waitForStatusBarText(/^\s*Pro\+\s*$/);
    assert.equal((await serviceAccount(wb, account)).plan.id, 'pro_plus');
    const invoices = (await serviceInvoices(wb, account)).data;
    assert.equal(invoices.length, invoicesBefore + 1, 'one proration invoice');
    assert.equal(invoices[0]?.status, 'paid');
  });

  it('schedules a downgrade from Pro+ to Pro for the period end, then keeps Pro+', async () => {
    const wb = workbench();
    const account = await signedInOnPlan(wb, 'downgrade', 'pro_plus', /^\s*Pro\+\s*$/);
    const panel = await openChangePlan(wb);
    await panel.tier('pro_plus').filter({ hasText: 'Current plan' }).waitFor({ timeout: 20_000 });

    await panel.button('Switch to Pro', panel.tier('pro')).click();
    await panel.previewWords.filter({ hasText: 'Nothing is charged now.' }).waitFor({ timeout: 20_000 });
    await panel.button('Confirm downgrade', panel.planPreview).click();
    await panel.scheduledChange.filter({ hasText: /^Switches to Pro on / }).waitFor({ timeout: 30_000 });
    assert.match(await wb.statusBarTooltip(/Switches to Pro on/), /Switches to Pro on/);
    const scheduled = (await serviceAccount(wb, account)).subscription;
    assert.equal(scheduled?.planId, 'pro_plus', 'still Pro+ until the period end');
    assert.equal(scheduled?.scheduledChange?.to.planId, 'pro');
    assert.equal(scheduled?.scheduledChange?.effectiveAt, scheduled?.currentPeriodEnd);

    await panel.button('Keep Pro+', panel.section('subscription')).click();
    await panel.scheduledChange.waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal((await serviceAccount(wb, account)).subscription?.scheduledChange, null);
    await wb.waitForStatusBarText(/^\s*Pro\+\s*$/);
  });

  it('cancels with a reason, says what stops and when, then resumes', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'cancel', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();

    await panel.button('Cancel subscription', panel.section('subscription')).click();
    await panel.cancelDialog.waitFor();
    // The credits come from the plan catalogue, which the dialog asks for when it opens.
    const words = panel.cancelDialog.getByTestId('cancel-words');
    await words.filter({ hasText: /credits a month/ }).waitFor({ timeout: 30_000 });
    assert.match(await words.innerText(), /^Pro stays until .+, then Free: 50 credits a month, no unlimited completions/);
    await panel.cancelDialog.getByRole('radio', { name: 'Missing features' }).check();
    await panel.cancelDialog.getByRole('textbox', { name: /Anything else/ }).fill('I need offline models.');
    await panel.button('Cancel subscription', panel.cancelDialog).click();
    await panel.section('subscription').filter({ hasText: /Ends on / }).waitFor({ timeout: 30_000 });
    await wb.waitForStatusBarText(/Pro · ends /);
    assert.equal((await serviceAccount(wb, account)).subscription?.cancelAtPeriodEnd, true);

    await panel.button('Resume', panel.section('subscription')).click();
    await panel.planOutcome.filter({ hasText: 'Your subscription renews again.' }).waitFor({ timeout: 30_000 });
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    assert.equal((await serviceAccount(wb, account)).subscription?.cancelAtPeriodEnd, false);
  });

  it('finishes an upgrade the card declined in the portal, with another card', async () => {
    const wb = workbench();
    const account = await freshAccount(wb, 'declined-upgrade', 'active');
    await putCardOnFile(wb, account, { number: '4000000000000341', expiry: '12/34' });
    await ensureSignedOut(wb);
    await signInThroughBrowser(wb, account.email);
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    const panel = await openChangePlan(wb);

    await panel.button('Upgrade to Pro+', panel.tier('pro_plus')).click();
    await panel.button(/^Confirm and pay \$[\d.]+$/, panel.planPreview).click();
    const pending = panel.planPreview.locator('.plan-pending');
    await pending.filter({ hasText: 'Your payment needs you in the payment portal' }).waitFor({ timeout: 30_000 });
    assert.match(await pending.innerText(), /was declined/);
    assert.equal((await serviceAccount(wb, account)).plan.id, 'pro', 'nothing changed');
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);

    const portal = await wb.waitForExternalPage(() => panel.button('Complete payment in the portal', panel.planPreview).click());
    await waitForPortalPage(portal, 'plan-change-payment');
    assert.match(await portal.locator('main').innerText(), /Upgrade to Pro\+/);
    await portal.getByRole('link', { name: 'Use a new card' }).click();
    await addCard(portal, TestCards.succeeds);
    await portal.locator('main[data-outcome="plan_changed"]').waitFor({ timeout: 15_000 });
    await returnToEditor(portal);

    await wb.waitForStatusBarText(/^\s*Pro\+\s*$/);
    await panel.portalNotice.filter({ hasText: 'Payment received. You are on Pro+ now.' }).waitFor({ timeout: 30_000 });
    const after = await serviceAccount(wb, account);
    assert.equal(after.plan.id, 'pro_plus');
    assert.equal(after.pendingPlanChange, null);
    assert.equal(after.paymentMethod?.last4, '4242', 'the new card is the default');
  });
});
