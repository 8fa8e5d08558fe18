/**
 * The account store: restores the cached account synchronously, refreshes
 * through the refresh policy (single flight, conditional requests), keeps the
 * last verified state on transient failures (marked stale), and publishes one
 * AccountSnapshot. What it persists is kept by the account cache
 * (accountCache.ts) and the token vault (entitlements/tokenVault.ts). Free of
 * VS Code: storage, clock, logging and the API client are injected.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type ApiClient } from '../api/apiClient';
import { ApiError, errorMessage, toApiError } from '../api/apiError';
import { type SessionState, type StoredSession } from '../auth/authSessions';
import { type TokenVault } from '../entitlements/tokenVault';
import { type Logger } from '../logging/logger';
import { type Clock, type Random } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { Emitter, type Event } from '../util/events';
import { Timer } from '../util/timer';
import { type AccountCacheStore, emptyCache } from './accountCache';
import {
  type AccountRefresher,
  type AccountScopedData,
  type AccountWaiter,
  type EntitlementSource,
  type PortalPollControl,
  type RefreshOutcome,
} from './accountInterfaces';
import { type AccountSnapshot, buildSnapshot, SIGNED_OUT_SNAPSHOT, type SnapshotChange, type SnapshotOrigin, snapshotsDiffer } from './accountSnapshot';
import { accountCadence, DEFAULT_REFRESH_POLICY, type PolicyContext, RefreshPolicy, type RefreshPolicyConfig, type RefreshTrigger } from './refreshPolicy';

export interface AccountStoreDeps {
  readonly clock: Clock;
  readonly random?: Random;
  readonly logger: Logger;
  readonly client: Pick<ApiClient, 'getAccount' | 'getEntitlements'>;
  readonly sessions: SessionState;
  readonly cache: AccountCacheStore;
  readonly vault: VaultPort;
  /** What other parts keep for the signed-in account (the notifier's memory); cleared with the account. */
  readonly accountScopedData?: readonly AccountScopedData[];
  readonly policy?: RefreshPolicyConfig;
}

/** What the store uses of the token vault (built later than the store: docs/architecture.md "Activation"). */
export type VaultPort = Pick<TokenVault, 'claims' | 'holdsLatest' | 'clockRolledBack' | 'loadStored' | 'prepareKeys' | 'accept' | 'noteTime' | 'clear'>;

/** Triggers that must see the service's state as of now, not of a request already under way. */
const FOLLOW_UP_TRIGGERS: ReadonlySet<RefreshTrigger> = new Set<RefreshTrigger>(['manual', 'signIn', 'uriCallback', 'panelOpen']);

export class AccountStore implements EntitlementSource, AccountWaiter, AccountRefresher, PortalPollControl {
  private readonly policy: RefreshPolicy;
  private readonly disposables = new DisposableStore();
  private readonly changeEmitter = this.disposables.add(new Emitter<SnapshotChange>());
  /** Fires on every visible change of the snapshot. */
  readonly onDidChange: Event<SnapshotChange> = this.changeEmitter.event;

  private current: AccountSnapshot = SIGNED_OUT_SNAPSHOT;
  private featureSet: ReadonlySet<string> = new Set();
  private stale = false;
  private error: ApiError | null = null;
  /** When this window's last check failed (local ms), so only a later check elsewhere clears `stale`. */
  private failedAt: number | undefined;
  /** The check time this window last wrote to the shared cache, or followed there. */
  private ownCheckAt: number | undefined;
  private inFlight: Promise<RefreshOutcome> | undefined;
  private followUp: Promise<RefreshOutcome> | undefined;
  private abort: AbortController | undefined;
  /** The next policy wake-up (periodic, retry or portal poll). */
  private readonly wakeTimer = this.disposables.add(new Timer());
  /** The token's next time-based boundary (exp, graceUntil). */
  private readonly boundaryTimer = this.disposables.add(new Timer());
  private readonly activationTimer = this.disposables.add(new Timer());
  private disposed = false;

  constructor(private readonly deps: AccountStoreDeps) {
    this.policy = new RefreshPolicy(deps.clock, deps.random ?? Math.random, deps.policy ?? DEFAULT_REFRESH_POLICY);
  }

  /** The current snapshot (in memory, no I/O). */
  get snapshot(): AccountSnapshot {
    return this.current;
  }

  /** In-memory feature lookup for the exported API and the gate. */
  has(feature: string): boolean {
    return this.featureSet.has(feature);
  }

  get portalPollLimitMs(): number {
    return this.policy.config.pollMaxDurationMs;
  }

  /**
   * Synchronous restore at activation: the cached summary of the signed-in
   * account, state "checking" until the stored token is verified (no network).
   */
  restore(): void {
    this.recompute('restore', false);
  }

  /**
   * Reads the session and the entitlement token from secret storage and
   * verifies the token with the built-in (or pinned sandbox) keys. No network.
   */
  async loadSecrets(): Promise<void> {
    const [session] = await Promise.all([this.deps.sessions.load(), this.deps.cache.loadEmails()]);
    if (!session) {
      await this.clearAccountData();
      this.recompute('restore', false);
      return;
    }
    const { cache, vault } = this.deps;
    const cached = cache.read();
    if (cached && cached.userId !== session.user.id) await this.clearAccountData();
    if (!cache.read()) await cache.write(emptyCache(session.user));
    await vault.loadStored(session.user.id);
    this.recompute('restore', false);
    this.schedule();
  }

  /** After activation: the deferred first check. */
  scheduleActivationCheck(): void {
    this.activationTimer.set(this.policy.config.activationDelayMs, () => void this.refresh('activation'));
  }

  /**
   * Refresh through the policy. Background triggers join a refresh already in
   * flight; triggers that follow a change the caller knows about (manual,
   * sign-in, portal return, panel open) queue one follow-up after it, since the
   * request in flight may have been answered before that change.
   */
  refresh(trigger: RefreshTrigger): Promise<RefreshOutcome> {
    if (this.inFlight) {
      if (!FOLLOW_UP_TRIGGERS.has(trigger)) return this.inFlight;
      this.followUp ??= this.inFlight.then(() => {
        this.followUp = undefined;
        return this.refresh(trigger);
      });
      return this.followUp;
    }
    if (this.disposed) return Promise.resolve({ status: 'skipped', reason: 'disposed' });
    const session = this.deps.sessions.current;
    if (!session) return Promise.resolve({ status: 'skipped', reason: 'signed out' });
    this.deps.vault.noteTime();
    const admission = this.policy.admit(trigger, this.policyContext());
    if (!admission.run) {
      this.deps.logger.trace(`Refresh (${trigger}) skipped: ${admission.reason}`);
      this.schedule();
      return Promise.resolve({ status: 'skipped', reason: admission.reason });
    }
    this.policy.started(trigger);
    this.abort = new AbortController();
    this.inFlight = this.runRefresh(trigger, session, this.abort.signal).finally(() => {
      this.inFlight = undefined;
      this.abort = undefined;
      this.schedule();
    });
    this.recompute('refresh', false);
    return this.inFlight;
  }

  /** Starts the bounded poll after a portal session was opened. */
  startPortalPoll(): void {
    this.policy.startPoll();
    this.recompute('refresh', false);
    this.schedule();
  }

  stopPortalPoll(): void {
    this.policy.stopPoll();
    this.recompute('refresh', false);
    this.schedule();
  }

  /** Resolves with the first snapshot matching `predicate` (now or later), or undefined after `timeoutMs`/abort. */
  waitFor(predicate: (s: AccountSnapshot) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<AccountSnapshot | undefined> {
    if (predicate(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve) => {
      const done = (value: AccountSnapshot | undefined) => {
        clearTimeout(timer);
        subscription.dispose();
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => done(undefined);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const subscription = this.onDidChange(({ current }) => {
        if (predicate(current)) done(current);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A new sign-in: start from a clean slate for that account and check at once. */
  async onSignedIn(session: StoredSession): Promise<void> {
    const { cache } = this.deps;
    const cached = cache.read();
    if (!cached || cached.userId !== session.user.id) {
      await this.clearAccountData();
      await cache.write(emptyCache(session.user));
    }
    this.policy.reset();
    this.stale = false;
    this.error = null;
    this.recompute('signIn', false);
    await this.refresh('signIn');
  }

  /** Sign-out (here or in another window): drop every trace of the account. */
  async onSignedOut(): Promise<void> {
    this.abort?.abort(new ApiError('cancelled', 'Signed out.'));
    this.policy.reset();
    this.stale = false;
    this.error = null;
    await this.clearAccountData();
    this.recompute('signOut', false);
    this.schedule();
  }

  /**
   * Another window changed the shared state (token secret or session): re-read
   * secrets and globalState and re-derive, without any network request.
   */
  async syncFromOtherWindow(): Promise<void> {
    // A refresh of this window publishes its own result; read shared state after it.
    if (this.inFlight) await this.inFlight;
    const session = this.deps.sessions.current;
    if (!session) {
      this.recompute('sync', false);
      return;
    }
    const { cache, vault } = this.deps;
    const before = vault.claims;
    await Promise.all([vault.loadStored(session.user.id), cache.loadEmails()]);
    const checkedAt = cache.read()?.lastCheckedAt;
    if (checkedAt !== undefined && vault.claims && (this.failedAt === undefined || checkedAt > this.failedAt)) {
      // Another window verified successfully after this one's last failure: this one is no longer stale.
      this.stale = false;
      this.error = null;
    }
    this.recompute('sync', before !== vault.claims);
    this.schedule();
  }

  /**
   * The shared cache shows a check: unless it is this window's own, follow
   * it (src/account/sharedStateWatch.ts). Its own is no news, and a needless
   * change would redraw the status bar under an open tooltip.
   */
  async followOtherWindow(): Promise<void> {
    const checkedAt = this.deps.cache.read()?.lastCheckedAt;
    if (checkedAt === undefined || checkedAt === this.ownCheckAt) return;
    this.ownCheckAt = checkedAt;
    await this.syncFromOtherWindow();
  }

  /** Re-derives from the clock (e.g. on window focus, when time-based limits may have passed). */
  tick(): void {
    this.deps.vault.noteTime();
    this.recompute('time', false);
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort(new ApiError('cancelled', 'Disposed.'));
    this.disposables.dispose();
  }

  // -------------------------------------------------------------------------

  /** Verifies and stores a token; true when what it entitles differs from before. */
  private async acceptToken(token: string, session: StoredSession, signal: AbortSignal): Promise<boolean> {
    const { vault } = this.deps;
    await vault.prepareKeys(signal);
    const previous = vault.claims;
    const claims = await vault.accept(token, session.user.id, signal);
    return JSON.stringify(claims) !== JSON.stringify(previous);
  }

  private async runRefresh(trigger: RefreshTrigger, session: StoredSession, signal: AbortSignal): Promise<RefreshOutcome> {
    const { client, logger, clock, cache: cacheStore, vault } = this.deps;
    const started = clock.now();
    try {
      const cache = cacheStore.read() ?? emptyCache(session.user);
      // Conditional only while the vault holds the latest token: a 304 would not bring the one the summary carries.
      const holdsLatest = vault.holdsLatest;
      const account = await client.getAccount({ etag: cache.summary && holdsLatest ? cache.summaryEtag : undefined, signal });
      // The token goes to the vault (secret storage), never into the cached summary.
      const { entitlementToken: carried, ...fresh } = account.notModified ? { entitlementToken: undefined } : account.body;
      const summary = account.notModified ? cache.summary : (fresh as AccountSummary);
      const accountChanged = !account.notModified && JSON.stringify(summary) !== JSON.stringify(cache.summary);
      // Credits spent change the summary's meters, not what the entitlement says: they alone fetch no token.
      const beyondMeters = (s: AccountSummary | null) => (s ? JSON.stringify({ ...s, usage: null, asOf: '' }) : '');
      const entitlementMayChange = accountChanged && beyondMeters(summary) !== beyondMeters(cache.summary);
      let entitlementEtag = cache.entitlementEtag;
      let entitlementChanged = false;
      // A 304 of a token-carrying summary means the token it carried is unchanged too.
      const carriedUnchanged = account.notModified && holdsLatest && cache.tokenInSummary === true;
      if (carried !== undefined) {
        // One request per check: the summary brought the current token.
        entitlementChanged = await this.acceptToken(carried, session, signal);
      } else if (!carriedUnchanged && this.policy.needsEntitlement(entitlementMayChange, vault.claims, this.policyContext())) {
        await vault.prepareKeys(signal);
        const entitlement = await client.getEntitlements({ etag: holdsLatest ? cache.entitlementEtag : undefined, signal });
        if (!entitlement.notModified) {
          entitlementChanged = await this.acceptToken(entitlement.body.token, session, signal);
          entitlementEtag = entitlement.etag;
        }
      }
      if (!this.deps.sessions.current || this.deps.sessions.current.user.id !== session.user.id) {
        this.policy.abandoned();
        return { status: 'skipped', reason: 'signed out meanwhile' };
      }
      const now = clock.now();
      const tokenInSummary = account.notModified ? cache.tokenInSummary : carried !== undefined;
      await cacheStore.write({ userId: session.user.id, user: session.user, summary, summaryEtag: account.etag ?? cache.summaryEtag, entitlementEtag, tokenInSummary, lastCheckedAt: now });
      this.ownCheckAt = now;
      const changed = accountChanged || entitlementChanged;
      this.stale = false;
      this.error = null;
      this.policy.succeeded(changed);
      logger.info(`Refresh (${trigger}) ${changed ? 'updated the account' : 'confirmed: unchanged'} in ${now - started} ms`);
      this.recompute('refresh', changed);
      return { status: 'updated', changed };
    } catch (caught) {
      const error = toApiError(caught);
      if (error.kind === 'cancelled' || !this.deps.sessions.current) {
        this.policy.abandoned();
        this.recompute('refresh', false);
        return { status: 'skipped', reason: error.kind === 'cancelled' ? 'cancelled' : 'signed out' };
      }
      // Transient or not, a failure never reduces entitlements: keep the last
      // verified claims and mark the state stale.
      this.stale = true;
      this.error = error;
      this.failedAt = clock.now();
      this.policy.failed(error.details.retryAfterMs);
      logger.warn(`Refresh (${trigger}) failed: ${error.kind}: ${error.message}`);
      this.recompute('refresh', false);
      return { status: 'failed', error };
    }
  }

  private recompute(origin: SnapshotOrigin, accountChanged: boolean): void {
    const { sessions, cache: cacheStore, vault } = this.deps;
    const cache = cacheStore.read();
    // Before secret storage was read, the cache's user stands in (state "checking").
    const user = sessions.current?.user ?? (sessions.isLoaded ? undefined : cache?.user);
    const own = user !== undefined && cache?.userId === user.id ? cache : undefined;
    const next = buildSnapshot({
      user,
      account: own?.summary ?? null,
      lastVerifiedAt: own?.lastCheckedAt,
      claims: vault.claims,
      stale: this.stale,
      error: this.error ? { kind: this.error.kind, message: errorMessage(this.error) } : null,
      refreshing: this.policy.refreshing,
      portalPolling: this.policy.polling,
      clockRolledBack: vault.clockRolledBack(),
      now: this.deps.clock.now(),
    });
    const previous = this.current;
    if (!snapshotsDiffer(previous, next) && !accountChanged) return;
    this.current = next;
    this.featureSet = new Set(next.features);
    this.scheduleBoundary();
    this.changeEmitter.fire({ previous, current: next, origin, accountChanged });
  }

  /** Wakes at the next time-based boundary of the token (exp, graceUntil) to re-derive. */
  private scheduleBoundary(): void {
    this.boundaryTimer.clear();
    const claims = this.current.claims;
    if (!claims || this.disposed) return;
    const now = this.deps.clock.now();
    const next = [claims.exp * 1000, claims.graceUntil * 1000 + 1].filter((t) => t > now).sort((a, b) => a - b)[0];
    if (next === undefined) return;
    this.boundaryTimer.set(next - now, () => this.tick());
  }

  private schedule(): void {
    this.wakeTimer.clear();
    if (this.disposed || !this.deps.sessions.current || this.inFlight) return;
    const wake = this.policy.nextWake(this.policyContext());
    this.wakeTimer.set(wake.at - this.deps.clock.now(), () => void this.refresh(wake.trigger));
  }

  private policyContext(): PolicyContext {
    const cache = this.deps.cache.read();
    const claims = this.deps.vault.claims;
    const { cadence, boundaryAt } = accountCadence(this.current.kind, this.current.account, this.deps.clock.now(), this.policy.config);
    return { lastCheckedAt: cache?.lastCheckedAt, cadence, boundaryAt, tokenRefreshAt: claims ? claims.exp * 1000 : undefined };
  }

  private async clearAccountData(): Promise<void> {
    const { cache, vault, accountScopedData = [] } = this.deps;
    await Promise.all([cache.clear(), ...accountScopedData.map((data) => data.clear()), vault.clear()]);
  }
}
