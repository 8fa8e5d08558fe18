// The packaged extension: `npm run package` produces a release VSIX that
// code-server installs (--install-extension) and that activates there in
// Production mode. A release build trusts no sandbox key (docs/shipping.md):
// pointed at the public sandbox, even a Pro account unlocks nothing.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildTargets, runChecked } from '../../tools/host/build';
import { listExtensions } from '../../tools/host/codeServer';
import { codeServerBinary } from '../../tools/host/codeServerInstall';
import { extensionId } from '../../tools/host/hostEnvironment';
import { vsixPath } from '../../tools/host/paths';
import { AGENT_RAN_MESSAGE, PAID_AGENT_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { signInThroughBrowser } from './support/accounts';
import { useWorkbench } from './support/workbench';

describe('packaged extension (VSIX)', () => {
  before(async function () {
    this.timeout(5 * 60_000);
    await runChecked('npm', ['run', 'package'], 'npm run package');
  });

  const workbench = useWorkbench({ extension: { vsix: vsixPath }, paidAgent: true });

  after(async function () {
    // npm run package left production bundles in dist/; later journeys run the development build.
    this.timeout(2 * 60_000);
    await buildTargets(['extension', 'webview']);
  });

  it('is installed into code-server from the VSIX', async () => {
    const installed = await listExtensions(codeServerBinary(), workbench().session.profile);
    assert.ok(
      installed.some((line) => line.toLowerCase().startsWith(`${extensionId}@`)),
      `code-server lists no ${extensionId}: ${installed.join(', ')}`,
    );
  });

  it('holds the German strings beside the bundles (docs/architecture.md, "Languages")', () => {
    const { extensionsDir } = workbench().session.profile;
    const folder = readdirSync(extensionsDir).find((name) => name.toLowerCase().startsWith(`${extensionId}-`));
    assert.ok(folder, `no ${extensionId} folder in ${readdirSync(extensionsDir).join(', ')}`);
    for (const file of ['package.nls.de.json', 'l10n/bundle.l10n.de.json']) {
      assert.ok(existsSync(join(extensionsDir, folder, file)), `${file} is in the VSIX`);
    }
  });

  it('activates: its status-bar item appears, outside Development mode', async () => {
    const item = await workbench().waitForStatusBarItem('profile');
    assert.notEqual((await item.innerText()).trim(), '');
    assert.doesNotMatch(await workbench().page.title(), /Extension Development Host/);
    await workbench().screenshot('packaged-status-bar');
  });

  it("unlocks nothing against the sandbox: a Pro account's entitlement is refused and the paid command stays gated", async () => {
    const wb = workbench();
    // Sign-in itself works (OAuth does not depend on the signing key); the entitlement does not verify.
    await signInThroughBrowser(wb, 'pro@sandbox.test');
    await wb.waitForStatusBarText(/Can't verify plan/);
    assert.doesNotMatch(await wb.statusBarText(), /Pro/);
    const tooltip = await wb.statusBarTooltip(/could not be verified/);
    assert.match(tooltip, /The billing service sent an entitlement that could not be verified/);

    await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
    await wb.dialog(/Still verifying your plan before enabling the agent/).waitFor();
    await wb.dialogButton('Cancel').click();
    await wb.dialog().waitFor({ state: 'hidden' });
    assert.equal(await wb.notifications(AGENT_RAN_MESSAGE).count(), 0, 'the paid command did not run');
    await wb.screenshot('packaged-sandbox-unlocks-nothing');
  });
});
