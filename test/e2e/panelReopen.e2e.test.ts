// Closing Manage Plan and opening it again at once always shows the account
// (docs/architecture.md, "Panel lifetime"). In code-server a webview closed
// while its resource requests were still in flight left the host's service
// worker waiting up to 30 s, and every webview created meanwhile stayed
// blank; the panel's document now inlines all it needs, so no close leaves a
// request behind. A user closes and reopens the panel ten times in a row with
// no pause, alternating the Command Palette and the status bar.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { CommandIds } from '../../shared/productIdentity';
import { WEBVIEW_READY_TIMEOUT_MS } from '../../src/panel/webviewLoadBounds';
import { signedInDemoAccount } from './support/accounts';
import { ManagePlanPanel } from './support/managePlanPanel';
import { commandPaletteTitle, useWorkbench } from './support/workbench';

const OPENS = 10;
/** Each open must show data well before the host's 30 s service-worker wait could end. */
const SHOWN_WITHIN_MS = WEBVIEW_READY_TIMEOUT_MS + 10_000;

describe('closing and reopening Manage Plan', () => {
  const workbench = useWorkbench();

  it(`closes and reopens Manage Plan ${OPENS} times in a row, and every open shows the plan`, async function () {
    this.timeout(60_000 + OPENS * (SHOWN_WITHIN_MS + 5_000));
    const wb = workbench();
    await signedInDemoAccount(wb, 'pro@sandbox.test', 'active');
    const managePlan = commandPaletteTitle(CommandIds.managePlan);
    const shownAfterMs: number[] = [];

    for (let open = 1; open <= OPENS; open++) {
      const started = performance.now();
      if (open % 2 === 1) await wb.runCommand(managePlan);
      else await wb.statusBarItem().click();
      const panel = new ManagePlanPanel(wb);
      // A blank panel fails here.
      await panel.section('subscription').waitFor({ timeout: SHOWN_WITHIN_MS });
      shownAfterMs.push(Math.round(performance.now() - started));
      assert.equal(await panel.tabs().count(), 1, `open ${open}: one Manage Plan tab`);
      assert.match(await panel.content.locator('header').innerText(), /pro@sandbox\.test/, `open ${open}: the account`);
      const subscription = await panel.section('subscription').innerText();
      assert.match(subscription, /\bPro\b/, `open ${open}: the plan name`);
      assert.match(subscription, /\$20\.00 per month/, `open ${open}: the price`);

      // Closed from the keyboard the moment it shows, and opened again at once.
      await panel.tabs().first().click();
      await wb.page.keyboard.press('Control+W');
      await panel.tabs().first().waitFor({ state: 'detached' });
    }
    console.log(`    [e2e] ${OPENS} opens, shown with data after (ms): ${shownAfterMs.join(', ')}`);
  });
});
