/**
 * Keeps a window's account and usage in step with what the other windows of
 * the profile verified (docs/refreshPolicy.md, "Several windows").
 *
 * The account cache, the accepted entitlement seq and the usage cache live in
 * globalState, which reaches every window, also in VS Code for the web; the
 * entitlement token lives in SecretStorage, which in VS Code for the web
 * reaches another tab only when it reloads. So every 2 s (in-memory reads,
 * no request) a window looks at what others wrote:
 * - the account cache was checked again: re-derive from it (no request);
 * - a newer entitlement seq was accepted than this window holds, and
 *   re-reading the token did not bring it: one request of its own, so the
 *   plan this window gates by is verified here, never copied;
 * - the usage cache was verified again: show it.
 */
import { type Disposable } from '../util/events';
import { StorageKeys, type KeyValueStore } from '../util/storage';
import { type Logger } from '../logging/logger';

export interface SharedStateWatchDeps {
  readonly state: KeyValueStore;
  /** The signed-in user's id, or undefined. */
  userId(): string | undefined;
  /** The seq of the entitlement this window verified, or undefined. */
  entitlementSeq(): number | undefined;
  /** Re-derive from the shared cache and re-read the token (no request). */
  syncAccount(): Promise<void>;
  /** Check the account with the service now. */
  refreshAccount(): Promise<unknown>;
  /** Show the shared usage cache. */
  followUsage(): void;
  readonly logger: Logger;
  readonly intervalMs?: number;
}

/** What another window changed, from globalState as it is now and what this window saw last. */
export interface SharedMarks {
  readonly accountCheckedAt: number | undefined;
  readonly acceptedSeq: number | undefined;
  readonly usageVerifiedAt: number | undefined;
}

export function readSharedMarks(state: KeyValueStore, userId: string): SharedMarks {
  const cache = state.get<{ userId?: unknown; lastCheckedAt?: unknown }>(StorageKeys.accountCache);
  const seqs = state.get<Record<string, { seq?: unknown } | undefined>>(StorageKeys.acceptedSeq);
  const usage = state.get<{ userId?: unknown; verifiedAt?: unknown }>(StorageKeys.usageCache);
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  return {
    accountCheckedAt: cache?.userId === userId ? number(cache.lastCheckedAt) : undefined,
    acceptedSeq: Object.prototype.hasOwnProperty.call(seqs ?? {}, userId) ? number(seqs?.[userId]?.seq) : undefined,
    usageVerifiedAt: usage?.userId === userId ? number(usage.verifiedAt) : undefined,
  };
}

export class SharedStateWatch implements Disposable {
  private seen: SharedMarks & { readonly userId: string | undefined };
  private readonly timer: ReturnType<typeof setInterval>;
  private busy = false;

  constructor(private readonly deps: SharedStateWatchDeps) {
    this.seen = this.marksNow();
    this.timer = setInterval(() => void this.check(), deps.intervalMs ?? 2000);
    this.timer.unref?.();
  }

  /** Looks once and follows what changed; resolves when done. */
  async check(): Promise<void> {
    if (this.busy) return;
    const before = this.seen;
    const now = this.marksNow();
    this.seen = now;
    if (now.userId === undefined || now.userId !== before.userId) return;
    this.busy = true;
    try {
      if (now.accountCheckedAt !== before.accountCheckedAt) await this.deps.syncAccount();
      const held = this.deps.entitlementSeq();
      if (now.acceptedSeq !== undefined && now.acceptedSeq !== before.acceptedSeq && (held === undefined || held < now.acceptedSeq)) {
        this.deps.logger.info(`Another window accepted entitlement seq ${now.acceptedSeq} (this one holds ${held ?? 'none'}); checking`);
        await this.deps.refreshAccount();
      }
      if (now.usageVerifiedAt !== before.usageVerifiedAt) this.deps.followUsage();
    } catch (error) {
      this.deps.logger.warn(`Following another window failed: ${String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private marksNow(): SharedMarks & { readonly userId: string | undefined } {
    const userId = this.deps.userId();
    const marks = userId === undefined ? { accountCheckedAt: undefined, acceptedSeq: undefined, usageVerifiedAt: undefined } : readSharedMarks(this.deps.state, userId);
    return { ...marks, userId };
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
