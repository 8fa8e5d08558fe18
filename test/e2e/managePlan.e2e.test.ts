// Journey 2 (docs/journeys.md): Manage Plan from the status bar and from the Command Palette
// opens one panel (the second open reveals it) showing the plan and price,
// status, next billing date and amount with its tax, every saved card with
// the expiry warning, billing information and the invoice history with more
// pages on demand.
import * as assert from 'node:assert/strict';
import { type Money } from '../../shared/contract/common';
import { serviceAccount, signedInDemoAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { useWorkbench } from './support/workbench';

const money = (m: Money) => new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).format(m.amount / 100);
const day = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(iso));

describe('journey 2: Manage Plan', () => {
  const workbench = useWorkbench();

  it('opens one panel from the status bar and the Command Palette, showing the whole account', async () => {
    const wb = workbench();
    // pro@: active Pro, a card that expires before the next renewal, a year of paid invoices.
    const account = await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const summary = await serviceAccount(wb, account);
    const card = summary.paymentMethod!;
    const upcoming = summary.upcomingInvoice!;

    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    assert.equal(await panel.tabs().count(), 1);
    assert.match(await panel.content.locator('header').innerText(), /pro@sandbox\.test/);

    const subscription = await panel.section('subscription').innerText();
    assert.match(subscription, /\bPro\b/, 'plan name');
    assert.match(subscription, /\$20\.00 per month/, 'price and interval');
    assert.match(subscription, /Active/, 'status');
    // pro@ is an EU business with a valid VAT ID: the next invoice is a reverse charge.
    assert.match(subscription, new RegExp(`Next payment\\s*${escape(money(upcoming.subtotal))} \\(VAT reverse charge\\) on ${escape(day(upcoming.date))}`), 'next billing date, amount and tax');

    const payment = panel.savedCard(card.last4);
    await payment.waitFor();
    const defaultCard = await payment.innerText();
    assert.match(defaultCard, new RegExp(`Visa •••• ${card.last4}`));
    assert.match(defaultCard, /Default/);
    assert.match(defaultCard, new RegExp(`Expires ${String(card.expMonth).padStart(2, '0')}/${card.expYear}`));
    assert.match(defaultCard, /This card expires before your next payment/, 'the expiry warning');
    await panel.savedCard('8210').waitFor();
    assert.match(await panel.savedCard('8210').innerText(), /Mastercard •••• 8210[\s\S]*Debit/, 'every saved card');

    const billing = await panel.section('billing-info').innerText();
    if (summary.billingDetails.name) assert.match(billing, new RegExp(escape(summary.billingDetails.name)));
    if (summary.billingDetails.address) assert.match(billing, new RegExp(escape(summary.billingDetails.address.line1)));

    const rows = panel.invoiceRows();
    const firstPage = await rows.count();
    assert.ok(firstPage > 0, 'invoices are listed');
    const first = await rows.first().innerText();
    assert.match(first, /\$20\.00/);
    assert.match(first, /Paid/);
    assert.ok(await panel.button('PDF', rows.first()).isVisible(), 'each invoice has a PDF download');
    // A year of invoices does not fit one page: more on demand.
    await panel.button('Load more', panel.section('invoices')).click();
    await rows.nth(firstPage).waitFor();
    assert.ok((await rows.count()) > firstPage);

    // With another editor in front, the Command Palette reveals the same panel: no second tab.
    await wb.runCommand('File: New Untitled Text File');
    await wb.editorTabs(/Untitled/).first().waitFor();
    assert.doesNotMatch((await panel.tabs().first().getAttribute('class')) ?? '', /\bactive\b/);
    const again = await ManagePlanPanel.fromCommandPalette(wb);
    await again.waitForData();
    assert.equal(await again.tabs().count(), 1, 'one Manage Plan tab');
    await again.tabs().and(wb.page.locator('.tab.active')).waitFor();
    await ManagePlanPanel.fromStatusBar(wb);
    assert.equal(await panel.tabs().count(), 1, 'still one Manage Plan tab');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
