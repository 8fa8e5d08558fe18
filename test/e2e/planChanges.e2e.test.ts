// Journeys 15 and 16 (docs/journeys.md): plan changes in the Manage Plan panel. A Pro account with a
// card on file upgrades to Pro+ (previewed, then confirmed and charged), schedules a downgrade back
// to Pro and keeps Pro+ instead, cancels with a reason and resumes. The status bar follows each
// change without a reload. Needs the sandbox's plan routes (GET /v1/plans, /v1/subscription/*).
import * as assert from 'node:assert/strict';
import { serviceAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { useWorkbench } from './support/workbench';

describe('journeys 15 and 16: change plan, cancel and resume', () => {
  const workbench = useWorkbench();

  afterEach(async () => {
    await workbench().runCommand('View: Close All Editors');
  });

  it('upgrades Pro to Pro+, schedules a downgrade and keeps Pro+, cancels with a reason and resumes', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'plan-changes', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();

    // The tiers side by side, Pro current.
    await panel.button('Change plan', panel.section('subscription')).click();
    await panel.changePlan.waitFor();
    await panel.tier('pro').filter({ hasText: 'Current plan' }).waitFor({ timeout: 20_000 });
    assert.match(await panel.tier('pro_plus').innerText(), /\$40\.00 a month/);

    // Upgrade: previewed in words, nothing charged before the confirmation.
    await panel.button('Upgrade to Pro+', panel.tier('pro_plus')).click();
    await panel.previewWords.waitFor({ timeout: 20_000 });
    assert.match(await panel.previewWords.innerText(), /^You pay \$[\d.]+ .*now for the rest of this period\. From .+ you pay \$40\.00 a month\.$/);
    await panel.button(/^Confirm and pay \$[\d.]+$/, panel.planPreview).click();
    await panel.planOutcome.filter({ hasText: 'You are on Pro+ now.' }).waitFor({ timeout: 30_000 });
    await wb.waitForStatusBarText(/^\s*Pro\+\s*$/);
    assert.equal((await serviceAccount(wb, account)).plan.id, 'pro_plus');

    // Downgrade: scheduled for the period end, then undone with Keep Pro+.
    await panel.button('Change plan', panel.section('subscription')).click();
    await panel.button('Switch to Pro', panel.tier('pro')).click();
    await panel.previewWords.filter({ hasText: 'Nothing is charged now.' }).waitFor({ timeout: 20_000 });
    await panel.button('Confirm downgrade', panel.planPreview).click();
    await panel.scheduledChange.filter({ hasText: /^Switches to Pro on / }).waitFor({ timeout: 30_000 });
    assert.match(await wb.statusBarTooltip(/Switches to Pro on/), /Switches to Pro on/);
    await panel.button('Keep Pro+', panel.section('subscription')).click();
    await panel.scheduledChange.waitFor({ state: 'detached', timeout: 30_000 });

    // Cancel with a reason, then resume.
    await panel.button('Cancel subscription', panel.section('subscription')).click();
    await panel.cancelDialog.waitFor();
    assert.match(await panel.cancelDialog.innerText(), /Pro\+ stays until .+, then Free: /);
    await panel.cancelDialog.getByRole('radio', { name: 'Too expensive' }).check();
    await panel.button('Cancel subscription', panel.cancelDialog).click();
    await panel.section('subscription').filter({ hasText: /Ends on / }).waitFor({ timeout: 30_000 });
    await wb.waitForStatusBarText(/Pro\+ · ends /);
    await panel.button('Resume', panel.section('subscription')).click();
    await panel.planOutcome.filter({ hasText: 'Your subscription renews again.' }).waitFor({ timeout: 30_000 });
    await wb.waitForStatusBarText(/^\s*Pro\+\s*$/);
  });
});
