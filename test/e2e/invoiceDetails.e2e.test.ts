// Journey 14 (docs/journeys.md): an invoice's details (lines, tax, total,
// billing details as issued, payment attempts) opened from the list, its PDF
// downloaded from there, and the way back to where the list was; the
// payments history after a failed and a recovered renewal; and tax where an
// amount is: an EU business with a valid VAT ID sees the reverse charge on
// its next invoice, a consumer sees VAT.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds } from '../../shared/productIdentity';
import { advanceClock, setCardOutcome } from '../support/sandboxAdmin';
import { freshAccount, type JourneyAccount, putBillingDetails, serviceAccount, serviceInvoices, signedInAccount, signInAs } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { commandPaletteTitle, useWorkbench, type Workbench } from './support/workbench';

const HOUR = 3_600_000;
const BERLIN = { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

/** Moves the billing clock past the account's renewal (the renewal runs on the way). */
async function passRenewal(wb: Workbench, account: JourneyAccount): Promise<void> {
  const { subscription, asOf } = await serviceAccount(wb, account);
  await advanceClock(wb.sandboxUrl, { hours: Math.ceil((Date.parse(subscription!.currentPeriodEnd) - Date.parse(asOf)) / HOUR) + 2 });
}

describe('journey 14: invoice details and payments', () => {
  const workbench = useWorkbench();

  afterEach(async () => {
    await workbench().runCommand('View: Close All Editors');
  });

  it("opens an invoice's details from the list, downloads its PDF there, and goes back to the list", async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'details', 'active');
    const [invoice] = (await serviceInvoices(wb, account)).data;
    assert.ok(invoice, 'the account has an invoice');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.invoiceRows().filter({ hasText: invoice.number }).waitFor();

    const details = await panel.openInvoice(invoice.number);
    assert.equal(await panel.section('subscription').count(), 0, 'the details replace the overview');
    assert.equal(await panel.content.locator(':focus').getAttribute('id'), 'invoice-details-heading', 'focus on the details heading');
    const text = await details.innerText();
    assert.match(text, new RegExp(`Invoice ${invoice.number}`));
    assert.match(text, new RegExp(invoice.lines[0]!.description.replace(/[()]/g, '\\$&')));
    assert.match(text, /Subtotal\s*\$20\.00/);
    assert.match(text, /Total\s*\$20\.00/);
    assert.match(text, /Billed to/);
    assert.match(text, /Payment attempts/);
    assert.match(await details.locator('table.payments').innerText(), /Visa •••• 4242[\s\S]*Succeeded/);

    const target = join(wb.session.profile.workspaceDir, `details-${invoice.number}.pdf`);
    await panel.button('Download PDF', details).click();
    const proposed = await wb.answerSaveDialog(target);
    assert.ok(proposed.endsWith(`${invoice.number}.pdf`), `named after the invoice (${proposed})`);
    await wb.notifications(new RegExp(`Invoice ${invoice.number} saved`)).waitFor({ timeout: 30_000 });
    assert.ok(existsSync(target), `${target} was written`);
    assert.equal(readFileSync(target).subarray(0, 5).toString('latin1'), '%PDF-');

    await panel.button('Back to invoices', details).click();
    await panel.section('invoices').waitFor();
    assert.equal(await panel.content.locator(':focus').getAttribute('aria-label'), `View invoice ${invoice.number}`, 'focus back on the row it opened');
  });

  it('lists the payments after a failed and a recovered renewal: the decline, then the retry that paid', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'payments', 'active');
    await setCardOutcome(wb.sandboxUrl, account.id, 'insufficient_funds');
    await passRenewal(wb, account);
    const failure = (await serviceAccount(wb, account)).latestPaymentFailure;
    assert.ok(failure?.nextRetryAt, 'the renewal failed and a retry is scheduled');
    // The funds arrive; the automatic retry pays the invoice.
    await setCardOutcome(wb.sandboxUrl, account.id, 'succeed');
    const { asOf } = await serviceAccount(wb, account);
    await advanceClock(wb.sandboxUrl, { hours: Math.ceil((Date.parse(failure.nextRetryAt) - Date.parse(asOf)) / HOUR) + 1 });
    assert.equal((await serviceAccount(wb, account)).subscription?.status, 'active', 'recovered');
    const renewal = (await serviceInvoices(wb, account)).data[0]!;

    await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.button('Payments', panel.section('invoices')).click();
    await panel.paymentRows().first().waitFor({ timeout: 20_000 });
    assert.equal(await panel.content.locator(':focus').getAttribute('id'), 'payments-heading');

    const [paid, declined] = [await panel.paymentRows().nth(0).innerText(), await panel.paymentRows().nth(1).innerText()];
    assert.match(paid, new RegExp(`${renewal.number}[\\s\\S]*\\$20\\.00[\\s\\S]*Visa •••• 4242[\\s\\S]*Succeeded`), paid);
    assert.match(declined, new RegExp(`${renewal.number}[\\s\\S]*\\$20\\.00[\\s\\S]*Failed`), declined);
    assert.match(await panel.payments.locator('tr.row-message').first().innerText(), /The card has insufficient funds\./);

    // The renewal's own attempts, from its number in the payments.
    await panel.button(new RegExp(`^View invoice ${renewal.number}$`), panel.payments).first().click();
    const attempts = panel.invoiceDetails.locator('table.payments');
    await attempts.waitFor({ timeout: 20_000 });
    assert.match(await attempts.innerText(), /Failed[\s\S]*Succeeded/, 'oldest first: the decline, then the retry');
    await panel.button('Back to payments', panel.invoiceDetails).click();
    await panel.payments.waitFor();
  });

  it('an EU business with a valid VAT ID sees the reverse charge on its next invoice; a consumer sees VAT', async () => {
    const wb = workbench();
    // A consumer in Germany: 19% VAT on top of the price.
    const consumer = await freshAccount(wb, 'vat-consumer', 'active');
    await putBillingDetails(wb, consumer, { name: 'Erika Mustermann', address: BERLIN, taxIds: [] });
    await signInAs(wb, consumer, 'active');
    assert.match(await wb.statusBarTooltip('Next billing'), /Next billing: .* · \$20\.00 \+ \$3\.80 VAT/);
    let panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.section('subscription').filter({ hasText: /Next payment\s*\$20\.00 \+ \$3\.80 VAT on / }).waitFor();
    await wb.runCommand('View: Close All Editors');

    // A business with a valid VAT ID: the reverse charge, and the invoice says so.
    const business = await freshAccount(wb, 'vat-business', 'active');
    await putBillingDetails(wb, business, { name: 'Analytical Engines GmbH', address: BERLIN, taxIds: [{ type: 'eu_vat', value: 'DE136695976' }] });
    await signInAs(wb, business, 'active');
    panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.section('subscription').filter({ hasText: /Next payment\s*\$20\.00 \(VAT reverse charge\) on / }).waitFor();

    const issued = new Set((await serviceInvoices(wb, business)).data.map((i) => i.id));
    await passRenewal(wb, business);
    const next = (await serviceInvoices(wb, business)).data.find((i) => !issued.has(i.id));
    assert.ok(next, 'the renewal issued an invoice');
    await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
    await panel.invoiceRows().filter({ hasText: next.number }).waitFor({ timeout: 20_000 });
    const details = await panel.openInvoice(next.number);
    const text = await details.innerText();
    assert.match(text, /VAT reverse charge\s*on \$20\.00\s*\$0\.00/);
    assert.match(text, /Total\s*\$20\.00/);
    assert.match(text, /Reverse charge: VAT to be accounted for by the recipient/);
    assert.match(text, /EU VAT number DE136695976/, 'the tax ID it was issued with');
  });
});
