// The packaged extension: `npm run package` produces a VSIX that code-server
// installs (--install-extension) and that activates there in Production mode.
import * as assert from 'node:assert/strict';
import { buildTargets, runChecked } from '../../tools/host/build';
import { listExtensions } from '../../tools/host/codeServer';
import { codeServerBinary } from '../../tools/host/codeServerInstall';
import { extensionId } from '../../tools/host/hostEnvironment';
import { vsixPath } from '../../tools/host/paths';
import { useWorkbench } from './support/workbench';

describe('packaged extension (VSIX)', () => {
  before(async function () {
    this.timeout(5 * 60_000);
    await runChecked('npm', ['run', 'package'], 'npm run package');
  });

  const workbench = useWorkbench({ extension: { vsix: vsixPath } });

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

  it('activates: its status-bar item appears, outside Development mode', async () => {
    const item = await workbench().waitForStatusBarItem('profile');
    assert.notEqual((await item.innerText()).trim(), '');
    assert.doesNotMatch(await workbench().page.title(), /Extension Development Host/);
    await workbench().screenshot('packaged-status-bar');
  });
});
