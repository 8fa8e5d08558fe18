/**
 * When to ask the service (docs/refreshPolicy.md). Pure logic with an injectable
 * clock and random source: the account store asks it whether a trigger may
 * start a request and when to wake up next; the fleet model test runs the very
 * same class for a simulated population.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type EntitlementClaims } from '../../shared/contract/entitlements';
import { backoffDelay } from '../util/backoff';
import { type Clock, DAY, HOUR, MINUTE, type Random, SECOND } from '../util/clock';

export type RefreshTrigger =
  /** Deferred check a few seconds after activation. */
  | 'activation'
  | 'panelOpen'
  | 'focus'
  /** The portal sent the browser back to the editor (URI handler). */
  | 'uriCallback'
  | 'manual'
  | 'signIn'
  /** The jittered periodic timer. */
  | 'periodic'
  /** The failure backoff timer. */
  | 'retry'
  /** The bounded poll after opening a portal session. */
  | 'portalPoll'
  /** Another window accepted a newer entitlement than this one holds (src/account/sharedStateWatch.ts). */
  | 'otherWindow';

export interface RefreshPolicyConfig {
  /** Normal check interval (about twice a day). */
  normalIntervalMs: number;
  /** Interval while past due (a retry or a payment elsewhere may restore access any time). */
  urgentIntervalMs: number;
  /** Interval within `nearEndWindowMs` of a trial end or a scheduled cancellation. */
  nearEndIntervalMs: number;
  /** A known transition (trial end, period end, next payment retry) is checked this long after it, at most (jittered). */
  boundaryJitterMs: number;
  /** ± fraction of the interval, so a fleet does not synchronise. */
  intervalJitter: number;
  /** How long after activation the first check runs. */
  activationDelayMs: number;
  /** Window focus checks at most this often (and only when a check is due). */
  focusMinGapMs: number;
  /** Opening the panel checks unless the last check is younger than this. */
  panelOpenMinAgeMs: number;
  /** "Close to" a trial end or cancellation. */
  nearEndWindowMs: number;
  failureBaseMs: number;
  failureCapMs: number;
  /** Delays between portal polls; the last one repeats. */
  pollDelaysMs: readonly number[];
  /** The poll gives up after this long. */
  pollMaxDurationMs: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicyConfig = {
  normalIntervalMs: 12 * HOUR,
  urgentIntervalMs: 3 * HOUR,
  nearEndIntervalMs: 6 * HOUR,
  boundaryJitterMs: 10 * MINUTE,
  intervalJitter: 0.1,
  activationDelayMs: 3 * SECOND,
  focusMinGapMs: 5 * MINUTE,
  panelOpenMinAgeMs: 1 * MINUTE,
  nearEndWindowMs: 3 * DAY,
  failureBaseMs: 30 * SECOND,
  failureCapMs: 1 * HOUR,
  pollDelaysMs: [2, 3, 5, 8, 13, 20, 30].map((s) => s * SECOND),
  pollMaxDurationMs: 10 * MINUTE,
};

export type Cadence = 'normal' | 'nearEnd' | 'urgent';

/** What the policy needs to know about the account (shared across windows). */
export interface PolicyContext {
  /** When any window last completed a successful check (ms), if ever. */
  readonly lastCheckedAt: number | undefined;
  /** How often to check (see accountCadence). */
  readonly cadence: Cadence;
  /** When the current entitlement token must be refreshed (its exp, ms), if there is one. */
  readonly tokenRefreshAt: number | undefined;
  /** The next known transition of the account (trial end, period end, payment retry), ms. */
  readonly boundaryAt?: number | undefined;
}

export interface Admission {
  readonly run: boolean;
  /** Why not, for the log. */
  readonly reason: string;
}

export interface Wake {
  /** Absolute time (ms). */
  readonly at: number;
  readonly trigger: 'periodic' | 'retry' | 'portalPoll';
}

/**
 * How often to check, and the next known transition worth checking right
 * after: past due → urgent (and the next retry); the last days of a trial or
 * of a subscription set to cancel → nearEnd (and that end).
 */
export function accountCadence(
  kind: string,
  account: AccountSummary | null,
  now: number,
  config: RefreshPolicyConfig = DEFAULT_REFRESH_POLICY,
): { cadence: Cadence; boundaryAt: number | undefined } {
  const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : undefined);
  const sub = account?.subscription;
  if (kind === 'pastDue') return { cadence: 'urgent', boundaryAt: at(account?.latestPaymentFailure?.nextRetryAt) };
  const end = kind === 'trialing' ? at(sub?.trialEnd) : kind === 'activeCanceling' ? at(sub?.currentPeriodEnd) : undefined;
  if (end !== undefined && end - now <= config.nearEndWindowMs) return { cadence: 'nearEnd', boundaryAt: end };
  return { cadence: 'normal', boundaryAt: end };
}

export class RefreshPolicy {
  private inFlight = false;
  private failures = 0;
  private retryNotBefore: number | undefined;
  private lastFocusRunAt: number | undefined;
  private jitterFactor: number;
  private poll: { startedAt: number; attempts: number; lastAt: number } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random = Math.random,
    readonly config: RefreshPolicyConfig = DEFAULT_REFRESH_POLICY,
  ) {
    this.jitterFactor = this.newJitter();
  }

  get refreshing(): boolean {
    return this.inFlight;
  }

  get polling(): boolean {
    return this.poll !== undefined;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** The interval to the next periodic check for this context (jittered). */
  intervalMs(ctx: PolicyContext): number {
    const base =
      ctx.cadence === 'urgent' ? this.config.urgentIntervalMs : ctx.cadence === 'nearEnd' ? this.config.nearEndIntervalMs : this.config.normalIntervalMs;
    return base * this.jitterFactor;
  }

  /** True when a background check is due: never checked, token past exp, a transition passed since, or interval elapsed. */
  isDue(ctx: PolicyContext): boolean {
    const now = this.clock.now();
    if (ctx.lastCheckedAt === undefined) return true;
    if (ctx.tokenRefreshAt !== undefined && now >= ctx.tokenRefreshAt) return true;
    if (ctx.boundaryAt !== undefined && now >= this.boundaryCheckAt(ctx.boundaryAt) && ctx.lastCheckedAt < ctx.boundaryAt) return true;
    return now - ctx.lastCheckedAt >= this.intervalMs(ctx);
  }

  /** A transition is checked a jittered moment after it, so a fleet does not arrive at once. */
  private boundaryCheckAt(boundaryAt: number): number {
    return boundaryAt + this.config.boundaryJitterMs * ((this.jitterFactor - 1) / (2 * this.config.intervalJitter || 1) + 0.5);
  }

  /** May `trigger` start a request now? (A refresh already in flight is joined, not repeated.) */
  admit(trigger: RefreshTrigger, ctx: PolicyContext): Admission {
    const now = this.clock.now();
    if (this.inFlight) return { run: false, reason: 'a refresh is in flight' };
    const backingOff = this.retryNotBefore !== undefined && now < this.retryNotBefore;
    switch (trigger) {
      case 'manual':
      case 'uriCallback':
      case 'signIn':
        return { run: true, reason: trigger };
      case 'retry':
        return backingOff ? { run: false, reason: 'backing off' } : { run: true, reason: 'retry' };
      case 'otherWindow':
        return backingOff ? { run: false, reason: 'backing off' } : { run: true, reason: 'newer entitlement in another window' };
      case 'portalPoll':
        if (!this.poll) return { run: false, reason: 'no portal poll' };
        return backingOff ? { run: false, reason: 'backing off' } : { run: true, reason: 'portal poll' };
      case 'panelOpen':
        if (backingOff) return { run: false, reason: 'backing off' };
        if (ctx.lastCheckedAt !== undefined && now - ctx.lastCheckedAt < this.config.panelOpenMinAgeMs) {
          return { run: false, reason: 'checked moments ago' };
        }
        return { run: true, reason: 'panel opened' };
      case 'focus':
        if (backingOff) return { run: false, reason: 'backing off' };
        if (this.lastFocusRunAt !== undefined && now - this.lastFocusRunAt < this.config.focusMinGapMs) {
          return { run: false, reason: 'focus rate limit' };
        }
        return this.isDue(ctx) ? { run: true, reason: 'focus, check due' } : { run: false, reason: 'not due' };
      case 'activation':
      case 'periodic':
        if (backingOff) return { run: false, reason: 'backing off' };
        return this.isDue(ctx) ? { run: true, reason: `${trigger}, check due` } : { run: false, reason: 'not due' };
    }
  }

  started(trigger: RefreshTrigger): void {
    this.inFlight = true;
    const now = this.clock.now();
    if (trigger === 'focus') this.lastFocusRunAt = now;
    if (trigger === 'portalPoll' && this.poll) {
      this.poll.attempts++;
      this.poll.lastAt = now;
    }
  }

  /** A verified answer arrived; `changed` = the account or entitlement differs from before. */
  succeeded(changed: boolean): void {
    this.inFlight = false;
    this.failures = 0;
    this.retryNotBefore = undefined;
    this.jitterFactor = this.newJitter();
    if (changed) this.poll = undefined;
    this.expirePoll();
  }

  /** A transient failure; `retryAfterMs` from the server is honoured. */
  failed(retryAfterMs?: number): void {
    this.inFlight = false;
    this.failures++;
    const delay = backoffDelay(this.failures, this.config.failureBaseMs, this.config.failureCapMs, this.random);
    this.retryNotBefore = this.clock.now() + Math.max(delay, retryAfterMs ?? 0);
    this.expirePoll();
  }

  /** The request ended without an answer worth counting (cancelled, signed out). */
  abandoned(): void {
    this.inFlight = false;
  }

  /** Start (or restart) the bounded poll after opening a portal session. */
  startPoll(): void {
    const now = this.clock.now();
    this.poll = { startedAt: now, attempts: 0, lastAt: now };
  }

  stopPoll(): void {
    this.poll = undefined;
  }

  /** Forget failures and rate limits (after sign-in/sign-out). */
  reset(): void {
    this.failures = 0;
    this.retryNotBefore = undefined;
    this.lastFocusRunAt = undefined;
    this.poll = undefined;
    this.inFlight = false;
  }

  /** The next time a timer should fire, and for which trigger. */
  nextWake(ctx: PolicyContext): Wake {
    const now = this.clock.now();
    let dueAt = ctx.lastCheckedAt === undefined ? now : ctx.lastCheckedAt + this.intervalMs(ctx);
    if (ctx.tokenRefreshAt !== undefined) dueAt = Math.min(dueAt, ctx.tokenRefreshAt);
    if (ctx.boundaryAt !== undefined && ctx.lastCheckedAt !== undefined && ctx.lastCheckedAt < ctx.boundaryAt) {
      dueAt = Math.min(dueAt, this.boundaryCheckAt(ctx.boundaryAt));
    }
    let wake: Wake = { at: Math.max(dueAt, now), trigger: 'periodic' };
    if (this.retryNotBefore !== undefined && this.failures > 0) {
      wake = { at: Math.max(this.retryNotBefore, now), trigger: 'retry' };
    }
    if (this.poll) {
      const delays = this.config.pollDelaysMs;
      const delay = delays[Math.min(this.poll.attempts, delays.length - 1)] ?? 30 * SECOND;
      const pollAt = Math.max(this.poll.lastAt + delay, this.retryNotBefore ?? 0, now);
      if (pollAt < wake.at) wake = { at: pollAt, trigger: 'portalPoll' };
    }
    return wake;
  }

  /**
   * Whether a check should also fetch the entitlement token (a second
   * request): when the account changed, there is no token, or the token would
   * pass its refresh time before the next periodic check.
   */
  needsEntitlement(accountChanged: boolean, claims: EntitlementClaims | null, ctx: PolicyContext): boolean {
    if (accountChanged || !claims) return true;
    return claims.exp * 1000 - this.clock.now() < this.intervalMs(ctx);
  }

  private expirePoll(): void {
    if (this.poll && this.clock.now() - this.poll.startedAt >= this.config.pollMaxDurationMs) this.poll = undefined;
  }

  private newJitter(): number {
    return 1 + this.config.intervalJitter * (2 * this.random() - 1);
  }
}
