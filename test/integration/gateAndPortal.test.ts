// Journey 7 of docs/journeys.md's loop: a Free user runs the paid command, picks "Upgrade", pays in
// the portal; the gate waits for the refreshed account and proceeds. And the
// origin check in front of openExternal.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { upgrade } from '../support/portalDriver';
import { captureExternal, fixtureView, planBilling, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail } from './support/planBilling';
import { CommandIds } from '../../shared/productIdentity';

describe('gate loop and portal links', () => {
  beforeEach(resetCore);
  after(resetCore);

  it('Free → "Upgrade" → portal → the gated command proceeds', async () => {
    const { t } = await planBilling();
    await signInAs(uniqueEmail('upgrade'));
    assert.equal(t.snapshot().kind, 'free');
    const external = captureExternal(t);
    const prompter = scriptedPrompter((p) => (p.actions.includes('Upgrade') ? 'Upgrade' : undefined));
    t.setPrompter(prompter);
    const runs = (await fixtureView()).runs;
    const result = vscode.commands.executeCommand<string>('gatedFixture.runAgent');
    const portalUrl = await external.next();
    const paid = await upgrade(portalUrl);
    assert.ok(paid.outcome, `portal outcome ${String(paid.outcome)}`);
    assert.equal(await result, 'ran');
    assert.equal((await fixtureView()).runs, runs + 1);
    assert.ok(['active', 'trialing'].includes(t.snapshot().kind), t.snapshot().kind);
  });

  it('planBilling.requireEntitlement answers true at once when entitled, false when dismissed', async () => {
    const { t } = await planBilling();
    await signInAs(uniqueEmail('require'));
    const prompter = scriptedPrompter(() => undefined);
    t.setPrompter(prompter);
    assert.equal(await vscode.commands.executeCommand(CommandIds.requireEntitlement, 'ai.completions.basic'), t.snapshot().features.includes('ai.completions.basic'));
    assert.equal(await vscode.commands.executeCommand(CommandIds.requireEntitlement, 'ai.agent'), false);
    assert.equal(prompter.prompts.filter((p) => p.modal).length, 1);
  });

  it('refuses to open a portal URL from a foreign origin', async () => {
    const { t } = await planBilling();
    const external = captureExternal(t);
    assert.equal(await t.openPortalUrl('https://evil.example/portal/s/abc'), false);
    assert.equal(await t.openPortalUrl(sandboxUrl().replace('127.0.0.1', 'localhost') + '/portal/s/abc'), false);
    assert.deepEqual(external.urls, [], 'nothing reached openExternal');
    assert.equal(await t.openPortalUrl(`${sandboxUrl()}/portal/s/abc`), true);
    assert.deepEqual(external.urls, [`${sandboxUrl()}/portal/s/abc`]);
  });
});
