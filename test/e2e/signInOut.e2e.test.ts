// Journeys 1 and 11 (docs/journeys.md): sign in through the browser (the URI callback, and the
// paste-the-code fallback when the browser cannot reach the editor), the
// account in VS Code's Accounts menu; sign out from the Accounts menu removes
// everything.
import * as assert from 'node:assert/strict';
import { ensureSignedOut, freshAccount, signedInAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { PAID_AGENT_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { seriousViolations } from './support/accessibility';
import { commandPaletteTitle, useWorkbench, type Workbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

const PROVIDER_LABEL = 'Plan & Billing';

async function accountsMenuEntries(wb: Workbench): Promise<string[]> {
  const menu = await wb.openAccountsMenu();
  const labels = (await menu.locator('.action-item .action-label').allInnerTexts()).map((l) => l.trim()).filter(Boolean);
  await wb.dismiss();
  await menu.waitFor({ state: 'hidden' });
  return labels;
}

describe('journeys 1 and 11: sign in and sign out', () => {
  const workbench = useWorkbench({ paidAgent: true });

  beforeEach(async () => ensureSignedOut(workbench()));

  it('signs in through the browser and comes back through the URI handler', async () => {
    const wb = workbench();
    const account = await freshAccount(wb, 'signin', 'active');
    const item = await wb.waitForStatusBarText(/Sign in/);
    assert.match((await item.getAttribute('aria-label')) ?? '', /signed out/i);

    const page = await wb.waitForExternalPage(() => wb.runCommand(commandPaletteTitle(CommandIds.signIn)));
    const authorize = new URL(page.url());
    assert.equal(authorize.origin, wb.sandboxUrl, 'the sign-in page is the service’s');
    assert.equal(authorize.pathname, '/oauth/authorize');
    assert.deepEqual(await seriousViolations(page), [], 'axe on the sign-in page');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    const redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '');
    assert.equal(redirect.origin, wb.session.server.url, 'the answer comes back to the editor (code-server’s callback route)');
    assert.ok(redirect.pathname.endsWith('/callback'), redirect.toString());
    await wb.notifications('Waiting for sign-in in your browser').waitFor();

    await page.getByRole('button', { name: account.email }).click();
    // The page hands the code to code-server's /callback, which passes it to the URI handler.
    await page.waitForURL((url) => url.origin === wb.session.server.url && url.pathname.endsWith('/callback'));
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await wb.notifications('Waiting for sign-in in your browser').waitFor({ state: 'hidden' });
    assert.match(await wb.statusBarTooltip(account.email), new RegExp(`${account.email}[\\s\\S]*Pro`));
    assert.ok((await accountsMenuEntries(wb)).includes(`${account.email} (${PROVIDER_LABEL})`), 'the account is in the Accounts menu');
    await page.close();
  });

  it('signs in from the status-bar item, through the panel it opens', async () => {
    const wb = workbench();
    const account = await freshAccount(wb, 'statusbar', 'active');
    await wb.waitForStatusBarText(/Sign in/);
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    const signedOut = panel.content.getByRole('heading', { name: 'Sign in to manage your plan' });
    await signedOut.waitFor();
    const page = await wb.waitForExternalPage(() => panel.button(/^Sign in$/).click());
    await page.getByRole('button', { name: account.email }).click();
    await wb.waitForStatusBarText(/^\s*Pro\s*$/);
    await panel.waitForData();
    assert.match(await panel.content.locator('header').innerText(), new RegExp(account.email));
    await page.close();
    await wb.runCommand('View: Close All Editors');
  });

  it('signs in by pasting the code when the browser cannot hand it back', async () => {
    const wb = workbench();
    const account = await freshAccount(wb, 'paste');
    // The browser cannot reach the editor (e.g. it runs on another machine): the
    // hand-off to the callback goes nowhere and the page stays, showing the code.
    const callback = (url: URL) => url.origin === wb.session.server.url && url.pathname.endsWith('/callback');
    await wb.context.route(callback, (route) => route.fulfill({ status: 204 }));
    try {
      const page = await wb.waitForExternalPage(() => wb.runCommand(commandPaletteTitle(CommandIds.signIn)));
      await page.getByRole('button', { name: account.email }).click();
      const code = page.locator('#auth-code');
      await code.waitFor();
      assert.match(await page.locator('main').innerText(), /If your editor didn't open, paste this code into it/);
      const pasted = (await code.innerText()).trim();
      assert.notEqual(pasted, '');

      const offer = wb.notifications(/paste the code shown on the sign-in page/i);
      await offer.waitFor({ timeout: 30_000 });
      await wb.notificationButton(offer, 'Paste Code').click();
      const input = await wb.waitForQuickInput(/Paste the one-time code/);
      assert.equal(await input.getAttribute('type'), 'password', 'the code is not echoed');
      await input.fill(pasted);
      await input.press('Enter');
      await wb.waitForStatusBarText(/^\s*Free\s*$/);
      assert.ok((await accountsMenuEntries(wb)).includes(`${account.email} (${PROVIDER_LABEL})`));
      assert.equal(new URL(page.url()).pathname, '/oauth/authorize', 'the page never left the service');
      await page.close();
    } finally {
      await wb.context.unroute(callback);
    }
  });

  it('signs out from the Accounts menu and leaves nothing behind', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'signout', 'active');
    const entry = `${account.email} (${PROVIDER_LABEL})`;

    const menu = await wb.openAccountsMenu();
    await wb.chooseFromSubmenu(menu, entry, /^Sign Out$/);
    // VS Code asks before signing an account out.
    await wb.dialog(`Sign out of '${account.email}'?`).waitFor();
    await wb.dialogButton('Sign Out').click();
    await wb.waitForStatusBarText(/Sign in/);

    assert.match(await wb.statusBarTooltip('Sign in'), /Sign in to see your plan and billing/);
    const palette = await wb.commandPaletteRows('Plan & Billing', commandPaletteTitle(CommandIds.signIn));
    assert.ok(!palette.includes(commandPaletteTitle(CommandIds.signOut)), 'Sign Out is hidden (planBilling.signedIn is false)');
    assert.ok(!palette.includes(commandPaletteTitle(CommandIds.refresh)), 'Refresh is hidden');

    // A paid command now asks to sign in.
    await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
    await wb.dialog(/needs a Plan & Billing account/).waitFor();
    assert.ok(await wb.dialogButton('Sign In').isVisible());
    await wb.dialogButton('Cancel').click();
    await wb.dialog().waitFor({ state: 'hidden' });

    // Nothing cached comes back after a reload of the window.
    await wb.reloadWindow();
    await wb.waitForStatusBarText(/Sign in/);
    assert.doesNotMatch(await wb.statusBarTooltip('Sign in'), new RegExp(account.email));
  });

  it('turns an open Manage Plan panel to its signed-out screen on sign-out', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'signout-panel', 'active');
    const panel = await ManagePlanPanel.fromStatusBar(wb);
    await panel.waitForData();
    assert.match(await panel.content.locator('header').innerText(), new RegExp(account.email));
    await wb.runCommand(commandPaletteTitle(CommandIds.signOut));
    await wb.waitForStatusBarText(/Sign in/);
    await panel.content.getByRole('heading', { name: 'Sign in to manage your plan' }).waitFor();
    assert.equal(await panel.section('subscription').count(), 0, 'the panel shows no account data');
    assert.doesNotMatch(await panel.content.locator('body').innerText(), new RegExp(account.email));
    await wb.runCommand('View: Close All Editors');
  });
});
