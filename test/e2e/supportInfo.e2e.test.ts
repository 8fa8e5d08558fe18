// Journey 12 (docs/journeys.md): Copy Support Info puts a diagnostic summary on the clipboard —
// versions, account id, plan, status, last verification, service URL — and
// never a token, code or portal URL.
import * as assert from 'node:assert/strict';
import { signedInAccount } from './support/accounts';
import { commandPaletteTitle, useWorkbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

/** Shapes of secrets the extension holds: sandbox tokens and codes, JWS entitlements, bearer headers, portal links. */
const SECRET_SHAPES: readonly RegExp[] = [
  /\bpb[acr]_[A-Za-z0-9_-]{16,}/,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/,
  /bearer\s+\S+/i,
  /\/portal\/s\//,
  /[A-Za-z0-9_-]{40,}/,
];

describe('journey 12: support info', () => {
  const workbench = useWorkbench();

  it('copies versions, account, plan, status and service URL, and no secret', async () => {
    const wb = workbench();
    const account = await signedInAccount(wb, 'support', 'active');
    await wb.page.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)'));

    await wb.runCommand(commandPaletteTitle(CommandIds.copySupportInfo));
    await wb.notifications('support info copied to the clipboard').waitFor();
    const text = await wb.clipboardText();

    assert.match(text, /^Plan & Billing support info$/m);
    assert.match(text, /^Extension: planbilling\.plan-billing \d+\.\d+\.\d+$/m);
    assert.match(text, /^Editor: .+ 1\.\d+\.\d+ \(web, /m, 'the editor and its version');
    assert.match(text, new RegExp(`^Account id: ${account.id}$`, 'm'));
    assert.match(text, /^Plan: pro$/m);
    assert.match(text, /^State: active$/m);
    assert.match(text, /^Subscription status: active$/m);
    assert.match(text, /^Last verification: \d{4}-\d\d-\d\dT/m);
    assert.match(text, new RegExp(`^Service URL: ${wb.sandboxUrl.replace(/[.]/g, '\\.')}$`, 'm'));
    for (const shape of SECRET_SHAPES) assert.doesNotMatch(text, shape, `support info holds something secret-shaped:\n${text}`);
  });
});
