// Journey 7 of docs/journeys.md's loop: a Pro user runs a Power-only command, picks "Upgrade to
// Power", confirms the change in the Manage Plan panel (journey 15); the gate waits for the
// refreshed account and proceeds. And the origin check in front of openExternal.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type HostToWebviewMessage } from '../../shared/panelProtocol';
import { setAccountState } from '../support/sandboxAdmin';
import { mark, posted, stateWhere } from './support/panel';
import { captureExternal, fixtureView, planBilling, refreshUntil, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail } from './support/planBilling';
import { CommandIds } from '../../shared/productIdentity';

describe('gate loop and portal links', () => {
  beforeEach(resetCore);
  after(resetCore);

  it('Pro → "Upgrade to Power" → the Change plan view at Power → preview → confirm → the gated command proceeds', async () => {
    const { t } = await planBilling();
    const { accountId } = await signInAs(uniqueEmail('power'));
    await setAccountState(sandboxUrl(), accountId, 'active');
    await refreshUntil((s) => s.kind === 'active' && !s.refreshing, 'the active Pro plan');
    const prompter = scriptedPrompter((p) => (p.actions.includes('Upgrade to Power') ? 'Upgrade to Power' : undefined));
    t.setPrompter(prompter);
    const runs = (await fixtureView()).backgroundRuns;
    const since = await mark();
    const result = vscode.commands.executeCommand<string>('gatedFixture.runBackgroundAgent');
    const shown = await posted((m): m is Extract<HostToWebviewMessage, { type: 'showPlans' }> => m.type === 'showPlans', 'the Change plan view', since, 30_000);
    assert.equal(shown.highlight, 'power');
    assert.match(prompter.prompts[0]?.message ?? '', /Background agents is part of Power/);
    await stateWhere((s) => s.plans.catalogue !== null, 'the catalogue');
    await t.panel.postFromWebview({ type: 'previewPlanChange', planId: 'power', interval: 'month' });
    const previewed = await stateWhere((s) => s.plans.preview !== null, 'the preview');
    assert.equal(previewed.plans.preview?.direction, 'upgrade');
    await t.panel.postFromWebview({ type: 'confirmPlanChange', previewId: previewed.plans.preview!.id });
    const applied = await stateWhere((s) => s.plans.outcome !== null, 'the outcome');
    assert.deepEqual(applied.plans.outcome, { kind: 'applied', planId: 'power', interval: 'month' });
    assert.equal(await result, 'ran');
    assert.equal((await fixtureView()).backgroundRuns, runs + 1);
    assert.equal(t.snapshot().plan, 'power');
    assert.match(t.statusBar().text, /Power/);
    assert.equal((await t.contextKeys())?.['planBilling.feature.ai.agent.background'], true);
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
