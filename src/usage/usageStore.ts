/**
 * The signed-in user's usage in credits, held beside the account: the last
 * verified Usage with its ETag, cached in globalState (shared by all windows,
 * like the account summary), stale-marked when a check fails while the last
 * verified value stays shown. Checks are conditional (If-None-Match → 304
 * keeps the cached value) and single-flight; `refreshSoon` coalesces the
 * refreshes that follow credit-consuming actions (at most one in flight, at
 * most one per `minIntervalMs`). Free of VS Code.
 */
import { type Conditional } from '../api/apiClient';
import { type ApiError, toApiError } from '../api/apiError';
import { type Usage, type UsageEventRequest, type UsageEventResult, type UsageMeters, type UsageSettingsRequest } from '../../shared/contract/usage';
import { parseCredits } from '../../shared/credits';
import { type Clock } from '../util/clock';
import { Emitter, type Event } from '../util/events';
import { type KeyValueStore, StorageKeys } from '../util/storage';

/** The part of the API client the store uses. */
export interface UsageApi {
  getUsage(options: { etag?: string }): Promise<Conditional<Usage>>;
  putUsageSettings(settings: UsageSettingsRequest, idempotencyKey: string): Promise<Usage>;
  reportUsage(event: UsageEventRequest): Promise<UsageEventResult>;
}

export interface UsageCache {
  readonly userId: string;
  readonly usage: Usage;
  readonly etag: string | undefined;
  /** Last successful check (ms). */
  readonly verifiedAt: number;
  /** Local time (ms) when `usage` (and so its asOf) arrived: asOf − receivedAt is the service clock's offset. */
  readonly receivedAt: number;
  /** The meters came with an account check and moved on since `daily` and `history` were fetched. */
  readonly detailsBehind?: boolean;
}

/** A usage event as the store reports it: occurredAt is the service's time now. */
export type UsageReport = Omit<UsageEventRequest, 'occurredAt'>;

export interface UsageState {
  /** The last verified Usage of the signed-in user, or undefined before the first one. */
  readonly usage: Usage | undefined;
  readonly lastVerifiedAt: number | undefined;
  /** The last check failed: `usage` is the last verified value. */
  readonly stale: boolean;
  readonly error: ApiError | undefined;
  /** `usage.daily` and `usage.history` predate its meters (an account check brought newer ones): a panel showing them asks again. */
  readonly detailsBehind: boolean;
}

/** The usage as something to show (the status bar, context keys, the exported API). */
export interface UsageView {
  /** The last verified Usage of the signed-in user, or undefined. */
  readonly usage: Usage | undefined;
  readonly onDidChange: Event<UsageState>;
}

export interface UsageStoreDeps {
  readonly api: UsageApi;
  readonly state: KeyValueStore;
  readonly clock: Clock;
  /** The signed-in user's id, or undefined when signed out (nothing is asked then). */
  readonly userId: () => string | undefined;
  /** Minimum spacing of coalesced refreshes (ms); default 2 s. */
  readonly minIntervalMs?: number;
  /** Timers (tests pass their own). */
  readonly setTimer?: (fn: () => void, ms: number) => { dispose(): void };
}

/** How many sent events' times are kept for retries. */
const SENT_EVENTS_KEPT = 500;

export type UsageRefreshOutcome = { readonly status: 'updated' | 'notModified' } | { readonly status: 'skipped' } | { readonly status: 'failed'; readonly error: ApiError };

export class UsageStore implements UsageView {
  private readonly changed = new Emitter<UsageState>();
  /** Fires whenever the usage, its staleness or its error changes. */
  readonly onDidChange: Event<UsageState> = this.changed.event;
  private stale = false;
  private error: ApiError | undefined;
  private inFlight: Promise<UsageRefreshOutcome> | undefined;
  private pending: { dispose(): void } | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  /**
   * The occurredAt each recently sent event went with, by eventId: a caller's
   * retry of the same action must send the same content, or the service
   * would take it for a reused id (bounded: the oldest are forgotten).
   */
  private readonly sentAt = new Map<string, { readonly key: string; readonly occurredAt: string }>();

  /** The verification time of the usage this window last stored or showed. */
  private ownVerifiedAt: number | undefined;

  constructor(private readonly deps: UsageStoreDeps) {}

  /** What is known now (in memory, no I/O). */
  get current(): UsageState {
    const cache = this.cache();
    return { usage: cache?.usage, lastVerifiedAt: cache?.verifiedAt, stale: this.stale, error: this.error, detailsBehind: cache?.detailsBehind === true };
  }

  /** The last verified Usage of the signed-in user, or undefined. */
  get usage(): Usage | undefined {
    return this.cache()?.usage;
  }

  /** One conditional GET /v1/usage now (joined when one is in flight). */
  refresh(): Promise<UsageRefreshOutcome> {
    if (this.inFlight) return this.inFlight;
    const userId = this.deps.userId();
    if (userId === undefined) return Promise.resolve({ status: 'skipped' });
    this.lastStartedAt = this.deps.clock.now();
    const run = this.check(userId).finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  /**
   * The meters of an account check that succeeded at `verifiedAt` (local
   * ms): GET /v1/account carries them, so a background check is one request,
   * and a 304 confirms the cached summary's meters as still current. Held as
   * the verified usage, keeping the days and periods of the last GET
   * /v1/usage while the period is the same (the panel asks for them fresh
   * when it opens); ignored when a usage check landed after it. `asOf` is
   * the summary's service time when it was sent anew (200); for a 304 the
   * service time follows from the last known offset. Keeps the usage ETag
   * only when the meters did not change.
   */
  async acceptMeters(userId: string, meters: UsageMeters, asOf: string | undefined, verifiedAt: number): Promise<void> {
    if (this.deps.userId() !== userId) return;
    const cached = this.cache();
    if (cached && cached.receivedAt > verifiedAt) return;
    const offset = cached ? Date.parse(cached.usage.asOf) - cached.receivedAt : 0;
    const serviceAsOf = asOf ?? new Date(verifiedAt + (Number.isFinite(offset) ? offset : 0)).toISOString();
    const samePeriod = cached?.usage.periodStart === meters.periodStart;
    const unchanged = cached !== undefined && samePeriod && sameMeters(cached.usage, meters);
    const usage: Usage = { ...meters, daily: samePeriod ? cached.usage.daily : [], history: cached?.usage.history ?? [], asOf: serviceAsOf };
    await this.store({ userId, usage, etag: unchanged ? cached.etag : undefined, verifiedAt, receivedAt: verifiedAt, detailsBehind: !unchanged || cached.detailsBehind === true });
    // A new period: its days and the period just closed are fetched once.
    if (!samePeriod) this.refreshSoon();
  }

  /**
   * A refresh after a credit-consuming action, coalesced: while one is in
   * flight or one started less than minIntervalMs ago, one more is scheduled
   * (once) for when the interval has passed.
   */
  refreshSoon(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastStartedAt + (this.deps.minIntervalMs ?? 2000) - this.deps.clock.now());
    if (wait === 0 && !this.inFlight) {
      void this.refresh();
      return;
    }
    const setTimer = this.deps.setTimer ?? defaultTimer;
    this.pending = setTimer(() => {
      this.pending = undefined;
      const after = this.inFlight ?? Promise.resolve();
      void after.then(() => this.refresh());
    }, Math.max(wait, 1));
  }

  /**
   * The service's time now (ms): the local clock moved by the offset between
   * the last usage's asOf and when it arrived (the service compares occurredAt
   * with its billing clock, which in the sandbox can be advanced).
   */
  serviceNow(): number {
    const cache = this.cache();
    const now = this.deps.clock.now();
    if (!cache) return now;
    const asOf = Date.parse(cache.usage.asOf);
    return Number.isFinite(asOf) ? now + (asOf - cache.receivedAt) : now;
  }

  /**
   * Reports one credit-consuming action at the service's time now; whatever
   * the answer, the usage is refreshed soon. A `period_closed` refusal (the
   * service's clock moved on since the last check: a refused event counts
   * nothing) is retried once, with the same eventId, after a check.
   */
  async report(event: UsageReport): Promise<UsageEventResult> {
    const key = `${event.feature}\n${parseCredits(String(event.credits)) ?? String(event.credits)}`;
    const earlier = this.sentAt.get(event.eventId);
    const send = async (occurredAt: string) => {
      this.sentAt.delete(event.eventId);
      this.sentAt.set(event.eventId, { key, occurredAt });
      if (this.sentAt.size > SENT_EVENTS_KEPT) this.sentAt.delete(this.sentAt.keys().next().value as string);
      return this.deps.api.reportUsage({ ...event, occurredAt });
    };
    try {
      try {
        return await send(earlier?.key === key ? earlier.occurredAt : new Date(this.serviceNow()).toISOString());
      } catch (error) {
        if (toApiError(error).details.problemCode !== 'period_closed') throw error;
        await this.refresh();
        return await send(new Date(this.serviceNow()).toISOString());
      }
    } finally {
      this.refreshSoon();
    }
  }

  /** PUT /v1/usage/settings; the answer is the new verified Usage. */
  async saveSettings(settings: UsageSettingsRequest, idempotencyKey: string): Promise<Usage> {
    const userId = this.deps.userId();
    const usage = await this.deps.api.putUsageSettings(settings, idempotencyKey);
    // The answer carries no ETag: the next check asks unconditionally once.
    const now = this.deps.clock.now();
    if (userId !== undefined && userId === this.deps.userId()) await this.store({ userId, usage, etag: undefined, verifiedAt: now, receivedAt: now });
    return usage;
  }

  /**
   * Another window stored newer usage in the shared globalState
   * (src/account/sharedStateWatch.ts): it was verified there, so this window
   * shows it and is no longer stale.
   */
  followOtherWindow(): void {
    // Its own writes are no news: a needless change event would redraw the status bar under an open tooltip.
    const cache = this.cache();
    if (!cache || cache.verifiedAt === this.ownVerifiedAt) return;
    this.ownVerifiedAt = cache.verifiedAt;
    this.stale = false;
    this.error = undefined;
    this.changed.fire(this.current);
  }

  /** Forgets the cached usage (sign-out clears it with the account's data). */
  async clear(): Promise<void> {
    this.pending?.dispose();
    this.pending = undefined;
    this.stale = false;
    this.error = undefined;
    await this.deps.state.update(StorageKeys.usageCache, undefined);
    this.changed.fire(this.current);
  }

  dispose(): void {
    this.pending?.dispose();
    this.changed.dispose();
  }

  private cache(): UsageCache | undefined {
    const cache = this.deps.state.get<UsageCache>(StorageKeys.usageCache);
    const userId = this.deps.userId();
    return cache && userId !== undefined && cache.userId === userId ? cache : undefined;
  }

  private async check(userId: string): Promise<UsageRefreshOutcome> {
    const cached = this.cache();
    try {
      const answer = await this.deps.api.getUsage({ etag: cached?.usage ? cached.etag : undefined });
      if (this.deps.userId() !== userId) return { status: 'skipped' };
      const now = this.deps.clock.now();
      if (answer.notModified) {
        if (cached) await this.store({ ...cached, verifiedAt: now });
        return { status: 'notModified' };
      }
      await this.store({ userId, usage: answer.body, etag: answer.etag, verifiedAt: now, receivedAt: now });
      return { status: 'updated' };
    } catch (raw) {
      const error = toApiError(raw);
      this.stale = true;
      this.error = error;
      this.changed.fire(this.current);
      return { status: 'failed', error };
    }
  }

  private async store(cache: UsageCache): Promise<void> {
    this.ownVerifiedAt = cache.verifiedAt;
    this.stale = false;
    this.error = undefined;
    await this.deps.state.update(StorageKeys.usageCache, cache);
    this.changed.fire(this.current);
  }
}

/** The meters of two usages are the same (daily, history and asOf aside). */
function sameMeters(a: UsageMeters, b: UsageMeters): boolean {
  const keys: ReadonlyArray<keyof UsageMeters> = ['planId', 'periodStart', 'periodEnd', 'plan', 'bonus', 'overage', 'remaining', 'used', 'quotaExceeded'];
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

function defaultTimer(fn: () => void, ms: number): { dispose(): void } {
  const handle = setTimeout(fn, ms);
  return { dispose: () => clearTimeout(handle) };
}
