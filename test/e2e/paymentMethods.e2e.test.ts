// Journey 13 (docs/journeys.md): saved payment methods. A second card
// (Mastercard debit 5200 8282 8282 8210) is added in the portal and both show
// in the panel; it is made the default in the editor; the old one is removed
// after the editor's modal confirmation; the only card of a subscription that
// still charges cannot be removed, and the panel says why.
import * as assert from 'node:assert/strict';
import { serviceAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { addCard, portalOutcome, returnToEditor, TestCards } from './support/portalPage';
import { useWorkbench } from './support/workbench';

describe('journey 13: payment methods', () => {
  const workbench = useWorkbench();

  afterEach(async () => {
    await workbench().runCommand('View: Close All Editors');
  });

  it('adds a Mastercard debit card in the portal, makes it the default, and removes the old card', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'two-cards', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const visa = panel.savedCard('4242');
    await visa.filter({ hasText: 'Default' }).waitFor();

    // Add: the portal's form, with the card's billing address; not the default yet.
    const portal = await wb.waitForExternalPage(() => panel.button('Add payment method', panel.section('payment-methods')).click());
    assert.equal(new URL(portal.url()).origin, wb.sandboxUrl, 'the portal is the service’s page');
    await addCard(portal, TestCards.mastercardDebit, { makeDefault: false, address: { line1: '12 Analytical Row', city: 'London', postalCode: 'EC1A 1BB', country: 'GB' } });
    assert.equal(await portalOutcome(portal), 'card_added');
    await returnToEditor(portal);

    const mastercard = panel.savedCard('8210');
    await mastercard.waitFor({ timeout: 20_000 });
    await panel.portalNotice.filter({ hasText: 'Card added: Mastercard ending 8210.' }).waitFor();
    assert.equal(await panel.savedCards().count(), 2, 'both cards');
    const text = await mastercard.innerText();
    assert.match(text, /Mastercard •••• 8210/);
    assert.match(text, /Debit/);
    assert.match(text, /Expires 12\/2034/);
    assert.doesNotMatch(text, /Default/);
    assert.equal(await mastercard.locator('.brand-mark--mastercard svg').count(), 1, 'its brand mark');

    // Make default, in the editor.
    await panel.button(/^Make default: Mastercard ending in 8210$/, mastercard).click();
    await mastercard.filter({ hasText: 'Default' }).waitFor({ timeout: 20_000 });
    await panel.section('payment-methods').locator('.card-change-notice', { hasText: 'Mastercard ending in 8210 is now your default card.' }).waitFor();
    assert.match(await panel.savedCards().first().innerText(), /Mastercard •••• 8210/, 'the default comes first');
    assert.equal((await serviceAccount(wb, account)).paymentMethod?.last4, '8210', 'renewals now charge it');

    // Remove the old card: the editor asks first.
    await panel.button(/^Remove Visa ending in 4242$/, visa).click();
    const confirm = wb.dialog(/Remove the Visa card ending 4242\?/);
    await confirm.waitFor();
    await wb.dialogButton(/^Remove$/).click();
    await confirm.waitFor({ state: 'hidden' });
    await visa.waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(await panel.savedCards().count(), 1);
    await panel.section('payment-methods').locator('.card-change-notice', { hasText: 'Visa ending in 4242 was removed.' }).waitFor();
  });

  it('will not remove the only card of a subscription that still charges, and says to add another first', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'one-card', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const visa = panel.savedCard('4242');
    await visa.waitFor();
    await panel.button(/^Remove Visa ending in 4242$/, visa).click();
    await wb.dialog(/Remove the Visa card ending 4242\?/).waitFor();
    await wb.dialogButton(/^Remove$/).click();
    const notice = panel.section('payment-methods').locator('.card-change-notice');
    await notice.filter({ hasText: "Couldn't remove the card" }).waitFor({ timeout: 20_000 });
    assert.match(await notice.innerText(), /Add another card first, then remove this one\./);
    assert.equal(await panel.savedCards().count(), 1, 'the card stays');
  });
});
