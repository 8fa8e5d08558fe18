/**
 * The account store: restores the cached account synchronously, verifies the
 * stored entitlement token, refreshes through the refresh policy (single
 * flight, conditional requests), keeps the last verified state on transient
 * failures (marked stale), and publishes one AccountSnapshot. Free of VS Code:
 * storage, clock, logging and the API client are injected.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type EntitlementClaims } from '../../shared/contract/entitlements';
import { type ApiClient } from '../api/apiClient';
import { ApiError, errorMessage, toApiError } from '../api/apiError';
import { type AuthSessions, type StoredSession } from '../auth/authSessions';
import { type KeyRing } from '../entitlements/keyRing';
import { type AcceptedSeq, clockRolledBack, tokenDigest, verifyEntitlementToken } from '../entitlements/verifyEntitlement';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type Clock, MINUTE, type Random } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { Emitter, type Event } from '../util/events';
import { type KeyValueStore, type SecretStore, StorageKeys } from '../util/storage';
import { type AccountSnapshot, SIGNED_OUT_SNAPSHOT, type SnapshotChange, type SnapshotOrigin, snapshotsDiffer } from './accountSnapshot';
import { deriveAccountState } from './deriveState';
import { accountCadence, DEFAULT_REFRESH_POLICY, type PolicyContext, RefreshPolicy, type RefreshPolicyConfig, type RefreshTrigger } from './refreshPolicy';

/** The non-secret cache of the signed-in account, in globalState (shared by all windows). */
interface AccountCache {
  readonly userId: string;
  /** Who is signed in, so activation can restore without reading secrets first. */
  readonly user: StoredSession['user'];
  readonly summary: AccountSummary | null;
  readonly summaryEtag: string | undefined;
  readonly entitlementEtag: string | undefined;
  /** Last successful check by any window (ms). */
  readonly lastCheckedAt: number | undefined;
}

export interface AccountStoreDeps {
  readonly clock: Clock;
  readonly random?: Random;
  readonly logger: Logger;
  readonly state: KeyValueStore;
  readonly secrets: SecretStore;
  readonly client: ApiClient;
  readonly sessions: AuthSessions;
  readonly keyRing: KeyRing;
  /** Expected token audience: the extension id. */
  readonly audience: string;
  readonly policy?: RefreshPolicyConfig;
}

export type RefreshOutcome =
  | { readonly status: 'updated'; readonly changed: boolean }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: ApiError };

/** Triggers that must see the service's state as of now, not of a request already under way. */
const FOLLOW_UP_TRIGGERS: ReadonlySet<RefreshTrigger> = new Set<RefreshTrigger>(['manual', 'signIn', 'uriCallback', 'panelOpen']);

/** Timers longer than this are clamped (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 24 * 24 * 60 * MINUTE;
/** latestSeenTime is written at most this often. */
const SEEN_TIME_WRITE_INTERVAL_MS = 5 * MINUTE;

export class AccountStore {
  readonly policy: RefreshPolicy;
  private readonly disposables = new DisposableStore();
  private readonly changeEmitter = this.disposables.add(new Emitter<SnapshotChange>());
  /** Fires on every visible change of the snapshot. */
  readonly onDidChange: Event<SnapshotChange> = this.changeEmitter.event;

  private current: AccountSnapshot = SIGNED_OUT_SNAPSHOT;
  private featureSet: ReadonlySet<string> = new Set();
  private claims: EntitlementClaims | null = null;
  private token: string | undefined;
  private stale = false;
  private error: ApiError | null = null;
  private inFlight: Promise<RefreshOutcome> | undefined;
  private followUp: Promise<RefreshOutcome> | undefined;
  private abort: AbortController | undefined;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private boundaryTimer: ReturnType<typeof setTimeout> | undefined;
  private activationTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSeenWrite = 0;
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
    const session = await this.deps.sessions.load();
    if (!session) {
      await this.clearAccountData();
      this.recompute('restore', false);
      return;
    }
    const cache = this.cache();
    if (cache && cache.userId !== session.user.id) await this.clearAccountData();
    if (!this.cache()) await this.writeCache(emptyCache(session.user));
    await this.loadStoredToken(session.user.id);
    this.recompute('restore', false);
    this.schedule();
  }

  /** After activation: the deferred first check. */
  scheduleActivationCheck(): void {
    clearTimeout(this.activationTimer);
    this.activationTimer = setTimeout(() => void this.refresh('activation'), this.policy.config.activationDelayMs);
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
    this.noteTime();
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
    const cache = this.cache();
    if (!cache || cache.userId !== session.user.id) {
      await this.clearAccountData();
      await this.writeCache(emptyCache(session.user));
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
    const before = this.claims;
    await this.loadStoredToken(session.user.id);
    if (this.cache()?.lastCheckedAt !== undefined && this.claims) {
      // The other window verified successfully; this one is no longer stale.
      this.stale = false;
      this.error = null;
    }
    this.recompute('sync', before !== this.claims);
    this.schedule();
  }

  /** Re-derives from the clock (e.g. on window focus, when time-based limits may have passed). */
  tick(): void {
    this.noteTime();
    this.recompute('time', false);
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort(new ApiError('cancelled', 'Disposed.'));
    clearTimeout(this.wakeTimer);
    clearTimeout(this.boundaryTimer);
    clearTimeout(this.activationTimer);
    this.disposables.dispose();
  }

  // -------------------------------------------------------------------------

  private async runRefresh(trigger: RefreshTrigger, session: StoredSession, signal: AbortSignal): Promise<RefreshOutcome> {
    const { client, logger, clock } = this.deps;
    const started = clock.now();
    try {
      const cache = this.cache() ?? emptyCache(session.user);
      const account = await client.getAccount({ etag: cache.summary ? cache.summaryEtag : undefined, signal });
      const summary = account.notModified ? cache.summary : account.body;
      const accountChanged = !account.notModified && JSON.stringify(account.body) !== JSON.stringify(cache.summary);
      let entitlementEtag = cache.entitlementEtag;
      let entitlementChanged = false;
      if (this.policy.needsEntitlement(accountChanged, this.claims, this.policyContext())) {
        if (this.deps.keyRing.needsSandboxKeys()) await this.deps.keyRing.refreshSandboxKeys(signal);
        const entitlement = await client.getEntitlements({ etag: this.token ? cache.entitlementEtag : undefined, signal });
        if (!entitlement.notModified) {
          const token = entitlement.body.token;
          const claims = await this.verifyOnlineToken(token, session.user.id, signal);
          entitlementChanged = JSON.stringify(claims) !== JSON.stringify(this.claims);
          // Adopt before persisting: the secret-change event this write causes
          // in this window then finds the token already known (no "sync" change).
          this.claims = claims;
          this.token = token;
          entitlementEtag = entitlement.etag;
          await this.deps.secrets.store(StorageKeys.entitlementToken, token);
          await this.rememberSeq(claims.sub, claims.seq, token);
        }
      }
      if (!this.deps.sessions.current || this.deps.sessions.current.user.id !== session.user.id) {
        this.policy.abandoned();
        return { status: 'skipped', reason: 'signed out meanwhile' };
      }
      const now = clock.now();
      await this.writeCache({ userId: session.user.id, user: session.user, summary, summaryEtag: account.etag ?? cache.summaryEtag, entitlementEtag, lastCheckedAt: now });
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
      this.policy.failed(error.details.retryAfterMs);
      logger.warn(`Refresh (${trigger}) failed: ${error.kind}: ${error.message}`);
      this.recompute('refresh', false);
      return { status: 'failed', error };
    }
  }

  /** Verifies a token fresh from the service; on an unknown sandbox key, re-fetches the JWKS once. */
  private async verifyOnlineToken(token: string, userId: string, signal: AbortSignal): Promise<EntitlementClaims> {
    const { keyRing, clock, logger, audience } = this.deps;
    let result = await verifyEntitlementToken(token, { keys: keyRing.keys(), audience, now: clock.now(), lastAccepted: (sub) => this.acceptedSeq(sub) });
    if (!result.ok && result.reason === 'unknownKey' && (await keyRing.refreshSandboxKeys(signal))) {
      result = await verifyEntitlementToken(token, { keys: keyRing.keys(), audience, now: clock.now(), lastAccepted: (sub) => this.acceptedSeq(sub) });
    }
    if (!result.ok) {
      logger.warn(`Entitlement token rejected: ${result.reason} (${result.message})`);
      throw new ApiError('invalidResponse', t('The billing service sent an entitlement that could not be verified.'));
    }
    if (result.claims.sub !== userId) {
      logger.warn('Entitlement token is for another account; rejected');
      throw new ApiError('invalidResponse', t('The billing service sent an entitlement for another account.'));
    }
    return result.claims;
  }

  /** Verifies the token in secret storage (activation, other windows). */
  private async loadStoredToken(userId: string): Promise<void> {
    const token = await this.deps.secrets.get(StorageKeys.entitlementToken);
    if (!token) {
      this.token = undefined;
      this.claims = null;
      return;
    }
    if (token === this.token && this.claims) return;
    const { keyRing, clock, logger, audience } = this.deps;
    const result = await verifyEntitlementToken(token, {
      keys: keyRing.keys(),
      audience,
      now: clock.now(),
      lastAccepted: (sub) => this.acceptedSeq(sub),
      latestSeenTime: this.latestSeenTime(),
    });
    if (!result.ok || result.claims.sub !== userId) {
      logger.info(`Stored entitlement not usable offline (${result.ok ? 'other account' : result.reason}); will re-verify online`);
      this.token = undefined;
      this.claims = null;
      return;
    }
    this.token = token;
    this.claims = result.claims;
    await this.rememberSeq(result.claims.sub, result.claims.seq, token);
  }

  private recompute(origin: SnapshotOrigin, accountChanged: boolean): void {
    const now = this.deps.clock.now();
    const session = this.deps.sessions.current;
    const cache = this.cache();
    // Before secret storage was read, the cache's user stands in (state "checking").
    const user = session?.user ?? (this.deps.sessions.isLoaded ? undefined : cache?.user);
    const signedIn = user !== undefined;
    const summary = signedIn && cache?.userId === user.id ? cache.summary : null;
    const rolledBack = clockRolledBack(now, this.latestSeenTime());
    const derived = deriveAccountState({
      signedIn,
      account: summary,
      claims: signedIn ? this.claims : null,
      lastRefreshFailed: this.stale,
      clockRolledBack: rolledBack,
      now,
    });
    const next: AccountSnapshot = signedIn
      ? {
          kind: derived.kind,
          signedIn: true,
          user: { id: user.id, email: user.email, name: user.name },
          account: summary,
          claims: derived.kind === 'checking' ? null : this.claims,
          plan: derived.plan,
          features: derived.features,
          lastVerifiedAt: cache?.userId === user.id ? cache.lastCheckedAt : undefined,
          offlineUntil: derived.offlineUntil,
          stale: this.stale,
          refreshing: this.policy.refreshing,
          error: this.error ? { kind: this.error.kind, message: errorMessage(this.error) } : null,
          clockRolledBack: rolledBack,
          portalPolling: this.policy.polling,
        }
      : SIGNED_OUT_SNAPSHOT;
    const previous = this.current;
    if (!snapshotsDiffer(previous, next) && !accountChanged) return;
    this.current = next;
    this.featureSet = new Set(next.features);
    this.scheduleBoundary();
    this.changeEmitter.fire({ previous, current: next, origin, accountChanged });
  }

  /** Wakes at the next time-based boundary of the token (exp, graceUntil) to re-derive. */
  private scheduleBoundary(): void {
    clearTimeout(this.boundaryTimer);
    const claims = this.current.claims;
    if (!claims || this.disposed) return;
    const now = this.deps.clock.now();
    const next = [claims.exp * 1000, claims.graceUntil * 1000 + 1].filter((t) => t > now).sort((a, b) => a - b)[0];
    if (next === undefined) return;
    this.boundaryTimer = setTimeout(() => this.tick(), Math.min(next - now, MAX_TIMER_MS));
  }

  private schedule(): void {
    clearTimeout(this.wakeTimer);
    if (this.disposed || !this.deps.sessions.current || this.inFlight) return;
    const wake = this.policy.nextWake(this.policyContext());
    const delay = Math.min(Math.max(0, wake.at - this.deps.clock.now()), MAX_TIMER_MS);
    this.wakeTimer = setTimeout(() => void this.refresh(wake.trigger), delay);
  }

  private policyContext(): PolicyContext {
    const cache = this.cache();
    const { cadence, boundaryAt } = accountCadence(this.current.kind, this.current.account, this.deps.clock.now(), this.policy.config);
    return { lastCheckedAt: cache?.lastCheckedAt, cadence, boundaryAt, tokenRefreshAt: this.claims ? this.claims.exp * 1000 : undefined };
  }

  private cache(): AccountCache | undefined {
    return this.deps.state.get<AccountCache>(StorageKeys.accountCache);
  }

  private async writeCache(cache: AccountCache): Promise<void> {
    await this.deps.state.update(StorageKeys.accountCache, cache);
  }

  private acceptedSeq(sub: string): AcceptedSeq | undefined {
    return this.deps.state.get<Record<string, AcceptedSeq>>(StorageKeys.acceptedSeq)?.[sub];
  }

  private async rememberSeq(sub: string, seq: number, token: string): Promise<void> {
    const all = this.deps.state.get<Record<string, AcceptedSeq>>(StorageKeys.acceptedSeq) ?? {};
    const digest = tokenDigest(token);
    if (all[sub]?.seq === seq && all[sub]?.digest === digest) return;
    await this.deps.state.update(StorageKeys.acceptedSeq, { ...all, [sub]: { seq, digest } });
  }

  private latestSeenTime(): number | undefined {
    return this.deps.state.get<number>(StorageKeys.latestSeenTime);
  }

  /** Remembers the latest time seen (persisted, throttled) for clock rollback detection. */
  private noteTime(): void {
    const now = this.deps.clock.now();
    const seen = this.latestSeenTime();
    if (seen !== undefined && now <= seen) return;
    if (now - this.lastSeenWrite < SEEN_TIME_WRITE_INTERVAL_MS && seen !== undefined) return;
    this.lastSeenWrite = now;
    void this.deps.state.update(StorageKeys.latestSeenTime, now);
  }

  private async clearAccountData(): Promise<void> {
    this.claims = null;
    this.token = undefined;
    await Promise.all([
      this.deps.state.update(StorageKeys.accountCache, undefined),
      this.deps.state.update(StorageKeys.acceptedSeq, undefined),
      this.deps.state.update(StorageKeys.notificationMemory, undefined),
      this.deps.secrets.delete(StorageKeys.entitlementToken),
    ]);
  }
}

function emptyCache(user: StoredSession['user']): AccountCache {
  return { userId: user.id, user, summary: null, summaryEtag: undefined, entitlementEtag: undefined, lastCheckedAt: undefined };
}
