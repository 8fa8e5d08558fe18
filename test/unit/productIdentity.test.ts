/** package.json cannot import shared/productIdentity.ts: this keeps the manifest and the module in step. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, CommandIds, EXTENSION_ID, PANEL_VIEW_TYPE } from '../../shared/productIdentity';
import { repoRoot } from '../../tools/host/paths';

interface Manifest {
  name: string;
  publisher: string;
  activationEvents: string[];
  contributes: { commands: Array<{ command: string }>; authentication: Array<{ id: string; label: string }> };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

describe('product identity', () => {
  it('is the extension id of the manifest', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  });

  it('names exactly the commands the manifest contributes', () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(CommandIds).sort());
  });

  it('activates on the panel view type and registers the authentication provider', () => {
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`));
    assert.deepEqual(manifest.contributes.authentication, [{ id: AUTH_PROVIDER_ID, label: AUTH_PROVIDER_LABEL }]);
  });
});
