/**
 * The non-secret cache of the signed-in account in globalState (shared by all
 * windows): who is signed in, the last account summary, the ETags and when any
 * window last checked. Activation restores from it without reading secrets.
 * Its email addresses (the user's and the billing email) are personal data:
 * globalState keeps them blank, and they live in SecretStorage beside the
 * session, read back with it.
 */
import { type AccountSummary, type User } from '../../shared/contract/account';
import { type KeyValueStore, type SecretStore, StorageKeys } from '../util/storage';

export interface AccountCache {
  readonly userId: string;
  /** Who is signed in, so activation can restore without reading secrets first (email blank until they are read). */
  readonly user: User;
  readonly summary: AccountSummary | null;
  readonly summaryEtag: string | undefined;
  readonly entitlementEtag: string | undefined;
  /** The service's summary carries the entitlement token: a 304 of the summary confirms the token too. */
  readonly tokenInSummary?: boolean;
  /** Last successful check by any window (ms). */
  readonly lastCheckedAt: number | undefined;
}

/** The cache of an account nothing is known about yet. */
export function emptyCache(user: User): AccountCache {
  return { userId: user.id, user, summary: null, summaryEtag: undefined, entitlementEtag: undefined, lastCheckedAt: undefined };
}

/** The cached account's email addresses, kept in SecretStorage. */
interface CachedEmails {
  readonly userId: string;
  readonly email: string;
  readonly billingEmail: string | undefined;
}

function isCachedEmails(value: unknown): value is CachedEmails {
  const v = value as Partial<CachedEmails> | null;
  return typeof v === 'object' && v !== null && typeof v.userId === 'string' && typeof v.email === 'string' && (v.billingEmail === undefined || typeof v.billingEmail === 'string');
}

/** `cache` with its email addresses set to `emails` ('' = blank, as globalState keeps them). */
function withEmails(cache: AccountCache, emails: { email: string; billingEmail: string | undefined }): AccountCache {
  const summary = cache.summary;
  return {
    ...cache,
    user: { ...cache.user, email: emails.email },
    summary: summary && {
      ...summary,
      user: { ...summary.user, email: emails.email },
      billingDetails: { ...summary.billingDetails, email: emails.billingEmail ?? summary.billingDetails.email },
    },
  };
}

export interface AccountCacheStoreDeps {
  readonly state: KeyValueStore;
  readonly secrets: SecretStore;
}

export class AccountCacheStore {
  private emails: CachedEmails | undefined;
  /** The last read's inputs and result: snapshots compare the summary by identity, so an unchanged cache reads as the same object. */
  private lastRead: { stored: AccountCache; emails: CachedEmails | undefined; result: AccountCache } | undefined;

  constructor(private readonly deps: AccountCacheStoreDeps) {}

  /** The cache, with its email addresses once loadEmails() read them (blank before). */
  read(): AccountCache | undefined {
    const stored = this.deps.state.get<AccountCache>(StorageKeys.accountCache);
    if (!stored) return undefined;
    const emails = this.emails?.userId === stored.userId ? this.emails : undefined;
    if (this.lastRead?.stored === stored && this.lastRead.emails === emails) return this.lastRead.result;
    const result = emails ? withEmails(stored, emails) : stored;
    this.lastRead = { stored, emails, result };
    return result;
  }

  /** Reads the email addresses from secret storage (with the session, and when another window changed them). */
  async loadEmails(): Promise<void> {
    const raw = await this.deps.secrets.get(StorageKeys.accountEmails);
    let parsed: unknown;
    try {
      parsed = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const loaded = isCachedEmails(parsed) ? parsed : undefined;
    // Unchanged addresses keep their object, so the cache keeps reading as the same summary.
    if (loaded?.userId !== this.emails?.userId || loaded?.email !== this.emails?.email || loaded?.billingEmail !== this.emails?.billingEmail) this.emails = loaded;
  }

  async write(cache: AccountCache): Promise<void> {
    // The store writes only after loadEmails() (it refreshes once the secrets were read), so `cache` has them.
    const known = this.emails?.userId === cache.userId ? this.emails : undefined;
    const emails: CachedEmails = { userId: cache.userId, email: cache.user.email, billingEmail: cache.summary?.billingDetails.email };
    await this.deps.state.update(StorageKeys.accountCache, withEmails(cache, { email: '', billingEmail: cache.summary ? '' : undefined }));
    if (known?.email === emails.email && known.billingEmail === emails.billingEmail) return;
    this.emails = emails;
    await this.deps.secrets.store(StorageKeys.accountEmails, JSON.stringify(emails));
  }

  async clear(): Promise<void> {
    this.emails = undefined;
    await Promise.all([this.deps.state.update(StorageKeys.accountCache, undefined), this.deps.secrets.delete(StorageKeys.accountEmails)]);
  }
}
