// Journey 8 of docs/journeys.md, the fault matrix: faults injected in the sandbox (latency beyond
// the timeout, 500/502/503, 429 with Retry-After, connection resets, bodies trickled slower than
// the timeout, malformed bodies) never downgrade an active user; retries are bounded and back off;
// the state is marked stale and recovers on the next good answer, without a reload, with the
// meters the service holds.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type FaultRequest } from '../../shared/contract/sandboxAdmin';
import { activeFaults, clearFaults, injectFault, setAccountState } from '../support/sandboxAdmin';
import { ApiPaths } from '../../shared/contract/paths';
import { fixtureView, planBilling, refreshUntil, resetCore, sandboxUrl, signInAs, uniqueEmail } from './support/planBilling';

const faults: Array<Omit<FaultRequest, 'route' | 'count'>> = [
  { kind: 'latency', latencyMs: 4000 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503, retryAfter: 600 },
  { kind: 'status', status: 429, retryAfter: 1 },
  { kind: 'reset' },
  { kind: 'slow_body', byteIntervalMs: 50 },
  { kind: 'malformed' },
  { kind: 'malformed', malformedAs: 'wrong_shape' },
];

describe('transient failures never downgrade', () => {
  const timeout = vscode.workspace.getConfiguration('planBilling');
  let accessToken = '';
  before(async () => {
    await resetCore();
    await timeout.update('network.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    const { accountId, tokens } = await signInAs(uniqueEmail('faults'));
    accessToken = tokens.access_token;
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

  it('retries a read three times at most, waiting as Retry-After asks, then keeps Pro', async () => {
    const { t } = await planBilling();
    await clearFaults(sandboxUrl());
    await injectFault(sandboxUrl(), { route: `GET ${ApiPaths.account}`, kind: 'status', status: 429, retryAfter: 1, count: 10 });
    const started = Date.now();
    const outcome = await t.refresh('manual');
    const elapsed = Date.now() - started;
    assert.equal(outcome.status, 'failed');
    const [left] = await activeFaults(sandboxUrl());
    assert.equal(10 - (left?.remaining ?? 0), 3, 'three attempts in all');
    assert.ok(elapsed >= 2_000, `two waits of at least the 1 s Retry-After (took ${elapsed} ms)`);
    assert.equal(t.snapshot().error?.kind, 'rateLimited');
    assert.equal(t.snapshot().kind, 'active');
    await clearFaults(sandboxUrl());
    await refreshUntil((x) => !x.stale && !x.refreshing, 'recovered');
  });

  it('after every fault, the meters shown are the service\'s', async () => {
    const { api, t } = await planBilling();
    await refreshUntil((x) => !x.stale && !x.refreshing, 'fresh');
    const res = await fetch(`${sandboxUrl()}${ApiPaths.account}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const summary = (await res.json()) as { usage?: unknown; subscription?: unknown };
    assert.deepEqual(t.snapshot().account?.usage, summary.usage);
    assert.deepEqual(t.snapshot().account?.subscription, summary.subscription);
    assert.equal(api.getEntitlements().stale, false);
  });
});
