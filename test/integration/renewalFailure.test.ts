// Journeys 4 and 5 of docs/journeys.md: the sandbox clock makes a renewal fail → past due
// everywhere (status bar, context keys, API, notification once); a new card
// saved in the portal pays it → access restored with a confirmation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type AccountSummary } from '../../shared/contract/account';
import { ApiPaths } from '../../shared/contract/paths';
import { advanceClock, setAccountState, setCardOutcome } from '../support/sandboxAdmin';
import { updateCard } from '../support/portalDriver';
import { captureExternal, fixtureView, planBilling, refreshUntil, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail } from './support/planBilling';
import { CommandIds } from '../../shared/productIdentity';

describe('renewal failure and recovery', () => {
  before(resetCore);
  after(resetCore);

  it('flips to past due when the renewal fails, and back after a new card pays the invoice', async () => {
    const { api, t } = await planBilling();
    const prompter = scriptedPrompter(() => undefined);
    const { accountId, tokens } = await signInAs(uniqueEmail('renewal'));
    await setAccountState(sandboxUrl(), accountId, 'active');
    await setCardOutcome(sandboxUrl(), accountId, 'insufficient_funds');
    const active = await refreshUntil((s) => s.kind === 'active', 'active first');
    assert.ok(api.has('ai.agent'));
    t.setPrompter(prompter);

    // Move the billing clock past the period end: the renewal charge is declined.
    const summary = (await (await fetch(sandboxUrl() + ApiPaths.account, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json()) as AccountSummary;
    const periodEnd = Date.parse(summary.subscription!.currentPeriodEnd);
    const now = Date.parse(active.account!.asOf);
    await advanceClock(sandboxUrl(), { hours: Math.ceil((periodEnd - now) / 3_600_000) + 2 });

    const pastDue = await refreshUntil((s) => s.kind === 'pastDue', 'past due after the failed renewal');
    assert.equal(t.statusBar().text, '$(warning) Past due');
    assert.equal(t.statusBar().warning, true);
    assert.match(t.statusBar().tooltip, /failed/);
    const keys = await t.contextKeys();
    assert.equal(keys?.['planBilling.pastDue'], true);
    assert.equal(keys?.['planBilling.state'], 'pastDue');
    assert.equal((keys?.['planBilling.features'] as string[]).includes('ai.agent'), false);
    assert.equal(api.has('ai.agent'), false);
    assert.equal((await fixtureView()).hasAgent, false);
    const failed = prompter.prompts.filter((p) => p.actions.includes('Pay Now') && !p.modal);
    assert.equal(failed.length, 1, 'one payment-failed notification');
    assert.match(failed[0]!.message, /failed/);
    // Insufficient funds: the help page's advice, led by adding another card.
    assert.match(failed[0]!.message, /Use another card, or add funds and pay again\./);
    assert.deepEqual(failed[0]!.actions, ['Add Payment Method', 'Pay Now']);
    assert.ok(pastDue.account?.latestPaymentFailure, 'the decline is known');
    await t.refresh('manual');
    assert.equal(prompter.prompts.filter((p) => p.actions.includes('Pay Now') && !p.modal).length, 1, 'not repeated for the same invoice');

    // Recover: Update Payment Method opens the portal (captured), a good card is saved there.
    const external = captureExternal(t);
    await vscode.commands.executeCommand(CommandIds.updatePaymentMethod);
    const portalUrl = await external.next();
    assert.ok(portalUrl.startsWith(sandboxUrl()), 'a portal URL on the service origin');
    assert.ok(t.snapshot().portalPolling, 'polling for the change');
    const result = await updateCard(portalUrl, { number: '4242424242424242' });
    assert.equal(result.outcome, 'card_saved');

    const restored = await t.waitFor((s) => s.kind === 'active', 60_000);
    assert.ok(restored, `the poll picked up the payment (state ${t.snapshot().kind})`);
    assert.equal(t.statusBar().text, '$(account) Pro');
    assert.equal((await t.contextKeys())?.['planBilling.pastDue'], false);
    assert.equal(api.has('ai.agent'), true);
    assert.ok(prompter.prompts.some((p) => /features are back/.test(p.message)), 'access-restored confirmation');
    assert.equal((await fixtureView()).events.at(-1)?.state, 'active');
  });
});
