import { strict as assert } from 'node:assert';
import { AccountCacheStore, emptyCache } from '../../../src/account/accountCache';
import { MemoryKeyValueStore, StorageKeys } from '../../../src/util/storage';
import { MemorySecretStore } from '../support/memoryStores';
import { summary } from '../support/fixtures';

describe('account cache: no email address in globalState', () => {
  const user = { id: 'usr_1', email: 'ada@example.test', name: 'Ada' };
  const account = summary({ user, billingDetails: { ...summary().billingDetails, email: 'invoices@example.test' } });

  function globalStateText(state: MemoryKeyValueStore): string {
    return JSON.stringify(state.keys().map((key) => [key, state.get(key)]));
  }

  it('keeps the addresses in secret storage and gives them back once loaded', async () => {
    const state = new MemoryKeyValueStore();
    const secrets = new MemorySecretStore();
    const cache = new AccountCacheStore({ state, secrets });
    await cache.write({ ...emptyCache(user), summary: account, summaryEtag: '"e1"', lastCheckedAt: 1 });

    assert.doesNotMatch(globalStateText(state), /@/, 'globalState holds no email address');
    assert.equal(cache.read()?.user.email, 'ada@example.test');
    assert.equal(cache.read()?.summary?.user.email, 'ada@example.test');
    assert.equal(cache.read()?.summary?.billingDetails.email, 'invoices@example.test');
    assert.deepEqual(secrets.keys(), [StorageKeys.accountEmails]);

    // Another window (or the next activation): blank until the secrets were read, then whole again.
    const other = new AccountCacheStore({ state, secrets });
    assert.equal(other.read()?.user.email, '');
    assert.equal(other.read()?.summary?.billingDetails.email, '');
    await other.loadEmails();
    assert.deepEqual(other.read(), cache.read());
  });

  it('reads an unchanged cache as the same object (snapshots compare the summary by identity)', async () => {
    const state = new MemoryKeyValueStore();
    const secrets = new MemorySecretStore();
    const cache = new AccountCacheStore({ state, secrets });
    await cache.write({ ...emptyCache(user), summary: account });
    const first = cache.read();
    assert.equal(cache.read(), first);
    await cache.loadEmails();
    assert.equal(cache.read(), first, 'reloading the same addresses changes nothing');
    await cache.write({ ...emptyCache(user), summary: account, lastCheckedAt: 2 });
    assert.notEqual(cache.read(), first);
  });

  it('follows a changed billing email and forgets everything on clear', async () => {
    const state = new MemoryKeyValueStore();
    const secrets = new MemorySecretStore();
    const cache = new AccountCacheStore({ state, secrets });
    await cache.write({ ...emptyCache(user), summary: account });
    await cache.write({ ...emptyCache(user), summary: { ...account, billingDetails: { ...account.billingDetails, email: 'ap@example.test' } } });
    const other = new AccountCacheStore({ state, secrets });
    await other.loadEmails();
    assert.equal(other.read()?.summary?.billingDetails.email, 'ap@example.test');
    await cache.clear();
    assert.equal(cache.read(), undefined);
    assert.deepEqual(secrets.keys(), []);
  });

  it("does not hand one account's addresses to another", async () => {
    const state = new MemoryKeyValueStore();
    const secrets = new MemorySecretStore();
    const cache = new AccountCacheStore({ state, secrets });
    await cache.write(emptyCache(user));
    await state.update(StorageKeys.accountCache, { ...emptyCache({ id: 'usr_2', email: '', name: 'B' }) });
    assert.equal(cache.read()?.user.email, '');
  });
});
