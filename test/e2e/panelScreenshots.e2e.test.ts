// The README's pictures: the Manage Plan panel of an active Pro account in
// the light, dark and high-contrast themes, the past-due banner, the saved
// payment methods, an invoice's details, the Change plan view and a plan
// change's preview, and the status-bar item with its tooltip, taken in a real
// workbench at 1280×800; axe-core checks the panel in each of those states.
import * as assert from 'node:assert/strict';
import { seriousViolations } from './support/accessibility';
import { signedInDemoAccount } from './support/accounts';
import { saveDocsScreenshot } from './support/docsScreenshots';
import { ManagePlanPanel } from './support/managePlanPanel';
import { type ColorTheme, useWorkbench, type Workbench } from './support/workbench';

const THEMES: ReadonlyArray<{ theme: ColorTheme; name: string }> = [
  { theme: 'light', name: 'panel-light' },
  { theme: 'dark', name: 'panel-dark' },
  { theme: 'high-contrast', name: 'panel-high-contrast' },
];

/** The panel alone in the editor area: no side bar, no toasts, nothing focused that draws a ring. */
async function frameThePanel(wb: Workbench, panel: ManagePlanPanel): Promise<void> {
  // The command is listed only while the side bar is open (an earlier test may have closed it).
  if (await wb.page.locator('.part.sidebar').isVisible()) await wb.runCommand('View: Close Primary Side Bar');
  await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await wb.clearNotifications();
  await panel.content.locator('body').evaluate(() => window.scrollTo(0, 0));
  await wb.page.mouse.move(1, 1);
}

/** axe-core on the panel as shown (docs/testing.md "Accessibility"): no serious or critical WCAG 2 A/AA violation. */
async function assertAccessible(panel: ManagePlanPanel, what: string): Promise<void> {
  const violations = await seriousViolations(panel.content);
  console.log(`    axe (${what}): ${violations.length} serious or critical violations`);
  assert.deepEqual(violations, [], `axe on the panel: ${what}`);
}

describe('README screenshots of the panel, checked with axe-core', () => {
  const workbench = useWorkbench({ viewport: { width: 1280, height: 800 }, theme: 'light' });

  it('shows an active Pro account in light, dark and high-contrast themes', async () => {
    const wb = workbench();
    await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.invoiceRows().first().waitFor();
    await frameThePanel(wb, panel);
    for (const { theme, name } of THEMES) {
      await wb.setColorTheme(theme);
      await wb.page.mouse.move(1, 1);
      await panel.section('invoices').waitFor();
      const file = await saveDocsScreenshot(wb.page, name);
      console.log(`    screenshot: ${file}`);
      await assertAccessible(panel, `active Pro, ${theme}`);
    }
  });

  it('shows the status-bar item and its tooltip', async () => {
    const wb = workbench();
    await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    await wb.setColorTheme('dark');
    await wb.clearNotifications();
    const item = await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await item.hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).filter({ hasText: 'Verified' }).first();
    await hover.waitFor();
    const file = await saveDocsScreenshot(wb.page, 'status-bar', { locators: [item, hover], margin: 16 });
    console.log(`    screenshot: ${file}`);
    await wb.page.mouse.move(640, 300);
  });

  it('shows the past-due banner (dark theme)', async () => {
    const wb = workbench();
    await signedInDemoAccount(wb, 'pastdue@sandbox.test', 'past_due');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.pastDueBanner.waitFor({ timeout: 30_000 });
    assert.match(await panel.pastDueBanner.innerText(), /Payment failed: \$20\.00 is past due/);
    await frameThePanel(wb, panel);
    await wb.setColorTheme('dark');
    await wb.page.mouse.move(1, 1);
    const file = await saveDocsScreenshot(wb.page, 'panel-past-due-dark');
    console.log(`    screenshot: ${file}`);
    await assertAccessible(panel, 'past due, dark');
  });

  it('shows the saved payment methods (light theme)', async () => {
    const wb = workbench();
    // pro@: a Visa that expires before the renewal, and a Mastercard debit card.
    await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.savedCard('8210').waitFor();
    await frameThePanel(wb, panel);
    await wb.setColorTheme('light');
    const section = panel.section('payment-methods');
    await section.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await wb.page.mouse.move(1, 1);
    const file = await saveDocsScreenshot(wb.page, 'panel-payment-methods', { locators: [section], margin: 24 });
    console.log(`    screenshot: ${file}`);
    await assertAccessible(panel, 'saved cards, light');
  });

  it("shows an invoice's details: lines, the reverse charge and its note, billing details as issued, payments (light theme)", async () => {
    const wb = workbench();
    // pro@ is an EU business with a valid VAT ID: its invoices carry the reverse charge.
    await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    const first = panel.invoiceRows().first();
    await first.waitFor();
    const number = (await first.locator('button.link-button').innerText()).trim();
    const details = await panel.openInvoice(number);
    assert.match(await details.innerText(), /VAT reverse charge/);
    await frameThePanel(wb, panel);
    await wb.setColorTheme('light');
    // No focus ring on the heading in the picture.
    await panel.content.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wb.page.mouse.move(1, 1);
    const file = await saveDocsScreenshot(wb.page, 'panel-invoice-details');
    console.log(`    screenshot: ${file}`);
    await assertAccessible(panel, 'invoice details, light');
  });

  it('shows the Change plan view and the preview of an upgrade (light theme)', async () => {
    const wb = workbench();
    // A preview charges nothing, so the demo account stays as it is.
    await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.button('Change plan', panel.section('subscription')).click();
    await panel.tier('pro').filter({ hasText: 'Current plan' }).waitFor({ timeout: 20_000 });
    await frameThePanel(wb, panel);
    await wb.setColorTheme('light');
    await panel.content.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wb.page.mouse.move(1, 1);
    console.log(`    screenshot: ${await saveDocsScreenshot(wb.page, 'panel-change-plan')}`);
    await assertAccessible(panel, 'Change plan, light');

    await panel.button('Upgrade to Pro+', panel.tier('pro_plus')).click();
    await panel.previewWords.waitFor({ timeout: 20_000 });
    assert.match(await panel.previewWords.innerText(), /^You pay \$[\d.]+ .*now for the rest of this period\./);
    await panel.content.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wb.page.mouse.move(1, 1);
    console.log(`    screenshot: ${await saveDocsScreenshot(wb.page, 'panel-plan-preview')}`);
    await assertAccessible(panel, 'plan-change preview, light');
  });
});
