// Two workbench windows on one profile (docs/security.md, "Refresh tokens rotate"):
// both renew the same refresh token at the same moment and neither is signed
// out — the service gives the just-rotated token a short grace instead of
// treating the second use as a replay.
import * as assert from 'node:assert/strict';
import { CommandIds } from '../../shared/productIdentity';
import { clearFaults, injectFault } from '../support/sandboxAdmin';
import { signedInAccount, statusTextAfterSignIn } from './support/accounts';
import { commandPaletteTitle, useWorkbench, type Workbench } from './support/workbench';

/** Access tokens live 75 s; the extension renews one that has less than 60 s left. */
const ACCESS_TOKEN_TTL_S = 75;
const RENEW_DUE_AFTER_MS = (ACCESS_TOKEN_TTL_S - 60) * 1000 + 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two windows on one profile', () => {
  const workbench = useWorkbench({ sandbox: { env: { SANDBOX_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_S) } } });
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
});
