// Journey 7 (docs/journeys.md): a paid command run by a signed-out, Free or past-due user says
// why and offers the one action that fixes it (for Free: "Upgrade to Pro" in the Manage Plan
// panel, journey 15); after that action it checks again and runs. Paid menu items are hidden
// through context keys.
import * as assert from 'node:assert/strict';
import { AGENT_RAN_MESSAGE, BACKGROUND_AGENT_COMMAND_TITLE, BACKGROUND_AGENT_RAN_MESSAGE, PAID_AGENT_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { ensureSignedOut, freshAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { addCard, enterCard, returnToEditor, TestCards, waitForPortalPage } from './support/portalPage';
import { useWorkbench, type Workbench } from './support/workbench';

/** The gated fixture's paid command; its palette entry is shown only while planBilling.feature.ai.agent is true. */
const GATED_FIXTURE_COMMAND = 'Gated Fixture: Run Agent (paid)';

/** Runs the paid command and returns the gate dialog it opened (which must contain `message`). */
async function runPaidCommandExpectingGate(wb: Workbench, message: RegExp): Promise<void> {
  await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
  await wb.dialog(message).waitFor();
}

async function agentPaletteEntries(wb: Workbench): Promise<string[]> {
  return wb.commandPaletteRows('Agent', PAID_AGENT_COMMAND_TITLE);
}

describe('journey 7: gating paid features', () => {
  const workbench = useWorkbench({ paidAgent: true });

  beforeEach(async () => {
    await workbench().clearNotifications();
  });

  it('asks a signed-out user to sign in, then runs the command', async () => {
    const wb = workbench();
    await ensureSignedOut(wb);
    const account = await freshAccount(wb, 'gate-signedout', 'active');

    await runPaidCommandExpectingGate(wb, /The agent needs a Plan & Billing account/);
    assert.match(await wb.dialog().innerText(), /Sign in to use it/);
    const page = await wb.waitForExternalPage(() => wb.dialogButton('Sign In').click());
    await page.getByRole('button', { name: account.email }).click();

    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await wb.notifications(AGENT_RAN_MESSAGE).waitFor();
    await page.close();
  });

  it('offers a Free user the lowest tier in the panel, pays its first period in the portal, then runs the command once Pro', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'gate-free', 'free');

    await runPaidCommandExpectingGate(wb, /The agent is part of Pro/);
    assert.match(await wb.dialog().innerText(), /Upgrade your plan to use it/);
    await wb.dialogButton('Upgrade to Pro').click();
    // The Manage Plan panel's Change plan view, at the tier that grants the agent.
    const panel = await new ManagePlanPanel(wb).shown();
    await panel.tier('pro').filter({ hasText: 'Includes what you asked for' }).waitFor({ timeout: 20_000 });
    await panel.button('Upgrade to Pro', panel.tier('pro')).click();
    await panel.previewWords.filter({ hasText: /^You pay \$[\d.]+( \(including \$[\d.]+ tax\))? now\. Pro renews on / }).waitFor({ timeout: 20_000 });
    await panel.button(/^Confirm and pay \$[\d.]+$/, panel.planPreview).click();
    // Free with no card on file: the first period is paid in the portal.
    const portal = await wb.waitForExternalPage(() => panel.button('Complete payment in the portal', panel.planPreview).click());
    await wb.notifications('Waiting for your plan change').waitFor();
    await waitForPortalPage(portal, 'plan-change-payment');
    await portal.getByRole('link', { name: 'Use a new card' }).click();
    await addCard(portal, TestCards.succeeds);
    await portal.locator('main[data-outcome="plan_changed"]').waitFor({ timeout: 15_000 });
    await returnToEditor(portal);

    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await wb.notifications(AGENT_RAN_MESSAGE).waitFor();
  });

  it('offers a Pro user Power for a Power-only command, confirms the upgrade in the panel and runs it without a reload', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'gate-power', 'active');

    await wb.runCommand(BACKGROUND_AGENT_COMMAND_TITLE);
    await wb.dialog(/Background agents is part of Power/).waitFor();
    await wb.dialogButton('Upgrade to Power').click();
    const panel = await new ManagePlanPanel(wb).shown();
    await panel.tier('power').filter({ hasText: 'Includes what you asked for' }).waitFor({ timeout: 20_000 });
    await panel.tier('pro').filter({ hasText: 'Current plan' }).waitFor();
    // By keyboard: the gate's "Waiting for your plan change…" toast sits over the rightmost tier.
    await panel.button('Upgrade to Power', panel.tier('power')).press('Enter');
    await panel.previewWords.filter({ hasText: /you pay \$200\.00 a month\.$/ }).waitFor({ timeout: 20_000 });
    // The card on file is charged on confirmation: no portal, and the command runs once Power.
    await panel.button(/^Confirm and pay \$[\d.]+$/, panel.planPreview).click();
    await wb.waitForStatusBarText(/^\s*Power\s*$/);
    await wb.notifications(BACKGROUND_AGENT_RAN_MESSAGE).waitFor();
    assert.equal(wb.context.pages().length, 1, 'no portal page was opened');
  });

  it('offers a past-due user to fix the payment, then runs the command once paid', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'gate-pastdue', 'past_due');

    await runPaidCommandExpectingGate(wb, /The agent is paused: your last payment failed/);
    const portal = await wb.waitForExternalPage(() => wb.dialogButton('Update Payment Method').click());
    await enterCard(portal, TestCards.succeeds);
    await returnToEditor(portal);

    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await wb.notifications(AGENT_RAN_MESSAGE).waitFor();
  });

  it('hides the paid menu item through context keys unless the plan grants it', async () => {
    const wb = workbench();
    const shown: Record<string, boolean> = {};
    await ensureSignedOut(wb);
    shown['signed out'] = (await agentPaletteEntries(wb)).includes(GATED_FIXTURE_COMMAND);
    for (const state of ['free', 'past_due', 'active'] as const) {
      await signedInAccount(wb, `menu-${state.replace('_', '')}`, state);
      shown[state] = (await agentPaletteEntries(wb)).includes(GATED_FIXTURE_COMMAND);
    }
    // Both ways are checked before asserting, so a failure shows the whole picture.
    assert.deepEqual(shown, { 'signed out': false, free: false, past_due: false, active: true }, `"${GATED_FIXTURE_COMMAND}" in the Command Palette`);
  });

  it('changes nothing when the user dismisses the offer', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'gate-dismiss', 'free');
    await runPaidCommandExpectingGate(wb, /The agent is part of Pro/);
    await wb.dialogButton('Cancel').click();
    await wb.dialog().waitFor({ state: 'hidden' });
    assert.match(await wb.statusBarText(), /^Free$/);
    assert.equal(await wb.notifications(AGENT_RAN_MESSAGE).count(), 0);
    assert.equal(wb.context.pages().length, 1, 'no portal page was opened');
  });
});
