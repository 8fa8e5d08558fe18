// Journey 8 of docs/journeys.md: faults injected in the sandbox (latency beyond the timeout, 500s,
// connection resets, malformed bodies, 429) never downgrade an active user; the
// state is marked stale and recovers on the next good answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type FaultRequest } from '../../shared/contract/sandboxAdmin';
import { clearFaults, injectFault, setAccountState } from '../support/sandboxAdmin';
import { fixtureView, planBilling, refreshUntil, resetCore, sandboxUrl, signInAs, uniqueEmail } from './support/planBilling';

const faults: Array<Omit<FaultRequest, 'route' | 'count'>> = [
  { kind: 'latency', latencyMs: 4000 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503, retryAfter: 600 },
  { kind: 'reset' },
  { kind: 'malformed' },
  { kind: 'malformed', malformedAs: 'wrong_shape' },
];

describe('transient failures never downgrade', () => {
  const timeout = vscode.workspace.getConfiguration('planBilling');
  before(async () => {
    await resetCore();
    await timeout.update('network.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    const { accountId } = await signInAs(uniqueEmail('faults'));
    await setAccountState(sandboxUrl(), accountId, 'active');
    await refreshUntil((s) => s.kind === 'active', 'active');
  });
  after(async () => {
    await timeout.update('network.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await resetCore();
  });

  for (const fault of faults) {
    it(`${fault.kind}${fault.status ? ` ${fault.status}` : ''}${fault.malformedAs ? ` (${fault.malformedAs})` : ''}: still Pro, marked stale`, async () => {
      const { api, t } = await planBilling();
      await clearFaults(sandboxUrl());
      await injectFault(sandboxUrl(), { route: '/v1/*', count: 20, ...fault });
      const outcome = await t.refresh('manual');
      assert.equal(outcome.status, 'failed');
      const s = t.snapshot();
      assert.equal(s.kind, 'active');
      assert.equal(s.stale, true);
      assert.ok(s.features.includes('ai.agent'));
      assert.equal(api.has('ai.agent'), true);
      assert.equal(api.getEntitlements().stale, true);
      assert.equal((await fixtureView()).hasAgent, true);
      assert.match(t.statusBar().text, /^\$\(account\) Pro \$\(cloud-offline\)$/);
      const keys = await t.contextKeys();
      assert.equal(keys?.['planBilling.stale'], true);
      assert.ok((keys?.['planBilling.features'] as string[]).includes('ai.agent'));

      await clearFaults(sandboxUrl());
      const fresh = await refreshUntil((x) => !x.stale && !x.refreshing, 'recovered');
      assert.equal(fresh.kind, 'active');
      assert.equal((await t.contextKeys())?.['planBilling.stale'], false);
    });
  }
});
