/**
 * Fleet model (docs/refreshPolicy.md), shared by its unit test and `npm run bench`: runs the real RefreshPolicy for a
 * simulated population over a simulated week against a model server that
 * answers 304 when nothing changed, and prints requests per user per day, the
 * 304 share and requests per second per million users. The assertion is a
 * property of the policy (deterministic seeds), not a timing.
 *
 * The model client does what AccountStore.runRefresh does: one conditional
 * GET of the account, which carries the usage meters (so credits spent while
 * the user works change its ETag) and the entitlement token; a panel open
 * also loads GET /v1/usage for its charts. The model server mirrors the
 * sandbox: it re-issues the entitlement token when its content changed or
 * less than a quarter of its 24 h lifetime is left, otherwise the summary
 * carries the same token (docs/entitlementToken.md).
 */
import { accountCadence, type PolicyContext, RefreshPolicy, type RefreshTrigger } from '../../src/account/refreshPolicy';
import { type AccountSummary } from '../../shared/contract/account';
import { type EntitlementClaims } from '../../shared/contract/entitlements';
import { seededRandom } from './seededRandom';
import { DAY, FakeClock, HOUR, summary, T0 } from '../unit/support/fixtures';

const MINUTE = 60_000;
/** Simulation step. */
const STEP = 5 * MINUTE;
const WEEK = 7 * DAY;
const TOKEN_TTL = 24 * HOUR;

type Profile = 'workday' | 'alwaysOn' | 'laptop' | 'dormant';
type Plan = 'active' | 'trialEnding' | 'pastDue' | 'free';

interface ServerAccount {
  version: number;
  contentVersion: number;
  token: { etag: string; issuedAt: number; contentVersion: number } | undefined;
  kind: 'active' | 'trialing' | 'pastDue' | 'free';
  trialEnd: number | undefined;
  nextRetryAt: number | undefined;
}

interface Shared {
  /** The account as the client last saw it (drives the cadence). */
  account: AccountSummary | null;
  kind: string;
  lastCheckedAt: number | undefined;
  accountEtag: string | undefined;
  tokenEtag: string | undefined;
  claims: EntitlementClaims | undefined;
}

export interface FleetFigures {
  readonly users: number;
  readonly days: number;
  readonly requestsPerUserPerDay: number;
  /** Share of all requests answered 304 (0–1). */
  readonly share304: number;
  readonly requestsPerSecondPerMillion: number;
  /** GET /v1/usage per user per day, and their share answered 304. */
  readonly usageRequestsPerUserPerDay: number;
  readonly usageShare304: number;
  /** GET /v1/account and /v1/entitlements per user per day. */
  readonly accountRequestsPerUserPerDay: number;
  /** Share of all requests that were 304 or a 200 changed only by credits spent (what usage costs in 304s). */
  readonly share304OrUsageOnly: number;
  readonly byGroup: ReadonlyArray<{ readonly group: string; readonly users: number; readonly requestsPerUserPerDay: number }>;
  /** With a service outage simulated: the request rate when it ends vs the week's mean (a herd would show a high peak). */
  readonly outage?: OutageFigures;
}

export interface OutageFigures {
  readonly startsAfterMs: number;
  readonly durationMs: number;
  /** Requests per minute over the whole week, fleet-wide, and the highest 5-minute bucket in the hour after the outage ends. */
  readonly meanPerMinute: number;
  readonly peakPerMinuteAfter: number;
  /** The highest 5-minute bucket outside the outage and the hour after it (the daily morning wave). */
  readonly normalPeakPerMinute: number;
  /** Requests that failed during the outage (retries with backoff), per user. */
  readonly failedPerUser: number;
}

/** The outage the test and the bench model: an hour from 10:00 on the second day, when most users work. */
export const OUTAGE_1H = { startsAfterMs: 22 * HOUR, durationMs: HOUR } as const;

export interface FleetOptions {
  /** A service outage: every request in it fails (from `startsAfterMs` after the week starts, for `durationMs`). */
  readonly outage?: { readonly startsAfterMs: number; readonly durationMs: number };
}

/** Simulates `users` users for a week and returns the figures. */
export function runFleetModel(users = 10_000, options: FleetOptions = {}): FleetFigures {
  const counters: Counters = { requests: 0, notModified: 0, usageOnly: 0, usageRequests: 0, usageNotModified: 0, failed: 0, byGroup: new Map(), buckets: new Map() };
  for (let user = 1; user <= users; user++) simulateUser(user, counters, options);
  const days = WEEK / DAY;
  const requestsPerUserPerDay = counters.requests / users / days;
  return {
    users,
    days,
    requestsPerUserPerDay,
    share304: counters.notModified / counters.requests,
    requestsPerSecondPerMillion: (requestsPerUserPerDay * 1_000_000) / 86_400,
    usageRequestsPerUserPerDay: counters.usageRequests / users / days,
    usageShare304: counters.usageNotModified / Math.max(1, counters.usageRequests),
    accountRequestsPerUserPerDay: (counters.requests - counters.usageRequests) / users / days,
    share304OrUsageOnly: (counters.notModified + counters.usageOnly) / counters.requests,
    byGroup: [...counters.byGroup].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, g]) => ({ group, users: g.users, requestsPerUserPerDay: g.requests / g.users / days })),
    outage: options.outage && outageFigures(options.outage, counters, users),
  };
}

function outageFigures(outage: NonNullable<FleetOptions['outage']>, counters: Counters, users: number): OutageFigures {
  const bucketMinutes = STEP / MINUTE;
  const end = T0 + outage.startsAfterMs + outage.durationMs;
  const start = T0 + outage.startsAfterMs;
  let peak = 0;
  let normalPeak = 0;
  for (const [at, count] of counters.buckets) {
    if (at >= end && at < end + HOUR) peak = Math.max(peak, count);
    else if (at < start || at >= end + HOUR) normalPeak = Math.max(normalPeak, count);
  }
  return {
    ...outage,
    meanPerMinute: counters.requests / (WEEK / MINUTE),
    peakPerMinuteAfter: peak / bucketMinutes,
    normalPeakPerMinute: normalPeak / bucketMinutes,
    failedPerUser: counters.failed / users,
  };
}

/** The figures in two lines, as the test and the bench print them. */
export function fleetSummary(f: FleetFigures): string {
  return (
    `${f.users} users, ${f.days} days: ${f.requestsPerUserPerDay.toFixed(2)} requests/user/day, ${(f.share304 * 100).toFixed(0)} % answered 304, ` +
    `${f.requestsPerSecondPerMillion.toFixed(1)} requests/s per million users\n` +
    `of which usage: ${f.usageRequestsPerUserPerDay.toFixed(2)} requests/user/day (${(f.usageShare304 * 100).toFixed(0)} % 304); account and entitlement: ${f.accountRequestsPerUserPerDay.toFixed(2)}; ` +
    `${(f.share304OrUsageOnly * 100).toFixed(0)} % were 304 or changed only by credits spent`
  );
}

/** The outage figures in one line. */
export function outageSummary(o: OutageFigures): string {
  return (
    `a ${(o.durationMs / MINUTE).toFixed(0)}-minute outage: ${o.failedPerUser.toFixed(2)} failed requests per user during it (backoff); ` +
    `peak ${o.peakPerMinuteAfter.toFixed(1)} requests/min in the hour after it: ${(o.peakPerMinuteAfter / o.meanPerMinute).toFixed(1)}× the mean (${o.meanPerMinute.toFixed(1)}), ` +
    `${(o.peakPerMinuteAfter / o.normalPeakPerMinute).toFixed(2)}× the busiest 5 minutes of a normal day (${o.normalPeakPerMinute.toFixed(1)})`
  );
}

interface Counters {
  requests: number;
  notModified: number;
  /** 200s of the account whose only change was the usage meters. */
  usageOnly: number;
  /** Requests that failed (outage). */
  failed: number;
  /** Requests by simulation step (its start time), fleet-wide. */
  buckets: Map<number, number>;
  /** Of those: GET /v1/usage, and how many of them were 304. */
  usageRequests: number;
  usageNotModified: number;
  byGroup: Map<string, { users: number; requests: number }>;
}

interface Window {
  policy: RefreshPolicy;
  wakeAt: number;
}

function fakeClaims(issuedAt: number): EntitlementClaims {
  const iat = Math.floor(issuedAt / 1000);
  return { iss: 'model', aud: 'model', sub: 'u', plan: 'pro', status: 'active', features: [], iat, exp: iat + TOKEN_TTL / 1000, graceUntil: iat + 7 * 86400, seq: 1 };
}

function simulateUser(seed: number, counters: Counters, options: FleetOptions): void {
  const before = counters.requests;
  const random = seededRandom(seed);
  const clock = new FakeClock(T0);
  const profileRoll = random();
  const profile: Profile = profileRoll < 0.5 ? 'workday' : profileRoll < 0.65 ? 'alwaysOn' : profileRoll < 0.9 ? 'laptop' : 'dormant';
  const planRoll = random();
  const plan: Plan = planRoll < 0.6 ? 'active' : planRoll < 0.65 ? 'trialEnding' : planRoll < 0.67 ? 'pastDue' : 'free';
  const server: ServerAccount = {
    version: 1,
    contentVersion: 1,
    token: undefined,
    kind: plan === 'trialEnding' ? 'trialing' : plan,
    trialEnd: plan === 'trialEnding' ? T0 + random() * 5 * DAY : undefined,
    nextRetryAt: plan === 'pastDue' ? T0 + (1 + Math.floor(random() * 3)) * 2 * DAY : undefined,
  };
  // Server-side events during the week: a renewal for about a quarter of paid
  // accounts, an occasional edit, a trial converting, a past-due recovery.
  const events: Array<{ at: number; apply: () => void }> = [];
  if (plan === 'active' && random() < 7 / 30) events.push({ at: T0 + random() * WEEK, apply: () => server.contentVersion++ });
  if (random() < 0.02) events.push({ at: T0 + random() * WEEK, apply: () => server.version++ });
  if (server.trialEnd !== undefined) events.push({ at: server.trialEnd, apply: () => ((server.kind = 'active'), server.contentVersion++) });
  if (plan === 'pastDue' && random() < 0.5) events.push({ at: server.nextRetryAt!, apply: () => ((server.kind = 'active'), server.contentVersion++) });
  // A few users open the payment portal once (poll until it changes, ~2 minutes later).
  const portalAt = random() < 0.01 ? T0 + random() * WEEK : undefined;
  const group = `${profile}/${plan}`;
  // Credits are spent while the user works (AI features), paid users more often; each spend changes the usage ETag.
  const spendsPerStep = plan === 'free' ? 0.05 : plan === 'pastDue' ? 0.02 : 0.3;
  const usage = { version: 1, seen: 1 };

  // The account as the client saw it before the week starts: checked some hours ago.
  const viewOfServer = (): AccountSummary => {
    const base = summary();
    return summary({
      subscription: { ...base.subscription!, status: server.kind === 'trialing' ? 'trialing' : 'active', trialEnd: server.trialEnd ? new Date(server.trialEnd).toISOString() : null },
      latestPaymentFailure:
        server.kind === 'pastDue'
          ? { invoiceId: 'in', amountDue: base.outstandingBalance, declineCode: 'x', message: 'x', attemptCount: 1, failedAt: base.asOf, nextRetryAt: new Date(server.nextRetryAt!).toISOString() }
          : null,
    });
  };
  const shared: Shared = {
    account: viewOfServer(),
    kind: server.kind,
    lastCheckedAt: T0 - random() * 12 * HOUR,
    accountEtag: undefined,
    tokenEtag: undefined,
    claims: undefined,
  };
  const preIssued = (shared.lastCheckedAt ?? T0) - random() * 6 * HOUR;
  server.token = { etag: `t${preIssued}`, issuedAt: preIssued, contentVersion: 1 };
  shared.tokenEtag = server.token.etag;
  shared.claims = fakeClaims(preIssued);
  // What the last check before the week saw: this account, this token, these meters.
  shared.accountEtag = `a1:1:${server.token.etag}:u1`;

  const ctx = (): PolicyContext => ({
    lastCheckedAt: shared.lastCheckedAt,
    ...accountCadence(shared.kind, shared.account, clock.now()),
    tokenRefreshAt: shared.claims ? shared.claims.exp * 1000 : undefined,
  });

  // As the sandbox's EntitlementService: the same token while its content holds and more than a quarter of its life is left.
  const currentToken = () => {
    const now = clock.now();
    const token = server.token;
    if (!token || token.contentVersion !== server.contentVersion || now - token.issuedAt >= (TOKEN_TTL * 3) / 4) {
      server.token = { etag: `t${now}`, issuedAt: now, contentVersion: server.contentVersion };
    }
    return server.token!;
  };
  // The account summary carries the token and the usage meters: its ETag changes with either, and with every credit spent.
  const serverEtag = () => `a${server.version}:${server.contentVersion}:${currentToken().etag}:u${usage.version}`;
  const outageStart = options.outage ? T0 + options.outage.startsAfterMs : Infinity;
  const outageEnd = options.outage ? outageStart + options.outage.durationMs : -Infinity;
  const count = () => {
    counters.requests++;
    const bucket = T0 + Math.floor((clock.now() - T0) / STEP) * STEP;
    counters.buckets.set(bucket, (counters.buckets.get(bucket) ?? 0) + 1);
  };
  const refresh = (w: Window, trigger: RefreshTrigger) => {
    const admission = w.policy.admit(trigger, ctx());
    if (!admission.run) return;
    w.policy.started(trigger);
    count();
    if (clock.now() >= outageStart && clock.now() < outageEnd) {
      counters.failed++;
      w.policy.failed();
      return;
    }
    let changed = false;
    if (shared.accountEtag === serverEtag()) counters.notModified++;
    else {
      changed = true;
      if (shared.accountEtag?.replace(/:u\d+$/, '') === serverEtag().replace(/:u\d+$/, '')) counters.usageOnly++;
      shared.accountEtag = serverEtag();
      shared.account = viewOfServer();
      shared.kind = server.kind;
      // The token the summary carried (accepted by the vault when it is new).
      if (shared.tokenEtag !== server.token!.etag) {
        shared.tokenEtag = server.token!.etag;
        shared.claims = fakeClaims(server.token!.issuedAt);
      }
    }
    shared.lastCheckedAt = clock.now();
    w.policy.succeeded(changed);
    // A panel open also loads the usage's charts: one conditional GET /v1/usage.
    if (trigger === 'panelOpen') {
      counters.usageRequests++;
      count();
      if (usage.seen === usage.version) {
        counters.usageNotModified++;
        counters.notModified++;
      }
      usage.seen = usage.version;
    }
  };

  let windows: Window[] = [];
  const openWindows = () => {
    const count = 1 + Math.floor(random() * 3);
    windows = Array.from({ length: count }, (_, i) => ({ policy: new RefreshPolicy(clock, seededRandom(seed * 7 + i + clock.now())), wakeAt: 0 }));
    for (const w of windows) {
      refresh(w, 'activation');
      w.wakeAt = w.policy.nextWake(ctx()).at;
    }
  };
  const reschedule = () => {
    for (const w of windows) w.wakeAt = w.policy.nextWake(ctx()).at;
  };

  const dayStart = 8 * 60 + Math.floor(random() * 120); // minutes after midnight
  const dayEnd = 17 * 60 + Math.floor(random() * 150);
  let open = profile === 'alwaysOn' || profile === 'laptop';
  let awake = true;
  if (open) openWindows();
  let portalDone = false;

  for (let t = T0; t < T0 + WEEK; t += STEP) {
    clock.time = t;
    for (const e of events) {
      if (e.at <= t && e.at > t - STEP) e.apply();
    }
    const minuteOfDay = Math.floor(((t - T0) % DAY) / MINUTE) + 12 * 60; // T0 is noon
    const dayIndex = Math.floor((t - T0 + 12 * HOUR) / DAY);
    const weekend = dayIndex % 7 === 4 || dayIndex % 7 === 5;
    const working = (minuteOfDay % (24 * 60)) >= dayStart && (minuteOfDay % (24 * 60)) < dayEnd && (!weekend || dayIndex % 3 === 0);

    if (profile === 'workday' || profile === 'dormant') {
      const shouldBeOpen = working && (profile === 'workday' || dayIndex === 2);
      if (shouldBeOpen && !open) {
        open = true;
        openWindows();
      } else if (!shouldBeOpen && open) {
        open = false;
        windows = [];
      }
    } else if (profile === 'laptop') {
      const shouldBeAwake = working;
      if (shouldBeAwake && !awake) {
        awake = true;
        const w = windows[Math.floor(random() * windows.length)]!;
        refresh(w, 'focus');
        reschedule();
      }
      awake = shouldBeAwake;
    }
    if (working && random() < spendsPerStep) usage.version++;
    if (!open || !awake) continue;

    for (const w of windows) {
      if (t >= w.wakeAt) {
        refresh(w, w.policy.nextWake(ctx()).trigger);
        reschedule();
      }
    }
    if (working && random() < STEP / (15 * MINUTE)) {
      refresh(windows[Math.floor(random() * windows.length)]!, 'focus');
      reschedule();
    }
    if (working && random() < STEP / (3 * 8 * HOUR)) {
      refresh(windows[0]!, 'panelOpen');
      reschedule();
    }
    if (portalAt !== undefined && !portalDone && t >= portalAt) {
      portalDone = true;
      windows[0]!.policy.startPoll();
      events.push({ at: t + 2 * MINUTE, apply: () => server.version++ });
      reschedule();
    }
  }
  const entry = counters.byGroup.get(group) ?? { users: 0, requests: 0 };
  entry.users++;
  entry.requests += counters.requests - before;
  counters.byGroup.set(group, entry);
}

