// Two workbench windows on one profile (docs/security.md, "Refresh tokens rotate";
// docs/refreshPolicy.md, "Several windows"): both renew the same refresh token
// at the same moment and neither is signed out — the service gives the
// just-rotated token a short grace instead of treating the second use as a
// replay; a sign-out in one window reaches the other within seconds; a
// sign-in does after the reload the extension offers there.
import * as assert from 'node:assert/strict';
import { CommandIds } from '../../shared/productIdentity';
import { advanceClock, clearFaults, injectFault, setCardOutcome } from '../support/sandboxAdmin';
import { AGENT_RAN_MESSAGE, PAID_AGENT_COMMAND_TITLE, SPEND_CREDITS_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { freshAccount, serviceAccount, signedInAccount, signInThroughBrowser, statusTextAfterSignIn, type JourneyAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { payNow, returnToEditor } from './support/portalPage';
import { commandPaletteTitle, useWorkbench, type Workbench } from './support/workbench';

/** Access tokens live 75 s; the extension renews one that has less than 60 s left. */
const ACCESS_TOKEN_TTL_S = 75;
const RENEW_DUE_AFTER_MS = (ACCESS_TOKEN_TTL_S - 60) * 1000 + 1000;

/** The account the sign-in test signs in to both windows, for the test after it. */
let accountSignedInBefore: JourneyAccount | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two windows on one profile', () => {
  const workbench = useWorkbench({ paidAgent: true, sandbox: { env: { SANDBOX_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_S) } } });
  let second: Workbench | undefined;
  after(async () => second?.close());

  it('both renewing the same refresh token at once keeps both signed in', async function () {
    this.timeout(180_000);
    const first = workbench();
    await signedInAccount(first, 'two-windows', 'active');
    const pro = statusTextAfterSignIn.active;
    // The second window starts from the session the first one stored.
    second = await first.openWindow();
    await second.waitForStatusBarText(pro, 60_000);

    // Both access tokens are now due for renewal. Holding the token endpoint
    // for 3 s makes the two renewals overlap: each window presents the same
    // refresh token before either has stored a rotated one.
    await sleep(RENEW_DUE_AFTER_MS);
    await injectFault(first.sandboxUrl, { route: 'POST /oauth/token', kind: 'latency', latencyMs: 3000, count: 2 });
    const refresh = commandPaletteTitle(CommandIds.refresh);
    await Promise.all([first.runCommand(refresh), second.runCommand(refresh)]);
    await sleep(4000);
    await clearFaults(first.sandboxUrl);
    for (const wb of [first, second]) await wb.waitForStatusBarText(pro);

    // Neither sign-in was revoked: after the next renewal both still work.
    await sleep(RENEW_DUE_AFTER_MS);
    for (const wb of [first, second]) {
      await wb.runCommand(refresh);
      await sleep(1500);
      await wb.waitForStatusBarText(pro);
      assert.doesNotMatch(await wb.statusBarText(), /Sign in/);
    }
    for (const wb of [first, second]) {
      assert.equal(await wb.notifications(/session has expired|Sign in again/i).count(), 0, 'no sign-out notice');
    }
  });

  it('a sign-out in one window signs the other out within seconds, without a reload or focus', async function () {
    this.timeout(120_000);
    const first = workbench();
    assert.ok(second, 'the second window of the test before');
    await second.runCommand(commandPaletteTitle(CommandIds.signOut));
    await second.waitForStatusBarText(/Sign in/);
    const started = Date.now();
    await first.waitForStatusBarText(/Sign in/, 15_000);
    console.log(`    [e2e] the other window showed "Sign in" ${Date.now() - started} ms after the sign-out`);
    assert.equal(await first.notifications(/session has expired/i).count(), 0, 'a sign-out, not an expiry');
  });

  it('a sign-in in one window reaches the other: code-server shows it there after the reload the extension offers', async function () {
    this.timeout(180_000);
    const first = workbench();
    assert.ok(second);
    const account = await freshAccount(first, 'two-windows-again', 'active');
    accountSignedInBefore = account;
    await signInThroughBrowser(first, account.email);
    await first.waitForStatusBarText(statusTextAfterSignIn.active);
    // VS Code for the web does not hand another tab's new secret to this one
    // until it reloads (docs/refreshPolicy.md, "Several windows"); the
    // extension notices the sign-in and offers the reload.
    const notice = second.notifications(/signed in to Plan & Billing in another window/);
    await notice.waitFor({ timeout: 15_000 });
    await Promise.all([
      second.page.waitForEvent('load', { timeout: 60_000 }),
      second.notificationButton(notice, 'Reload Window').click(),
    ]);
    await second.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await second.waitForStatusBarText(statusTextAfterSignIn.active, 60_000);
    for (const wb of [first, second]) assert.doesNotMatch(await wb.statusBarText(), /Sign in/);
  });

  it('a plan change, a failed renewal, a payment and credits spent in one window show in the other, with no reload', async function () {
    this.timeout(300_000);
    const first = workbench();
    assert.ok(second);
    const account = accountSignedInBefore;
    assert.ok(account, 'the account the sign-in test signed in to both windows');
    const refresh = commandPaletteTitle(CommandIds.refresh);

    // A plan change in the first window's panel.
    const panel = await ManagePlanPanel.fromStatusBar(first);
    await panel.waitForData();
    await panel.button('Change plan', panel.section('subscription')).click();
    await panel.changePlan.waitFor();
    await panel.button('Upgrade to Pro+', panel.tier('pro_plus')).click();
    await panel.previewWords.waitFor({ timeout: 20_000 });
    await panel.button(/^Confirm and pay \$[\d.]+$/, panel.planPreview).click();
    await first.waitForStatusBarText(/^\s*Pro\+\s*$/, 30_000);
    await second.waitForStatusBarText(/^\s*Pro\+\s*$/, 15_000);
    await first.runCommand('View: Close All Editors');

    // The renewal is declined: the first window's check finds it, the other follows.
    await setCardOutcome(first.sandboxUrl, account.id, 'insufficient_funds');
    const before = await serviceAccount(first, account);
    await advanceClock(first.sandboxUrl, { hours: Math.ceil((Date.parse(before.subscription!.currentPeriodEnd) - Date.parse(before.asOf)) / 3_600_000) + 2 });
    await first.runCommand(refresh);
    await first.waitForStatusBarText(/^\s*Past due\s*$/);
    await second.waitForStatusBarText(/^\s*Past due\s*$/, 15_000);
    // The other window gates by what it verified itself, not by a label.
    await second.runCommand(PAID_AGENT_COMMAND_TITLE);
    await second.dialog(/The agent is paused: your last payment failed/).waitFor();
    await second.dialogButton('Cancel').click();

    // The first window pays in the portal: both are on Pro+ again.
    await setCardOutcome(first.sandboxUrl, account.id, 'succeed');
    const portal = await first.waitForExternalPage(() => first.runCommand(commandPaletteTitle(CommandIds.payOutstandingBalance)));
    await payNow(portal);
    await returnToEditor(portal);
    await first.waitForStatusBarText(/^\s*Pro\+\s*$/, 30_000);
    await second.waitForStatusBarText(/^\s*Pro\+\s*$/, 15_000);
    await second.runCommand(PAID_AGENT_COMMAND_TITLE);
    await second.notifications(AGENT_RAN_MESSAGE).waitFor();

    // Credits spent through the first window: the second shows the same meter.
    await first.runCommand(SPEND_CREDITS_COMMAND_TITLE);
    await first.notifications(/^Spent 25 credits\./).first().waitFor();
    const used = /25 of [\d,]+ credits used/;
    await first.statusBarTooltip(used);
    const started = Date.now();
    assert.match(await second.statusBarTooltip(used), used);
    console.log(`    [e2e] the other window's tooltip showed the spend after ${Date.now() - started} ms`);
  });
});

