import { strict as assert } from 'node:assert';
import { readSharedMarks, SharedStateWatch } from '../../../src/account/sharedStateWatch';
import { MemoryKeyValueStore, StorageKeys } from '../../../src/util/storage';
import { recordingLogger } from '../support/memoryStores';

describe('shared state watch (other windows through globalState)', () => {
  it("reads another window's marks only for the signed-in user, ignoring malformed values", async () => {
    const state = new MemoryKeyValueStore();
    await state.update(StorageKeys.accountCache, { userId: 'u1', lastCheckedAt: 10 });
    await state.update(StorageKeys.acceptedSeq, { u1: { seq: 7, digest: 'd' }, u2: { seq: 9 } });
    await state.update(StorageKeys.usageCache, { userId: 'u2', verifiedAt: 5 });
    assert.deepEqual(readSharedMarks(state, 'u1'), { accountCheckedAt: 10, acceptedSeq: 7, usageVerifiedAt: undefined });
    await state.update(StorageKeys.acceptedSeq, { u1: { seq: 'x' } });
    await state.update(StorageKeys.accountCache, { userId: 'u1', lastCheckedAt: Number.NaN });
    assert.deepEqual(readSharedMarks(state, 'u1'), { accountCheckedAt: undefined, acceptedSeq: undefined, usageVerifiedAt: undefined });
    assert.equal(readSharedMarks(state, 'constructor').acceptedSeq, undefined, 'no inherited property is a seq');
  });

  it('re-derives on a new check, asks the service only for a newer entitlement than it holds, shows new usage', async () => {
    const state = new MemoryKeyValueStore();
    const calls: string[] = [];
    let held: number | undefined = 3;
    await state.update(StorageKeys.accountCache, { userId: 'u1', lastCheckedAt: 1 });
    await state.update(StorageKeys.acceptedSeq, { u1: { seq: 3 } });
    const watch = new SharedStateWatch({
      state,
      userId: () => 'u1',
      entitlementSeq: () => held,
      syncAccount: async () => void calls.push('sync'),
      refreshAccount: async () => {
        calls.push('refresh');
        held = 4;
      },
      followUsage: () => calls.push('usage'),
      logger: recordingLogger().logger,
      intervalMs: 60_000,
    });
    try {
      await watch.check();
      assert.deepEqual(calls, [], 'what was there at start is known');

      await state.update(StorageKeys.accountCache, { userId: 'u1', lastCheckedAt: 2 });
      await watch.check();
      assert.deepEqual(calls, ['sync'], 'a check elsewhere that changed no entitlement: no request');

      await state.update(StorageKeys.accountCache, { userId: 'u1', lastCheckedAt: 3 });
      await state.update(StorageKeys.acceptedSeq, { u1: { seq: 4 } });
      await watch.check();
      await watch.check();
      assert.deepEqual(calls, ['sync', 'sync', 'refresh'], 'one request for the newer entitlement');

      await state.update(StorageKeys.acceptedSeq, { u1: { seq: 5 } });
      held = 5; // re-reading the token brought it (VS Code desktop)
      await watch.check();
      assert.deepEqual(calls, ['sync', 'sync', 'refresh'], 'no request when this window holds it already');

      await state.update(StorageKeys.usageCache, { userId: 'u1', verifiedAt: 9 });
      await watch.check();
      assert.deepEqual(calls.slice(-1), ['usage']);
    } finally {
      watch.dispose();
    }
  });
});
