/**
 * The two storage surfaces the core uses, shaped like VS Code's
 * `Memento` (globalState) and `SecretStorage`, so account and auth logic can
 * also run outside VS Code with in-memory implementations.
 */
import { type Event } from './events';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  readonly onDidChange: Event<{ key: string }>;
}

/** Keys of everything the extension persists, in one place (sign-out clears the account ones). */
export const StorageKeys = {
  /** globalState: the cached account (summary, ETags, check times) of the signed-in user. */
  accountCache: 'planBilling.accountCache.v1',
  /** globalState: last accepted entitlement seq per subject (with a hash of that token). */
  acceptedSeq: 'planBilling.acceptedSeq.v1',
  /** globalState: the latest time seen (clock rollback detection); not account data. */
  latestSeenTime: 'planBilling.latestSeenTime.v1',
  /** globalState: pinned sandbox signing keys per service origin; not account data. */
  sandboxKeys: 'planBilling.sandboxKeys.v1',
  /** globalState: which notifications were already shown. */
  notificationMemory: 'planBilling.notifications.v1',
  /** globalState: the signed-in user's last verified Usage with its ETag and check time. */
  usageCache: 'planBilling.usageCache.v1',
  /** globalState: which usage alerts were shown in which period. */
  usageAlerts: 'planBilling.usageAlerts.v1',
  /** globalState: the id (no token) of the sign-in the profile has, or null, so other windows follow a sign-in or sign-out (src/auth/sessionMarker.ts). */
  sessionMarker: 'planBilling.sessionMarker.v1',
  /** secret: the OAuth session (access + refresh token). */
  session: 'planBilling.session.v1',
  /** secret: the entitlement token (JWS). */
  entitlementToken: 'planBilling.entitlementToken.v1',
  /** secret: the cached account's email addresses (globalState keeps them blank). */
  accountEmails: 'planBilling.accountEmails.v1',
} as const;

/** An in-memory KeyValueStore (tests, and a fallback). */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
}
