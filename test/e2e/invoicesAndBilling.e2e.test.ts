// Journeys 9 and 10 (docs/journeys.md), both about invoices: download an invoice PDF from the
// panel (save dialog, progress, the file on disk), and edit the billing
// information with a field-level error first; the next invoice carries the
// new details, the ones already issued keep theirs.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { advanceClock, clearFaults, injectFault } from '../support/sandboxAdmin';
import { serviceAccount, serviceInvoices, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { commandPaletteTitle, useWorkbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

const HOUR = 3_600_000;

describe('journeys 9 and 10: invoice PDF and billing information', () => {
  const workbench = useWorkbench();

  afterEach(async () => {
    await clearFaults(workbench().sandboxUrl);
    await workbench().runCommand('View: Close All Editors');
  });

  it('downloads an invoice PDF: asks where to save, shows progress, writes the file', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'pdf', 'active');
    const [invoice] = (await serviceInvoices(wb, account)).data;
    assert.ok(invoice, 'the account has an invoice');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const row = panel.invoiceRows().filter({ hasText: invoice.number });
    await row.waitFor();

    // A slow answer from the service, so the progress is there to be seen.
    await injectFault(wb.sandboxUrl, { route: `GET ${pathTo(ApiPaths.invoicePdf, { id: invoice.id })}`, kind: 'latency', latencyMs: 4000, count: 1 });
    const target = join(wb.session.profile.workspaceDir, `saved-${invoice.number}.pdf`);
    await panel.button('PDF', row).click();
    const proposed = await wb.answerSaveDialog(target);
    assert.ok(proposed.endsWith(`${invoice.number}.pdf`), `the dialog proposes a name from the invoice number (${proposed})`);

    await panel.button('Downloading…', row).waitFor();
    await wb.notifications(/Downloading|invoice/i).first().waitFor();
    await panel.button('PDF', row).waitFor({ timeout: 30_000 });
    assert.ok(existsSync(target), `${target} was written`);
    assert.equal(readFileSync(target).subarray(0, 5).toString('latin1'), '%PDF-');
    await wb.notifications(new RegExp(`${invoice.number}`)).filter({ has: wb.page.locator('.monaco-button', { hasText: /Open PDF/ }) }).waitFor();
  });

  it('saves billing information after a field error, for future invoices only', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'billing', 'active');
    const issued = (await serviceInvoices(wb, account)).data;
    assert.ok(issued.length > 0);
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const section = panel.section('billing-info');

    await panel.button(/^(Edit|Add billing information)$/, section).click();
    await panel.billingField('name').fill('Journey Tester GmbH');
    await panel.billingField('address.line1').fill('Hauptstraße 1');
    await panel.billingField('address.city').fill('Berlin');
    await panel.billingField('address.postalCode').fill('10115');
    await panel.billingSelect('address.country').selectOption('DE');
    await panel.button('Add tax ID', section).click();
    await panel.billingSelect('taxIds.0.type').selectOption('eu_vat');
    await panel.billingField('taxIds.0.value').fill('DE12345');
    await panel.button(/^Save$/, section).click();

    // The service's field error appears next to the tax ID, and nothing is saved.
    const error = panel.billingFieldError('taxIds.0.value');
    await error.waitFor();
    assert.match(await error.innerText(), /\S/);
    assert.equal(await section.locator('.field', { has: panel.billingField('taxIds.0.value') }).locator('.field__error').count(), 1, 'the error sits with its field');
    assert.equal((await serviceAccount(wb, account)).billingDetails.taxIds.length, 0, 'nothing was saved');

    await panel.billingField('taxIds.0.value').fill('DE123456788');
    await panel.button(/^Save$/, section).click();
    const saved = section.locator('.notice', { hasText: 'Billing information saved' });
    await saved.waitFor();
    assert.match(await saved.innerText(), /applies to future invoices only/);
    await section.filter({ hasText: 'DE123456788' }).waitFor();
    assert.deepEqual((await serviceAccount(wb, account)).billingDetails.taxIds, [{ type: 'eu_vat', value: 'DE123456788' }]);

    // The renewal issues the next invoice with the new details; the one issued before keeps its own.
    const { subscription, asOf } = await serviceAccount(wb, account);
    await advanceClock(wb.sandboxUrl, { hours: Math.ceil((Date.parse(subscription!.currentPeriodEnd) - Date.parse(asOf)) / HOUR) + 2 });
    const after = (await serviceInvoices(wb, account)).data;
    const next = after.find((inv) => !issued.some((old) => old.id === inv.id));
    assert.ok(next, 'the renewal issued an invoice');
    assert.deepEqual(next.billingDetails.taxIds, [{ type: 'eu_vat', value: 'DE123456788' }]);
    assert.equal(next.billingDetails.address?.city, 'Berlin');
    const old = after.find((inv) => inv.id === issued[0]!.id)!;
    assert.deepEqual(old.billingDetails, issued[0]!.billingDetails, 'the invoice issued before is unchanged');
    assert.equal(old.billingDetails.taxIds.length, 0);

    // The panel lists the new invoice after a refresh.
    await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
    await panel.invoiceRows().filter({ hasText: next.number }).waitFor({ timeout: 20_000 });
  });
});
