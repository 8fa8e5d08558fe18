// Journey 3 (docs/journeys.md): "Update payment method" in the panel opens the hosted portal; a
// card entered there (with a 3-D Secure challenge when the bank asks) shows
// up in the panel and the status bar within seconds, without a reload.
import * as assert from 'node:assert/strict';
import { type Locator } from 'playwright-core';
import { demoAccount, putCardOnFile, serviceAccount, signedInAccount, signInAs } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { enterCard, portalOutcome, returnToEditor, TestCards } from './support/portalPage';
import { useWorkbench } from './support/workbench';

/** How long "within seconds" may take here: the core's portal poll plus a render. */
const SECONDS = 20_000;

/** Marks the webview's document, to tell later that it was updated in place, not reloaded. */
async function markDocument(body: Locator): Promise<void> {
  await body.evaluate(() => document.body.setAttribute('data-e2e-mark', 'before'));
}

async function documentWasKept(body: Locator): Promise<boolean> {
  return (await body.getAttribute('data-e2e-mark')) === 'before';
}

describe('journey 3: update the card', () => {
  const workbench = useWorkbench();

  it('shows a card saved in the portal in the panel and the status bar, without a reload', async () => {
    const wb = workbench();
    // pro@ renews just after its card expires; give it a Mastercard expiring then too.
    const account = await demoAccount(wb, 'pro@sandbox.test');
    const { paymentMethod } = await serviceAccount(wb, account);
    const expiry = `${String(paymentMethod!.expMonth).padStart(2, '0')}/${String(paymentMethod!.expYear).slice(-2)}`;
    await putCardOnFile(wb, account, { number: '5555 5555 5555 4444', expiry });
    await signInAs(wb, account, 'active');
    assert.match(await wb.statusBarTooltip('Card ending'), /Card ending 4444 expires .* before the next renewal/);

    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const payment = panel.section('payment-method');
    assert.match(await payment.innerText(), /Mastercard •••• 4444/);
    assert.match(await payment.innerText(), /expires before your next payment/);
    const body = panel.content.locator('body');
    await markDocument(body);

    const portal = await wb.waitForExternalPage(() => panel.button('Update payment method', payment).click());
    assert.equal(new URL(portal.url()).origin, wb.sandboxUrl, 'the portal is the service’s page');
    await panel.portalNotice.filter({ hasText: 'Waiting for the payment portal' }).waitFor();
    await enterCard(portal, TestCards.succeeds);
    assert.equal(await portalOutcome(portal), 'card_saved');
    await returnToEditor(portal);

    await payment.filter({ hasText: 'Visa •••• 4242' }).waitFor({ timeout: SECONDS });
    assert.match(await payment.innerText(), /Expires 12\/2034/);
    assert.doesNotMatch(await payment.innerText(), /expires before your next payment/);
    assert.ok(await documentWasKept(body), 'the panel updated in place (no reload)');
    assert.doesNotMatch(await wb.statusBarTooltip('Verified'), /Card ending/, 'the status bar no longer warns about the old card');
    assert.match(await wb.statusBarText(), /^Pro$/);
  });

  it('saves a card that asks for 3-D Secure once the bank challenge is approved', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'threeds', 'active');
    const panel = await ManagePlanPanel.fromCommandPalette(wb);
    await panel.waitForData();
    const payment = panel.section('payment-method');
    assert.match(await payment.innerText(), /Visa •••• 4242/);
    const body = panel.content.locator('body');
    await markDocument(body);

    const portal = await wb.waitForExternalPage(() => panel.button('Update payment method', payment).click());
    await enterCard(portal, TestCards.threeDSecure, { threeDS: 'approve' });
    assert.equal(await portalOutcome(portal), 'card_saved');
    await returnToEditor(portal);

    await payment.filter({ hasText: 'Visa •••• 3184' }).waitFor({ timeout: SECONDS });
    assert.ok(await documentWasKept(body), 'the panel updated in place (no reload)');
    assert.match(await wb.statusBarText(), /^Pro$/);
  });
});
