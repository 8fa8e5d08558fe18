// Journey 6 (docs/journeys.md): a canceled (retries exhausted) or unpaid subscription with an
// outstanding balance is reactivated by paying that balance in the portal.
import * as assert from 'node:assert/strict';
import { AGENT_RAN_MESSAGE, PAID_AGENT_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { serviceAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { enterCard, payNow, portalOutcome, returnToEditor, TestCards, waitForPortalPage } from './support/portalPage';
import { commandPaletteTitle, useWorkbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

describe('journey 6: reactivate', () => {
  const workbench = useWorkbench({ paidAgent: true });

  for (const state of ['canceled', 'unpaid'] as const) {
    it(`reactivates ${state === 'unpaid' ? 'an' : 'a'} ${state} subscription when the outstanding balance is paid in the portal`, async () => {
      const wb = workbench();
      const account = await signedInAccount(wb, `reactivate-${state}`, state);
      const owed = (await serviceAccount(wb, account)).outstandingBalance;
      assert.equal(owed.amount, 2000, 'the sandbox set up $20.00 owed');
      await wb.clearNotifications();

      // Canceled: the panel's "Reactivate"; unpaid: the Command Palette.
      const portal = await wb.waitForExternalPage(async () => {
        if (state === 'unpaid') return wb.runCommand(commandPaletteTitle(CommandIds.payOutstandingBalance));
        const panel = await ManagePlanPanel.fromStatusBar(wb);
        await panel.waitForData();
        assert.match(await panel.section('subscription').innerText(), /Outstanding balance\s*\$20\.00/);
        return panel.button('Reactivate', panel.section('subscription')).click();
      });
      await waitForPortalPage(portal, 'pay');
      assert.match(await portal.locator('#amount-due').innerText(), /\$20\.00/);
      // The card on file is the one that kept failing: pay with another.
      await portal.getByRole('link', { name: 'Use a different card' }).click();
      await enterCard(portal, TestCards.succeeds);
      await payNow(portal);
      assert.equal(await portalOutcome(portal), 'paid');
      await returnToEditor(portal);

      await wb.waitForStatusBarText(/^\s*Pro\s*$/);
      await wb.notifications(/Payment received\. Your paid features are back/).waitFor();
      const after = await serviceAccount(wb, account);
      assert.equal(after.subscription?.status, 'active');
      assert.equal(after.outstandingBalance.amount, 0);

      await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
      await wb.notifications(AGENT_RAN_MESSAGE).waitFor();
      await wb.runCommand('View: Close All Editors');
    });
  }
});
