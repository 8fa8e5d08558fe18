// Accessibility beyond the README's states (docs/testing.md, "Accessibility"):
// axe-core on the Manage Plan panel signed out, loading, in error and with its
// dialogs open, in the light and high-contrast themes; and the main actions
// of the panel done with the keyboard alone, from the Command Palette on.
import * as assert from 'node:assert/strict';
import { type Page } from 'playwright-core';
import { CommandIds } from '../../shared/productIdentity';
import { activeFaults, clearFaults, injectFault } from '../support/sandboxAdmin';
import { type FaultRequest } from '../../shared/contract/sandboxAdmin';
import { seriousViolations } from './support/accessibility';
import { ensureSignedOut, freshAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { commandPaletteTitle, useWorkbench, type ColorTheme, type Workbench } from './support/workbench';

const ACCOUNT_ROUTE = 'GET /v1/account';

/** The text of the webview's focused control ('' when nothing in it has focus); source text, as tsx would rewrite a function. */
const FOCUSED_TEXT = `(() => {
  const active = document.activeElement;
  if (!active || active === document.body) return '';
  return (active.innerText || active.getAttribute('aria-label') || active.tagName).trim();
})()`;

async function assertAccessible(wb: Workbench, panel: ManagePlanPanel, what: string, themes: readonly ColorTheme[] = ['light', 'high-contrast']): Promise<void> {
  for (const theme of themes) {
    await wb.setColorTheme(theme);
    const violations = await seriousViolations(panel.content);
    console.log(`    axe (${what}, ${theme}): ${violations.length} serious or critical violations`);
    assert.deepEqual(violations, [], `axe on the panel: ${what}, ${theme}`);
  }
}

/**
 * Signs a fresh account in while its first account check meets `fault`: the
 * sign-in's own look-up of the account is held a moment, and the fault is
 * set for the check that follows it (the first request has taken its delay).
 */
async function signInWithFirstCheck(wb: Workbench, label: string, fault: Omit<FaultRequest, 'route'>): Promise<Page> {
  const account = await freshAccount(wb, label, 'active');
  await injectFault(wb.sandboxUrl, { route: ACCOUNT_ROUTE, kind: 'latency', latencyMs: 3000, count: 1 });
  const page = await wb.waitForExternalPage(() => wb.runCommand(commandPaletteTitle(CommandIds.signIn)));
  await page.getByRole('button', { name: account.email }).click();
  for (let waited = 0; (await activeFaults(wb.sandboxUrl)).some((f) => f.remaining > 0); waited += 100) {
    if (waited > 20_000) throw new Error('the sign-in never looked the account up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await injectFault(wb.sandboxUrl, { route: ACCOUNT_ROUTE, ...fault } as FaultRequest);
  await wb.waitForStatusBarText(/Checking|Can't verify/);
  return page;
}

describe('accessibility of the panel in every state, and with the keyboard alone', () => {
  const workbench = useWorkbench({ theme: 'light' });
  afterEach(async () => {
    await clearFaults(workbench().sandboxUrl);
    await workbench().setColorTheme('light');
    await workbench().runCommand('View: Close All Editors');
  });

  it('signed out: the page that offers the sign-in', async () => {
    const wb = workbench();
    await ensureSignedOut(wb);
    const panel = await ManagePlanPanel.fromCommandPalette(wb);
    await panel.button('Sign in').first().waitFor();
    await assertAccessible(wb, panel, 'signed out');
  });

  it('loading: the placeholders while the first check runs', async () => {
    const wb = workbench();
    await ensureSignedOut(wb);
    const page = await signInWithFirstCheck(wb, 'a11y-loading', { kind: 'latency', latencyMs: 8000, count: 1 });
    const panel = await ManagePlanPanel.fromCommandPalette(wb);
    await panel.content.locator('.skeleton[aria-busy="true"]').waitFor({ timeout: 5000 });
    await assertAccessible(wb, panel, 'loading', ['light']);
    await panel.waitForData();
    await page.close();
  });

  it('in error: the page that explains and retries, and Retry with the keyboard brings the data', async () => {
    const wb = workbench();
    await ensureSignedOut(wb);
    const page = await signInWithFirstCheck(wb, 'a11y-error', { kind: 'reset', count: 50 });
    const panel = await ManagePlanPanel.fromCommandPalette(wb);
    const heading = panel.content.getByRole('heading', { name: "Couldn't load your account" });
    await heading.waitFor({ timeout: 30_000 });
    await assertAccessible(wb, panel, 'error');
    await clearFaults(wb.sandboxUrl);
    await panel.button('Retry').focus();
    await wb.page.keyboard.press('Enter');
    await panel.waitForData();
    await page.close();
  });

  it('the dialogs: turning overage on, and cancelling the subscription', async () => {
    const wb = workbench();
    await signedInAccount(wb, 'a11y-dialogs', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    await panel.usageSection.locator('#usage-overage-enabled').click();
    await panel.content.locator('[role="alertdialog"]#usage-confirm').waitFor();
    await assertAccessible(wb, panel, 'overage confirmation');
    await panel.button('Cancel', panel.content.locator('#usage-confirm')).click();

    await panel.button('Cancel subscription', panel.section('subscription')).click();
    await panel.cancelDialog.waitFor();
    await assertAccessible(wb, panel, 'cancel dialog');
    await panel.button('Keep subscription', panel.cancelDialog).click();
    await panel.section('subscription').waitFor();
  });

  it('keyboard only: Command Palette → Manage Plan → Change plan → a preview → back to the overview', async function () {
    this.timeout(180_000);
    const wb = workbench();
    await signedInAccount(wb, 'a11y-keyboard', 'active');
    const keyboard = wb.page.keyboard;
    await wb.page.locator('.monaco-workbench').focus();
    await keyboard.press('F1');
    await keyboard.type(commandPaletteTitle(CommandIds.managePlan));
    await keyboard.press('Enter');
    const panel = await new ManagePlanPanel(wb).shown();
    await panel.waitForData();

    /** Tabs until the focused element's text matches, at most `limit` times; fails when it never does. */
    const seen: string[] = [];
    const tabTo = async (name: RegExp, limit = 60) => {
      seen.length = 0;
      for (let i = 0; i < limit; i++) {
        await keyboard.press('Tab');
        const frame = await (await panel.content.locator('body').elementHandle())?.ownerFrame();
        const focused = String(await frame?.evaluate(FOCUSED_TEXT));
        seen.push(focused);
        if (name.test(focused)) return;
      }
      assert.fail(`Tab never reached ${name}; focus went: ${seen.join(' | ')}`);
    };
    // The Command Palette left the focus in the webview: Tab walks its controls.
    await tabTo(/^Change plan$/);
    await keyboard.press('Enter');
    await panel.changePlan.waitFor();
    await tabTo(/^Upgrade to Pro\+$/);
    await keyboard.press('Enter');
    await panel.previewWords.waitFor({ timeout: 20_000 });
    assert.match(await panel.previewWords.innerText(), /^You pay \$/);
    await tabTo(/^Back$/);
    await keyboard.press('Enter');
    await panel.tier('pro_plus').waitFor();
    await tabTo(/^Back$/);
    await keyboard.press('Enter');
    await panel.section('subscription').waitFor();
  });
});
