// VS Code in German (docs/testing.md, "German"): code-server runs with
// --locale de, so the extension host reports vscode.env.language "de" and
// loads package.nls.de.json and l10n/bundle.l10n.de.json. The Command
// Palette, the status bar, a notification and the Manage Plan panel are then
// German, with amounts and dates formatted for de-DE. (VS Code's own chrome
// stays English: no German pack for the workbench can be downloaded here.)
import * as assert from 'node:assert/strict';
import { CommandIds } from '../../shared/productIdentity';
import { freshAccount, serviceAccount } from './support/accounts';
import { seriousViolations } from './support/accessibility';
import { ManagePlanPanel } from './support/managePlanPanel';
import { commandPaletteTitle, useWorkbench } from './support/workbench';

/** A German amount: "20,00 $", with the no-break space Intl puts before the sign. */
const TWENTY_DOLLARS = /20,00\s\$/;
const GERMAN_DATE = /\b\d{2}\.\d{2}\.\d{4}\b/;

describe('VS Code in German', () => {
  const workbench = useWorkbench({ displayLanguage: 'de' });

  it('signed out, the status bar offers "Anmelden"', async () => {
    const wb = workbench();
    await wb.waitForStatusBarText(/^\s*Anmelden\s*$/);
    assert.match(await wb.statusBarTooltip(), /Melden Sie sich an/);
  });

  it('signs in through the German command; a past-due account is explained in German in the status bar and a notification', async () => {
    const wb = workbench();
    const account = await freshAccount(wb, 'german', 'past_due');
    const signIn = commandPaletteTitle(CommandIds.signIn, 'de');
    assert.equal(signIn, 'Plan & Billing: Anmelden');
    const page = await wb.waitForExternalPage(() => wb.runCommand(signIn));
    await page.getByRole('button', { name: account.email }).click();
    await wb.waitForStatusBarText(/^\s*Überfällig\s*$/);
    await page.close();
    const failure = (await serviceAccount(wb, account)).latestPaymentFailure;
    assert.equal(failure?.amountDue.amount, 2000, 'the sandbox failed a $20.00 payment');

    const notification = wb.notifications(/Ihre Zahlung von 20,00\s\$ ist fehlgeschlagen/);
    await notification.waitFor();
    assert.match(await notification.innerText(), /Kostenpflichtige Funktionen sind pausiert, bis der Betrag bezahlt ist\./);
    assert.ok(await wb.notificationButton(notification, 'Jetzt bezahlen').isVisible(), 'the action in German');

    const tooltip = await wb.statusBarTooltip('Zahlung von');
    assert.match(tooltip, /Zahlung von 20,00\s\$ fehlgeschlagen/);
    assert.match(tooltip, new RegExp(`Offener Betrag: ${TWENTY_DOLLARS.source}`));
    if (failure?.nextRetryAt) assert.match(tooltip, new RegExp(`Nächster Versuch: ${GERMAN_DATE.source}`));
    await wb.screenshot('german-status-bar-and-notification');
  });

  it('the Manage Plan panel is German (lang="de"), with amounts and dates for de-DE and no serious accessibility violation', async () => {
    const wb = workbench();
    const panel = await ManagePlanPanel.fromStatusBar(wb, /Tarif verwalten/);
    assert.equal(await panel.content.locator('html').getAttribute('lang'), 'de');
    await panel.content.getByRole('heading', { name: 'Abonnement' }).waitFor();
    await panel.content.getByRole('heading', { name: 'Rechnungen' }).waitFor();
    const text = await panel.content.locator('body').innerText();
    assert.match(text, /Überfällig/);
    assert.match(text, TWENTY_DOLLARS);
    assert.match(text, GERMAN_DATE);
    assert.doesNotMatch(text, /\$\d+\.\d{2}\b/, 'no amount in the English format');
    assert.deepEqual(await seriousViolations(panel.content), []);
    await wb.screenshot('german-panel');
  });
});
