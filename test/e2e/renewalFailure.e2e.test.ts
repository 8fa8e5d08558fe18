// Journeys 4 and 5 (docs/journeys.md): a renewal payment fails (the sandbox clock passes the
// period end with a card that is declined) → "Past due" everywhere, the help
// page's advice for the decline, and paid features gated; a card added in the
// portal as the default pays the invoice → Pro again, a confirmation, and the
// paid feature works.
import * as assert from 'node:assert/strict';
import { advanceClock, setCardOutcome } from '../support/sandboxAdmin';
import { AGENT_RAN_MESSAGE, PAID_AGENT_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { serviceAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { addCard, portalOutcome, returnToEditor, TestCards } from './support/portalPage';
import { commandPaletteTitle, useWorkbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

const HOUR = 3_600_000;

describe('journeys 4 and 5: a renewal fails, then the user recovers', () => {
  const workbench = useWorkbench({ paidAgent: true });

  it('turns to "Past due" with a notification and gates paid features when the renewal is declined', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'renewal', 'active');
    await setCardOutcome(wb.sandboxUrl, account.id, 'insufficient_funds');
    assert.equal(await wb.statusBarHasWarningBackground(), false);

    // The billing clock passes the renewal date: the charge is declined.
    const before = await serviceAccount(wb, account);
    const periodEnd = Date.parse(before.subscription!.currentPeriodEnd);
    await advanceClock(wb.sandboxUrl, { hours: Math.ceil((periodEnd - Date.parse(before.asOf)) / HOUR) + 2 });
    const after = await serviceAccount(wb, account);
    assert.equal(after.subscription?.status, 'past_due', 'the sandbox declined the renewal');
    const failure = after.latestPaymentFailure!;

    await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
    await wb.waitForStatusBarText(/^\s*Past due\s*$/);
    assert.equal(await wb.statusBarHasWarningBackground(), true, 'the item has the warning background');

    const notification = wb.notifications(/Your payment of \$20\.00 failed/);
    await notification.waitFor();
    const text = await notification.innerText();
    assert.match(text, /Paid features are paused until it is paid/);
    assert.match(text, /insufficient funds/i, 'the reason in words');
    assert.match(text, /Use another card, or add funds and pay again\./, "the help page's advice");
    assert.ok(failure.nextRetryAt, 'the sandbox scheduled a retry');
    assert.match(text, /We'll retry on /);
    assert.ok(await wb.notificationButton(notification, 'Add Payment Method').isVisible(), 'the action the advice names');
    assert.ok(await wb.notificationButton(notification, 'Pay Now').isVisible());

    const tooltip = await wb.statusBarTooltip('Past due');
    assert.match(tooltip, /Payment of \$20\.00 failed/);
    assert.match(tooltip, /Next retry/);

    // The paid command refuses and offers to fix the payment.
    await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
    const gate = wb.dialog(/The agent is paused: your last payment failed/);
    await gate.waitFor();
    assert.ok(await wb.dialogButton('Update Payment Method').isVisible());
    await wb.dialogButton('Cancel').click();
    await gate.waitFor({ state: 'hidden' });
    assert.equal(await wb.notifications(AGENT_RAN_MESSAGE).count(), 0, 'the paid command did not run');
  });

  it('restores Pro at once, with a confirmation, after a card is added in the portal', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'recover', 'past_due');
    const notification = wb.notifications(/Your payment of \$20\.00 failed/);
    await notification.waitFor();

    // "Add Payment Method" on the notification opens the portal's form; the card becomes the default and pays.
    const portal = await wb.waitForExternalPage(() => wb.notificationButton(notification, 'Add Payment Method').click());
    assert.equal(new URL(portal.url()).origin, wb.sandboxUrl);
    await addCard(portal, TestCards.succeeds, { makeDefault: true });
    assert.equal(await portalOutcome(portal), 'card_added');
    assert.equal(await portal.locator('main').getAttribute('data-payment'), 'paid', 'the outstanding invoice was paid');
    await returnToEditor(portal);

    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    assert.equal(await wb.statusBarHasWarningBackground(), false);
    await wb.notifications(/Payment received\. Your paid features are back/).waitFor();

    await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
    await wb.notifications(AGENT_RAN_MESSAGE).waitFor();
    assert.equal(await wb.dialog().count(), 0, 'no gate in the way');
  });

  it("shows the past-due banner in the panel: amount due, reason, the help page's advice and next retry", async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'banner', 'past_due');
    const failure = (await serviceAccount(wb, account)).latestPaymentFailure;
    assert.ok(failure?.nextRetryAt, 'the sandbox scheduled a retry');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.pastDueBanner.waitFor();
    const banner = await panel.pastDueBanner.innerText();
    assert.match(banner, /Payment failed: \$20\.00 is past due/);
    assert.match(banner, /The card has insufficient funds\./);
    assert.match(banner, /Use another card, or add funds and pay again\./);
    const retry = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(failure.nextRetryAt));
    assert.match(banner, new RegExp(`Next automatic retry on ${retry}`));
    assert.ok(await panel.button('Add payment method', panel.pastDueBanner).isVisible());
    assert.ok(await panel.button('Pay now', panel.pastDueBanner).isVisible());
    await wb.runCommand('View: Close All Editors');
  });
});
