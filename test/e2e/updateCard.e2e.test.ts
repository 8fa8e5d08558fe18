// Journey 3 (docs/journeys.md): a card in the panel is edited in the hosted
// portal (a new expiry and billing address), or a new one added (with a 3-D
// Secure challenge when the bank asks); the panel and the status bar show it
// within seconds, without a reload.
import * as assert from 'node:assert/strict';
import { type Locator } from 'playwright-core';
import { serviceAccount, signedInAccount, signedInDemoAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { addCard, editCard, portalOutcome, returnToEditor, TestCards } from './support/portalPage';
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

  it('edits a card that expires before the renewal: the new expiry shows in the panel and the status bar, without a reload', async () => {
    const wb = workbench();
    // pro@'s Visa expires at the end of this month, before the next renewal.
    const account = await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const last4 = (await serviceAccount(wb, account)).paymentMethod!.last4;
    assert.match(await wb.statusBarTooltip('Card ending'), new RegExp(`Card ending ${last4} expires .* before the next renewal`));

    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const card = panel.savedCard(last4);
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`Visa •••• ${last4}`));
    assert.match(await card.innerText(), /expires before your next payment/);
    const body = panel.content.locator('body');
    await markDocument(body);

    const portal = await wb.waitForExternalPage(() => panel.button(new RegExp(`^Edit Visa ending in ${last4}$`), card).click());
    assert.equal(new URL(portal.url()).origin, wb.sandboxUrl, 'the portal is the service’s page');
    await panel.portalNotice.filter({ hasText: 'Waiting for the payment portal' }).waitFor();
    await editCard(portal, { expiry: '12/34', address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' } });
    assert.equal(await portalOutcome(portal), 'card_updated');
    await returnToEditor(portal);

    await card.filter({ hasText: 'Expires 12/2034' }).waitFor({ timeout: SECONDS });
    assert.doesNotMatch(await card.innerText(), /expires before your next payment/);
    await panel.portalNotice.filter({ hasText: `Card ending ${last4} updated.` }).waitFor();
    assert.ok(await documentWasKept(body), 'the panel updated in place (no reload)');
    const edited = (await serviceAccount(wb, account)).paymentMethod;
    assert.equal(edited?.billingAddress?.city, 'Berlin', 'the billing address entered with it');
    assert.doesNotMatch(await wb.statusBarTooltip('Verified'), /Card ending/, 'the status bar no longer warns about the card');
    assert.match(await wb.statusBarText(), /^Pro$/);
  });

  it('adds a card that asks for 3-D Secure once the bank challenge is approved', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'threeds', 'active');
    const panel = await ManagePlanPanel.fromCommandPalette(wb);
    await panel.waitForData();
    await panel.savedCard('4242').waitFor();
    const body = panel.content.locator('body');
    await markDocument(body);

    const portal = await wb.waitForExternalPage(() => panel.button('Add payment method', panel.section('payment-methods')).click());
    await addCard(portal, TestCards.threeDSecure, { threeDS: 'approve' });
    assert.equal(await portalOutcome(portal), 'card_added');
    await returnToEditor(portal);

    // "Make this my default card" was ticked: the new card leads the list as the default.
    const added = panel.savedCard('3184');
    await added.filter({ hasText: 'Default' }).waitFor({ timeout: SECONDS });
    await panel.portalNotice.filter({ hasText: 'Card added: Visa ending 3184.' }).waitFor();
    assert.equal(await panel.savedCards().count(), 2);
    assert.match(await panel.savedCards().first().innerText(), /Visa •••• 3184/);
    assert.ok(await documentWasKept(body), 'the panel updated in place (no reload)');
    assert.match(await wb.statusBarText(), /^Pro$/);
  });
});
