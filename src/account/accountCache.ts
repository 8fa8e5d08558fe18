/**
 * The non-secret cache of the signed-in account in globalState (shared by all
 * windows): who is signed in, the last account summary, the ETags and when any
 * window last checked. Activation restores from it without reading secrets.
 */
import { type AccountSummary, type User } from '../../shared/contract/account';
import { type KeyValueStore, StorageKeys } from '../util/storage';

export interface AccountCache {
  readonly userId: string;
  /** Who is signed in, so activation can restore without reading secrets first. */
  readonly user: User;
  readonly summary: AccountSummary | null;
  readonly summaryEtag: string | undefined;
  readonly entitlementEtag: string | undefined;
  /** Last successful check by any window (ms). */
  readonly lastCheckedAt: number | undefined;
}

/** The cache of an account nothing is known about yet. */
export function emptyCache(user: User): AccountCache {
  return { userId: user.id, user, summary: null, summaryEtag: undefined, entitlementEtag: undefined, lastCheckedAt: undefined };
}

export interface AccountCacheStoreDeps {
  readonly state: KeyValueStore;
}

export class AccountCacheStore {
  constructor(private readonly deps: AccountCacheStoreDeps) {}

  read(): AccountCache | undefined {
    return this.deps.state.get<AccountCache>(StorageKeys.accountCache);
  }

  async write(cache: AccountCache): Promise<void> {
    await this.deps.state.update(StorageKeys.accountCache, cache);
  }

  async clear(): Promise<void> {
    await this.deps.state.update(StorageKeys.accountCache, undefined);
  }
}
