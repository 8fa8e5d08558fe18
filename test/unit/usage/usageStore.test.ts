/**
 * The usage store against a real sandbox: cached in globalState per user,
 * conditional checks (304 keeps the value), stale-marked on failure with the
 * last verified value kept, coalesced refreshes after reported usage.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { type ApiClient } from '../../../src/api/apiClient';
import { UsageStore } from '../../../src/usage/usageStore';
import { MemoryKeyValueStore, StorageKeys } from '../../../src/util/storage';
import { advanceClock, clearFaults, injectFault } from '../../support/sandboxAdmin';
import { FakeClock, T0 } from '../support/fixtures';
import { signedInClient, useSandbox } from '../support/sandboxClient';

describe('UsageStore against the real sandbox', function () {
  this.timeout(60_000);
  const sandbox = useSandbox();

  afterEach(async () => {
    await clearFaults(sandbox().url);
  });

  async function storeFor(): Promise<{ store: UsageStore; state: MemoryKeyValueStore; clock: FakeClock; api: ApiClient; requests: () => number; timers: Array<() => void> }> {
    const { api, accountId: userId } = await signedInClient(sandbox().url, 'usage-store', 'active', { maxAttempts: 1, backoffBaseMs: 10 });
    let count = 0;
    const counting = {
      getUsage: (o: { etag?: string }) => {
        count++;
        return api.getUsage(o);
      },
      putUsageSettings: api.putUsageSettings.bind(api),
      reportUsage: api.reportUsage.bind(api),
    };
    const state = new MemoryKeyValueStore();
    const clock = new FakeClock(T0);
    const timers: Array<() => void> = [];
    const store = new UsageStore({
      api: counting,
      state,
      clock,
      userId: () => userId,
      setTimer: (fn) => {
        timers.push(fn);
        return { dispose: () => void timers.splice(timers.indexOf(fn), 1) };
      },
    });
    return { store, state, clock, api, requests: () => count, timers };
  }

  it('caches the usage in globalState, then a check is a 304 that keeps it', async () => {
    const { store, state } = await storeFor();
    assert.equal(store.current.usage, undefined);
    assert.deepEqual(await store.refresh(), { status: 'updated' });
    assert.equal(store.usage?.planId, 'pro');
    assert.ok(state.get(StorageKeys.usageCache));
    const before = store.usage;
    assert.deepEqual(await store.refresh(), { status: 'notModified' });
    assert.deepEqual(store.usage, before);
  });

  it('a failed check marks the usage stale and keeps the last verified value', async () => {
    const { store } = await storeFor();
    await store.refresh();
    await injectFault(sandbox().url, { route: 'GET /v1/usage', kind: 'status', status: 503, count: 1 });
    const outcome = await store.refresh();
    assert.equal(outcome.status, 'failed');
    assert.equal(store.current.stale, true);
    assert.equal(store.usage?.planId, 'pro');
    await store.refresh();
    assert.equal(store.current.stale, false);
  });

  it('reported usage refreshes soon, coalesced: one check in flight, at most one per 2 s', async () => {
    const { store, clock, requests, timers } = await storeFor();
    await store.refresh();
    const first = requests();
    await store.report({ eventId: randomUUID(), feature: 'ai.agent', credits: '25.00' });
    await store.report({ eventId: randomUUID(), feature: 'ai.agent', credits: '25.00' });
    await store.report({ eventId: randomUUID(), feature: 'ai.agent', credits: '25.00' });
    // Within 2 s of the last check: one refresh scheduled, none sent yet.
    assert.equal(requests(), first);
    assert.equal(timers.length, 1);
    clock.advance(2000);
    timers[0]!();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(requests(), first + 1);
    assert.equal(store.usage?.plan.used, '75.00');
  });

  it('takes the meters an account check brought: keeps the days and history of the period, ignores older ones, keeps the ETag only when unchanged', async () => {
    const { store, api, requests, clock } = await storeFor();
    await store.refresh();
    const held = store.usage!;
    const cachedEtag = () => (store as unknown as { cache(): { etag?: string } }).cache().etag;
    const etag = cachedEtag();
    assert.ok(etag);
    await api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '30.00', occurredAt: held.asOf });
    const account = await api.getAccount();
    assert.ok(!account.notModified && account.body.usage);
    clock.advance(1000);
    await store.acceptMeters(account.body.user.id, account.body.usage, account.body.asOf, clock.now());
    assert.equal(store.usage?.plan.used, '30.00');
    assert.deepEqual(store.usage?.daily, held.daily, 'the days of the last usage check are kept');
    assert.equal(cachedEtag(), undefined, 'changed meters: the next usage check asks unconditionally');
    assert.equal(store.current.detailsBehind, true, 'the days shown predate the meters');
    // An account check that completed before the usage held changes nothing.
    await store.acceptMeters(account.body.user.id, held, undefined, clock.now() - 5000);
    assert.equal(store.usage?.plan.used, '30.00');
    const before = requests();
    assert.deepEqual(await store.refresh(), { status: 'updated' });
    assert.equal(requests(), before + 1);
    assert.equal(store.current.detailsBehind, false);
  });

  it("a caller's retry of an event sends the time it was first sent with: counted once, not refused as a reused id", async () => {
    const { store, clock } = await storeFor();
    await store.refresh();
    const eventId = `retry-${randomUUID()}`;
    const first = await store.report({ eventId, feature: 'ai.agent', credits: '12.50' });
    clock.advance(5000);
    const retry = await store.report({ eventId, feature: 'ai.agent', credits: 12.5 });
    assert.deepEqual([first.duplicate, retry.duplicate, retry.remaining], [false, true, first.remaining]);
    // The same id with other content is refused by the service, nothing counted.
    await assert.rejects(store.report({ eventId, feature: 'ai.agent', credits: '13.00' }), (e: unknown) => (e as { details?: { problemCode?: string } }).details?.problemCode === 'event_id_reused');
  });

  it('saves the overage settings and holds the answer as the verified usage', async () => {
    const { store } = await storeFor();
    await store.refresh();
    const saved = await store.saveSettings({ overageEnabled: false, spendCap: 1500 }, randomUUID());
    assert.equal(saved.overage?.enabled, false);
    assert.equal(store.usage?.overage?.spendCap.amount, 1500);
  });

  // Last: it moves the sandbox's billing clock on for every later test of this process.
  it('reports at the service time: after the billing clock moved on into a new period, one check and a retry with the same eventId', async () => {
    const { store, clock } = await storeFor();
    await store.refresh();
    const periodEnd = Date.parse(store.usage!.periodEnd);
    await advanceClock(sandbox().url, { days: 40 });
    clock.advance(1000);
    const result = await store.report({ eventId: `evt-${randomUUID()}`, feature: 'ai.agent', credits: 5 });
    assert.equal(result.credits, '5.00');
    assert.ok(Date.parse(store.usage!.periodStart) >= periodEnd);
    assert.ok(store.serviceNow() > periodEnd);
  });
});
