// Journey 17 (docs/journeys.md): credits spent through the paid-agent fixture (the way an AI
// feature reports them) until the 80 % alert, then to exhaustion and the gate; overage enabled
// from the gate with its price confirmed in words and a $2.00 cap, reached; the billing clock
// passes the renewal: the overage is a line of the renewal invoice and the meters start over;
// the history exported as CSV through the save dialog. Usage the same user spent elsewhere (the
// vendor's backend, another machine) stands in for the long run of actions between the steps.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advanceClock } from '../support/sandboxAdmin';
import { PAID_AGENT_COMMAND_TITLE, SPEND_CREDITS_COMMAND_TITLE, SPEND_REFUSED_MESSAGE, spentMessage } from './fixtures/paid-agent/src/messages';
import { serviceAccount, serviceInvoices, signedInAccount, spendElsewhere } from './support/accounts';
import { saveDocsScreenshot } from './support/docsScreenshots';
import { ManagePlanPanel } from './support/managePlanPanel';
import { commandPaletteTitle, useWorkbench, type Workbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

const HOUR = 3_600_000;

/** Runs the fixture's "Spend Credits" (25 credits) and waits for what it says. */
async function spendThroughFixture(wb: Workbench, expect: string | RegExp): Promise<void> {
  await wb.runCommand(SPEND_CREDITS_COMMAND_TITLE);
  await wb.notifications(expect).first().waitFor({ timeout: 20_000 });
}

async function refreshFromPalette(wb: Workbench): Promise<void> {
  await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
}

describe('journey 17: usage, alerts, overage and the renewal', () => {
  const workbench = useWorkbench({ paidAgent: true });
  let csvDir: string | undefined;

  after(() => {
    if (csvDir) rmSync(csvDir, { recursive: true, force: true });
  });

  it('spends to the 80 % alert and to the gate, continues with overage up to its cap, and starts over at the renewal with the overage invoiced', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'usage', 'active');
    await wb.clearNotifications();

    // 775 of Pro's 1,000 credits spent elsewhere; 25 more through the fixture reach 80 %.
    await spendElsewhere(wb, account, '775.00');
    await spendThroughFixture(wb, spentMessage('25', '200'));
    const alert80 = wb.notifications(/You have used 80 % of your Pro credits: 200 left\. Your credits reset on /);
    await alert80.waitFor({ timeout: 20_000 });
    await wb.waitForStatusBarText(/^\s*Pro · 200 credits left\s*$/);
    assert.equal(await wb.statusBarHasWarningBackground(), false, 'no warning colours below 90 %');
    assert.match(await wb.statusBarTooltip('credits used'), /800 of 1,000 credits used \(80 %\)[\s\S]*Resets on /);
    await wb.clearNotifications();
    await wb.statusBarItem().hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).filter({ hasText: 'credits used' }).first();
    await hover.waitFor();
    console.log(`    screenshot: ${await saveDocsScreenshot(wb.page, 'status-bar-low-credits', { locators: [wb.statusBarItem(), hover], margin: 16 })}`);
    await wb.page.mouse.move(700, 300);
    await wb.page.keyboard.press('Escape');

    // The last credits: exhausted, the alert offers overage and an upgrade; the paid command is gated.
    await spendElsewhere(wb, account, '175.00');
    await spendThroughFixture(wb, spentMessage('25', '0'));
    const exhausted = wb.notifications(/You have used all 1,000 credits of Pro this period\./);
    await exhausted.waitFor({ timeout: 20_000 });
    assert.ok(await wb.notificationButton(exhausted, 'Enable overage').isVisible());
    assert.ok(await wb.notificationButton(exhausted, /^Upgrade/).isVisible());
    await wb.waitForStatusBarText(/^\s*Pro · no credits left\s*$/);
    assert.equal(await wb.statusBarHasWarningBackground(), true, 'warning colours when exhausted');
    await wb.clearNotifications();

    await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
    const gate = wb.dialog(/You have used all 1,000 credits of Pro this period\./);
    await gate.waitFor();
    assert.match(await gate.innerText(), /Your credits reset on /);
    assert.ok(await wb.dialogButton('Upgrade to Pro+').isVisible());

    // Enable overage from the gate: the panel's Usage section, the price in words, confirmed.
    await wb.dialogButton('Enable overage').click();
    const panel = await new ManagePlanPanel(wb).shown();
    const usage = panel.usageSection;
    await usage.locator('#usage-meter-plan').filter({ hasText: '1,000 of 1,000 credits used (100 %)' }).waitFor({ timeout: 20_000 });
    await usage.locator('#usage-overage-enabled').click();
    const confirm = usage.locator('#usage-confirm');
    await confirm.filter({ hasText: 'Credits beyond your plan cost $0.04 each, up to $20.00 a month.' }).waitFor();
    await usage.locator('#usage-confirm-button').click();
    await usage.locator('#usage-overage').filter({ hasText: 'On: credits beyond your plan cost $0.04 each, up to $20.00 a month.' }).waitFor({ timeout: 20_000 });

    // A $2.00 cap: 50 credits of overage.
    await usage.locator('#usage-spend-cap input').fill('2.00');
    await usage.locator('#usage-save-cap').click();
    await confirm.filter({ hasText: 'Credits beyond your plan cost $0.04 each, up to $2.00 a month.' }).waitFor();
    await usage.locator('#usage-confirm-button').click();
    await usage.locator('#usage-overage').filter({ hasText: 'up to $2.00 a month' }).waitFor({ timeout: 20_000 });
    await wb.waitForStatusBarText(/^\s*Pro · overage \$0\.00 of \$2\.00\s*$/);

    // Overage: 25 and 25 reach the cap; a third spend is refused with the cap in words.
    await spendThroughFixture(wb, spentMessage('25', '0'));
    await wb.notifications(/credits now cost \$0\.04 each, up to \$2\.00 this period/).waitFor({ timeout: 20_000 });
    await wb.waitForStatusBarText(/^\s*Pro · overage \$1\.00 of \$2\.00\s*$/);
    await spendThroughFixture(wb, /Spent 25 credits\./);
    await wb.notifications(/You have reached your overage spend cap of \$2\.00 this period\./).first().waitFor({ timeout: 20_000 });
    await spendThroughFixture(wb, new RegExp(`${SPEND_REFUSED_MESSAGE} .*spend cap of \\$2\\.00`));
    await usage.locator('#usage-meter-overage').filter({ hasText: 'Cap reached' }).waitFor({ timeout: 20_000 });
    assert.match(await usage.locator('#usage-meter-overage').innerText(), /50 credits beyond the plan: \$2\.00 of your \$2\.00 spend cap/);
    assert.equal((await serviceAccount(wb, account)).upcomingInvoice?.subtotal.amount, 2000 + 200, 'the next invoice: Pro plus $2.00 overage');

    // README screenshots of the Usage section, light and dark.
    await wb.clearNotifications();
    for (const theme of ['light', 'dark'] as const) {
      await wb.setColorTheme(theme);
      await usage.scrollIntoViewIfNeeded();
      console.log(`    screenshot: ${await saveDocsScreenshot(wb.page, `panel-usage-${theme}`)}`);
    }
    await wb.setColorTheme('light');

    // The renewal: the overage billed on its invoice, the meters start over.
    const before = await serviceAccount(wb, account);
    await advanceClock(wb.sandboxUrl, { hours: Math.ceil((Date.parse(before.subscription!.currentPeriodEnd) - Date.parse(before.asOf)) / HOUR) + 2 });
    await refreshFromPalette(wb);
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await usage.locator('#usage-meter-plan').filter({ hasText: '0 of 1,000 credits used (0 %)' }).waitFor({ timeout: 30_000 });
    // The closed period in the history (its table is the chart's screen-reader fallback).
    await usage.locator('#usage-history-table').filter({ hasText: '50 credits, $2.00' }).waitFor({ state: 'attached', timeout: 20_000 });
    const renewal = (await serviceInvoices(wb, account)).data[0]!;
    assert.equal(renewal.total.amount >= 2200, true, 'the renewal bills Pro and the overage');
    const details = await panel.openInvoice(renewal.number);
    assert.match(await details.locator('.invoice-lines').innerText(), /Overage: 50\.00 credits beyond the plan at \$0\.04 a credit[\s\S]*\$2\.00/);
    await panel.button('Back to invoices').first().click();

    // The history as CSV, through the save dialog.
    csvDir = mkdtempSync(join(tmpdir(), 'pb-usage-csv-'));
    const target = join(csvDir, 'usage.csv');
    await usage.locator('vscode-button, button', { hasText: 'Export CSV' }).click();
    const proposed = await wb.answerSaveDialog(target, /Export usage history/);
    assert.match(proposed, /usage.*\.csv$/);
    await usage.filter({ hasText: 'Usage history saved to usage.csv.' }).waitFor({ timeout: 20_000 });
    const rows = readFileSync(target, 'utf8').split('\r\n');
    assert.equal(rows[0], 'period_start,period_end,plan,included_credits,used_credits,overage_credits,overage_amount,currency');
    assert.match(rows[1]!, /^[^,]+,[^,]+,Pro,1000\.00,0\.00,0\.00,0\.00,USD$/, 'the new period so far');
    assert.match(rows[2]!, /^[^,]+,[^,]+,Pro,1000\.00,1050\.00,50\.00,2\.00,USD$/, 'the closed period with its overage');
    assert.equal(rows.at(-1), '', 'ends with CRLF');
  });
});
