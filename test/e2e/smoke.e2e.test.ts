// Smoke journey: in a real workbench, our status-bar item is there and clicking
// it runs its command (planBilling.managePlan).
import * as assert from 'node:assert/strict';
import { useWorkbench } from './support/workbench';

describe('smoke: status bar → Manage Plan', () => {
  const workbench = useWorkbench();

  it('shows the profile item in the status bar', async () => {
    const item = await workbench().waitForStatusBarItem('profile');
    assert.notEqual((await item.innerText()).trim(), '', 'the status-bar item has no text');
    await workbench().screenshot('smoke-status-bar');
  });

  it('runs Manage Plan when the item is clicked', async () => {
    const wb = workbench();
    // Manage Plan either opens its panel (an editor tab) or, until the panel
    // exists, says so in a notification; neither is there before the click.
    const effect = wb.editorTabs(/Manage Plan|Plan & Billing/).or(wb.notifications(/Manage Plan|Plan & Billing/));
    assert.equal(await effect.count(), 0, 'Manage Plan was already showing before the click');
    await wb.statusBarItem('profile').click();
    await effect.first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.notificationsSettled();
    await wb.screenshot('smoke-manage-plan');
  });

  it('keeps the item visible in light, dark and high-contrast themes', async () => {
    const wb = workbench();
    for (const theme of ['dark', 'high-contrast', 'high-contrast-light', 'light'] as const) {
      await wb.setColorTheme(theme);
      assert.ok(await wb.statusBarItem('profile').isVisible(), `the item is hidden in the ${theme} theme`);
      await wb.screenshot(`smoke-status-bar-${theme}`);
    }
  });
});
