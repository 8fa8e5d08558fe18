// The harness itself: the suite runs inside a real VS Code extension host, with
// our extension (Development mode) and the fixture extension loaded, configured
// for a live sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, fixtureExtensionId, sandboxUrlEnv, testHostEnv } from '../../tools/host/hostEnvironment';

describe('integration host', () => {
  it('runs inside a VS Code extension host', () => {
    console.log(`    VS Code ${vscode.version} (${vscode.env.appName}, host: ${process.env[testHostEnv] ?? 'unknown'}, appHost: ${vscode.env.appHost})`);
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.ok(process.env[testHostEnv], `${testHostEnv} is not set`);
  });

  it(`loads and activates ${extensionId}`, async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it(`loads the fixture extension ${fixtureExtensionId}`, () => {
    assert.ok(vscode.extensions.getExtension(fixtureExtensionId), `${fixtureExtensionId} is not loaded`);
  });

  it('points planBilling.serviceUrl at the live sandbox', async () => {
    const sandboxUrl = process.env[sandboxUrlEnv];
    assert.ok(sandboxUrl, `${sandboxUrlEnv} is not set`);
    assert.equal(vscode.workspace.getConfiguration('planBilling').get<string>('serviceUrl'), sandboxUrl);
    // Any HTTP answer proves the sandbox is up and reachable from the extension host.
    const response = await fetch(sandboxUrl);
    assert.ok(response.status >= 100 && response.status < 600, `unexpected status ${response.status}`);
  });
});
