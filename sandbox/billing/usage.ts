/**
 * Usage in credits (docs/lifecycle.md, "Usage"): the account's current
 * period, its pools and what GET /v1/usage shows, recording events, overage
 * settings, and closing a period at a renewal. Where an event's credits come
 * from is decided by the pure usagePools.ts; this module loads and stores
 * what it decides. Callers own transactions.
 */
import { type BillingInterval } from '../../shared/contract/account';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import { type PlanId } from '../../shared/contract/planId';
import { MAX_SPEND_CAP_CENTS } from '../../shared/usageLimits';
import { type BonusGrant, type DailyUsage, type Usage, type UsageEventResult, type UsageMeters, type UsagePeriodTotal } from '../../shared/contract/usage';
import { type UsageRefusal } from '../../shared/contract/usageRefusals';
import { creditsText } from '../../shared/credits';
import type { BonusGrantRow, UsageEventRow, UsagePeriodRow } from '../db/usageRecords';
import type { BillingContext } from './context';
import { newId } from './ids';
import { formatUsd, usd } from './money';
import { notify } from './notifications';
import { monthsOf, PLANS } from './plans';
import type { UserRow } from './repository';
import { alertsCrossed, consume, expireBonus, overageCostCents, resetForNewPeriod, summarize, type UsageAlert, type UsageState } from './usagePools';
import { addMonths, DAY, iso, MINUTE } from './time';

/** A new account's spend cap ($20.00): overage starts off, and turning it on needs no cap to be chosen first. */
export const DEFAULT_SPEND_CAP_CENTS = 2000;

/** How far in the future an event's occurredAt may lie (clocks of the caller and the service differ a little). */
const FUTURE_TOLERANCE_MS = 5 * MINUTE;

const HISTORY_PERIODS = 12;

const FEATURE_KEYS: ReadonlySet<string> = new Set(Object.values(FeatureKeys));

/** Credits (hundredths) a plan includes per period of the interval, from the catalogue. */
export function includedCreditsOf(planId: PlanId, interval: BillingInterval): number {
  return PLANS[planId].includedCredits[interval];
}

/** The account's current usage period and the rules that apply in it. */
interface UsagePeriod {
  readonly start: number;
  readonly end: number;
  readonly planId: PlanId;
  readonly included: number;
  /** Free and past-due accounts have no overage. */
  readonly overage: 'available' | 'free' | 'past_due';
}

/**
 * A live subscription's period is the usage period; a past-due one consumes as Free would (Free's
 * included credits, no overage) until it is paid. Without a live subscription the account is on
 * Free, in monthly periods from when its last subscription ended (or from its creation).
 */
function periodFor(ctx: BillingContext, user: UserRow, now: number): UsagePeriod {
  const sub = ctx.repo.subscriptionOf(user.id);
  if (sub && (sub.status === 'trialing' || sub.status === 'active' || sub.status === 'past_due')) {
    let start = sub.current_period_start;
    let end = sub.current_period_end;
    // The clock does not renew a past-due subscription: its periods go on from the same anchor.
    while (end <= now) {
      start = end;
      end = addMonths(start, monthsOf(sub.interval));
    }
    if (sub.status === 'past_due') return { start, end, planId: sub.plan_id, included: includedCreditsOf('free', 'month'), overage: 'past_due' };
    return { start, end, planId: sub.plan_id, included: includedCreditsOf(sub.plan_id, sub.interval), overage: sub.plan_id === 'free' ? 'free' : 'available' };
  }
  const anchor = sub ? (sub.ended_at ?? sub.current_period_start) : user.created_at;
  let start = anchor;
  let end = addMonths(anchor, 1);
  for (let k = 1; end <= now; k++) {
    start = end;
    end = addMonths(anchor, k + 1);
  }
  return { start, end, planId: 'free', included: includedCreditsOf('free', 'month'), overage: 'free' };
}

function poolState(ctx: BillingContext, row: UsagePeriodRow, grants: readonly BonusGrantRow[], period: UsagePeriod): UsageState {
  return {
    plan: { included: row.included, used: row.plan_used },
    bonus: grants.map((g) => ({ id: g.id, granted: g.granted, used: g.used, expiresAt: g.expires_at })),
    overage: {
      enabled: period.overage === 'available' && row.overage_enabled === 1,
      spendCapCents: row.spend_cap,
      pricePerCreditCents: ctx.config.overagePriceCents,
      used: row.overage_used,
    },
  };
}

/** Stores a pool state's grants (used, and granted for lapsed ones) and retires the ones it dropped. */
function storeGrants(ctx: BillingContext, before: readonly BonusGrantRow[], state: UsageState, at: number): void {
  const kept = new Map(state.bonus.map((g) => [g.id, g]));
  for (const row of before) {
    const next = kept.get(row.id);
    if (!next) ctx.repo.usage.retireGrant(row.id, at);
    else if (next.granted !== row.granted || next.used !== row.used) ctx.repo.usage.updateGrant(row.id, next.granted, next.used);
  }
}

export interface ClosedPeriod {
  readonly row: UsagePeriodRow;
  /** Overage not billed yet: the closed period's and that of earlier periods cut short. */
  readonly overageHundredths: number;
  readonly overageCents: number;
}

/**
 * The account's current period row, opened or rolled over first when the period changed: the
 * closed period's totals go to the history, plan and overage counters start again (settings
 * kept), lapsed bonus credit is dropped, and a credits_reset notice is sent. Within a period the
 * included amount follows the plan (an upgrade adds the difference at once). Returns the period
 * it closed, if any, so a renewal can bill its overage.
 */
export function syncUsagePeriod(ctx: BillingContext, user: UserRow, now: number): { row: UsagePeriodRow; period: UsagePeriod; closed?: ClosedPeriod } {
  const { repo } = ctx;
  const period = periodFor(ctx, user, now);
  const stored = repo.usage.periodOf(user.id);
  if (!stored) {
    const row: UsagePeriodRow = {
      user_id: user.id,
      period_start: period.start,
      period_end: period.end,
      plan_id: period.planId,
      included: period.included,
      plan_used: 0,
      bonus_used: 0,
      overage_used: 0,
      overage_enabled: 0,
      spend_cap: DEFAULT_SPEND_CAP_CENTS,
      alerts_sent: '[]',
      unbilled_overage_used: 0,
      unbilled_overage_cents: 0,
    };
    repo.usage.savePeriod(row);
    return { row, period };
  }
  if (stored.period_start === period.start) {
    if (stored.included === period.included && stored.plan_id === period.planId && stored.period_end === period.end) return { row: stored, period };
    const row = { ...stored, included: period.included, plan_id: period.planId, period_end: period.end };
    repo.usage.savePeriod(row);
    return { row, period };
  }

  const overageCents = overageCostCents(stored.overage_used, ctx.config.overagePriceCents);
  // A period cut short (a plan change, a state change in the sandbox) ends where the new one starts.
  const closedEnd = Math.min(stored.period_end, period.start);
  const used = stored.plan_used + stored.bonus_used + stored.overage_used;
  // A sandbox state change can start the new period before the stored one: an unused stretch of no length is no period.
  if (closedEnd > stored.period_start || used > 0) {
    repo.usage.insertHistory({
      user_id: user.id,
      period_start: stored.period_start,
      period_end: Math.max(stored.period_start, closedEnd),
      plan_id: stored.plan_id,
      included: stored.included,
      used,
      overage_used: stored.overage_used,
      overage_cents: overageCents,
    });
  }
  const grants = repo.usage.liveGrants(user.id);
  const state = poolState(ctx, stored, grants, period);
  const next = resetForNewPeriod(expireBonus(state, period.start), period.included);
  storeGrants(ctx, grants, next, period.start);
  const row: UsagePeriodRow = {
    ...stored,
    period_start: period.start,
    period_end: period.end,
    plan_id: period.planId,
    included: period.included,
    plan_used: 0,
    bonus_used: 0,
    overage_used: 0,
    alerts_sent: '[]',
    // Billed by the renewal that closes a period (renewUsage); a period cut short leaves it for the next one.
    unbilled_overage_used: stored.unbilled_overage_used + stored.overage_used,
    unbilled_overage_cents: stored.unbilled_overage_cents + overageCents,
  };
  repo.usage.savePeriod(row);
  notify.creditsReset(repo, user, period.included, period.start);
  return { row, period, closed: { row: stored, overageHundredths: row.unbilled_overage_used, overageCents: row.unbilled_overage_cents } };
}

/**
 * Overage the next renewal would bill if it happened now: the current period's and what earlier
 * periods cut short left. Reads only (the account summary must not write).
 */
export function overageToBillCents(ctx: BillingContext, userId: string, periodStart: number): number {
  const row = ctx.repo.usage.periodOf(userId);
  if (!row || row.period_start !== periodStart) return row?.unbilled_overage_cents ?? 0;
  return row.unbilled_overage_cents + overageCostCents(row.overage_used, ctx.config.overagePriceCents);
}

/**
 * The period's meters as of `now`, as GET /v1/account carries them (opening or rolling over the
 * period writes: call it inside a transaction).
 */
export function buildUsageMeters(ctx: BillingContext, user: UserRow, now: number): UsageMeters {
  const { repo } = ctx;
  const { row, period } = syncUsagePeriod(ctx, user, now);
  const grants = repo.usage.liveGrants(user.id);
  const state = poolState(ctx, row, grants, period);
  const summary = summarize(state, now);
  const bonus: BonusGrant[] = grants
    .filter((g) => now < g.expires_at)
    .sort((a, b) => a.expires_at - b.expires_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((g) => ({
      id: g.id,
      description: g.description,
      granted: creditsText(g.granted),
      used: creditsText(g.used),
      remaining: creditsText(Math.max(0, g.granted - g.used)),
      expiresAt: iso(g.expires_at),
    }));
  const price = ctx.config.overagePriceCents;
  const enabled = state.overage.enabled;
  return {
    planId: row.plan_id,
    periodStart: iso(row.period_start),
    periodEnd: iso(row.period_end),
    plan: { included: creditsText(row.included), used: creditsText(row.plan_used), remaining: creditsText(Math.max(0, row.included - row.plan_used)) },
    bonus,
    overage:
      period.overage === 'available'
        ? {
            enabled,
            spendCap: usd(row.spend_cap),
            pricePerCredit: usd(price),
            used: creditsText(row.overage_used),
            accrued: usd(summary.overageAccruedCents),
            capReached: summary.capReached,
          }
        : null,
    remaining: creditsText(summary.remaining),
    used: creditsText(row.plan_used + row.bonus_used + row.overage_used),
    quotaExceeded: summary.exhausted ? (enabled && summary.capReached ? 'spend_cap_reached' : 'credits_exhausted') : null,
  };
}

/** GET /v1/usage as of `now` (without asOf, so the ETag covers only counted numbers). */
export function buildUsage(ctx: BillingContext, user: UserRow, now: number): Omit<Usage, 'asOf'> {
  const meters = buildUsageMeters(ctx, user, now);
  const { repo } = ctx;
  return {
    ...meters,
    daily: dailyOf(ctx, user.id, Date.parse(meters.periodStart), now),
    history: repo.usage.history(user.id, HISTORY_PERIODS).map(
      (h): UsagePeriodTotal => ({
        periodStart: iso(h.period_start),
        periodEnd: iso(h.period_end),
        planId: h.plan_id,
        included: creditsText(h.included),
        used: creditsText(h.used),
        overageCredits: creditsText(h.overage_used),
        overageAmount: usd(h.overage_cents),
      }),
    ),
  };
}

/** Every UTC day from the period's first to today, zeros included. */
function dailyOf(ctx: BillingContext, userId: string, periodStart: number, now: number): DailyUsage[] {
  const first = new Date(periodStart);
  const days: { date: string; hundredths: number }[] = [];
  for (let day = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()); day <= now; day += DAY) days.push({ date: iso(day).slice(0, 10), hundredths: 0 });
  const index = new Map(days.map((d, i) => [d.date, i]));
  for (const { day, total } of ctx.repo.usage.dailyTotals(userId, periodStart)) {
    // An event a few minutes ahead of the clock may fall on tomorrow: it counts on today rather than vanishing.
    const at = index.get(day) ?? days.length - 1;
    if (at >= 0) days[at]!.hundredths += total;
  }
  return days.map((d) => ({ date: d.date, credits: creditsText(d.hundredths) }));
}

export interface UsageEventInput {
  readonly eventId: string;
  readonly feature: string;
  readonly hundredths: number;
  readonly occurredAt: number;
}

export type EventOutcome =
  | { readonly ok: true; readonly result: UsageEventResult }
  | { readonly ok: false; readonly refusal: UsageRefusal; readonly message: string };

function resultOf(row: UsageEventRow, duplicate: boolean): UsageEventResult {
  return {
    eventId: row.event_id,
    credits: creditsText(row.hundredths),
    fromPlan: creditsText(row.from_plan),
    fromBonus: creditsText(row.from_bonus),
    fromOverage: creditsText(row.from_overage),
    duplicate,
    remaining: creditsText(row.remaining_after),
  };
}

const ALERT_KINDS: Record<UsageAlert, 'usage_80' | 'credits_exhausted' | 'overage_started' | 'cap_reached'> = {
  used_80: 'usage_80',
  credits_exhausted: 'credits_exhausted',
  overage_started: 'overage_started',
  cap_reached: 'cap_reached',
};

/**
 * POST /v1/usage/events: counts an event once (a retry with the same id and content gets the
 * stored result), or refuses it without counting anything.
 */
export function recordUsageEvent(ctx: BillingContext, user: UserRow, input: UsageEventInput, now: number): EventOutcome {
  const { repo } = ctx;
  if (!FEATURE_KEYS.has(input.feature)) {
    return { ok: false, refusal: 'unknown_feature', message: `"${input.feature}" is not a feature of the catalogue; use one of: ${[...FEATURE_KEYS].join(', ')}.` };
  }
  const earlier = repo.usage.eventOf(user.id, input.eventId);
  if (earlier) {
    if (earlier.feature === input.feature && earlier.hundredths === input.hundredths && earlier.occurred_at === input.occurredAt) return { ok: true, result: resultOf(earlier, true) };
    return {
      ok: false,
      refusal: 'event_id_reused',
      message: `Event ${input.eventId} was already recorded with different content (${creditsText(earlier.hundredths)} credits for ${earlier.feature} at ${iso(earlier.occurred_at)}); nothing was counted. Use a new eventId for a new event.`,
    };
  }
  const { row, period } = syncUsagePeriod(ctx, user, now);
  if (input.occurredAt < row.period_start) {
    return { ok: false, refusal: 'period_closed', message: `The event happened before the current billing period began (${iso(row.period_start)}); usage of a closed period can no longer be recorded.` };
  }
  if (input.occurredAt > now + FUTURE_TOLERANCE_MS) {
    return { ok: false, refusal: 'period_closed', message: `occurredAt lies in the future (the service's time is ${iso(now)}); send the time the event happened.` };
  }

  const grants = repo.usage.liveGrants(user.id);
  const state = poolState(ctx, row, grants, period);
  const before = summarize(state, now);
  // The pools are drawn on as they are now (what the meters show): a late or backdated event cannot
  // revive a bonus grant that has expired since; occurredAt only places it in its period and day.
  const taken = consume(state, input.hundredths, now);
  if (!taken.ok) {
    const message = period.overage === 'past_due' ? `${taken.message.replace(/ Enable overage or upgrade to continue\.$/, '')} While a payment is past due, usage is limited to the Free plan's credits.` : taken.message;
    return { ok: false, refusal: taken.reason, message };
  }
  const fromBonus = taken.fromBonus.reduce((sum, part) => sum + part.hundredths, 0);
  storeGrants(ctx, grants, taken.next, now);
  const after = summarize(taken.next, now);
  const sent = JSON.parse(row.alerts_sent) as string[];
  for (const alert of alertsCrossed(before, after)) {
    const kind = ALERT_KINDS[alert];
    if (sent.includes(kind)) continue;
    sent.push(kind);
    notify.usageAlert(repo, user, kind, { capCents: row.spend_cap, accruedCents: after.overageAccruedCents, periodEnd: row.period_end }, now);
  }
  repo.usage.savePeriod({
    ...row,
    plan_used: taken.next.plan.used,
    bonus_used: row.bonus_used + fromBonus,
    overage_used: taken.next.overage.used,
    alerts_sent: JSON.stringify(sent),
  });
  const event: UsageEventRow = {
    user_id: user.id,
    event_id: input.eventId,
    feature: input.feature,
    hundredths: input.hundredths,
    occurred_at: input.occurredAt,
    recorded_at: now,
    from_plan: taken.fromPlan,
    from_bonus: fromBonus,
    from_overage: taken.fromOverage,
    remaining_after: after.remaining,
    period_start: row.period_start,
  };
  repo.usage.insertEvent(event);
  return { ok: true, result: resultOf(event, false) };
}

export type SettingsOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusal: 'overage_unavailable' | 'cap_below_accrued' | 'out_of_range'; readonly message: string };

/** PUT /v1/usage/settings: overage on or off and the period's spend cap (cents). */
export function updateUsageSettings(ctx: BillingContext, user: UserRow, settings: { overageEnabled: boolean; spendCap: number }, now: number): SettingsOutcome {
  const { row, period } = syncUsagePeriod(ctx, user, now);
  if (period.overage === 'free') return { ok: false, refusal: 'overage_unavailable', message: 'Overage is not available on the Free plan. Upgrade to use credits beyond your plan.' };
  if (period.overage === 'past_due') {
    return { ok: false, refusal: 'overage_unavailable', message: 'Overage is not available while a payment is past due. Pay the outstanding balance to use it again.' };
  }
  if (settings.spendCap < 0 || settings.spendCap > MAX_SPEND_CAP_CENTS) {
    return { ok: false, refusal: 'out_of_range', message: `The spend cap must be between $0.00 and ${formatUsd(MAX_SPEND_CAP_CENTS)}.` };
  }
  const accrued = overageCostCents(row.overage_used, ctx.config.overagePriceCents);
  if (settings.spendCap < accrued) {
    return { ok: false, refusal: 'cap_below_accrued', message: `The spend cap cannot be below the ${formatUsd(accrued)} of overage already used this period.` };
  }
  ctx.repo.usage.savePeriod({ ...row, overage_enabled: settings.overageEnabled ? 1 : 0, spend_cap: settings.spendCap });
  return { ok: true };
}

/** A grant of bonus credits (sandbox admin and demo data), used after the plan's credits until `expiresAt`. */
export function grantBonus(ctx: BillingContext, user: UserRow, grant: { hundredths: number; description: string; expiresAt: number }, now: number): BonusGrant {
  syncUsagePeriod(ctx, user, now);
  const row: BonusGrantRow = {
    id: newId('bg'),
    user_id: user.id,
    description: grant.description,
    granted: grant.hundredths,
    used: 0,
    expires_at: grant.expiresAt,
    created_at: now,
    retired_at: null,
  };
  ctx.repo.usage.insertGrant(row);
  return { id: row.id, description: row.description, granted: creditsText(row.granted), used: creditsText(0), remaining: creditsText(row.granted), expiresAt: iso(row.expires_at) };
}

/**
 * The renewal's overage line for the period that just closed (the subscription's period has
 * already moved on): quantity in whole credits rounded up, for reading; the amount is exact from
 * the hundredths (docs/lifecycle.md, "Usage"). Undefined when the period had no overage.
 */
export function renewUsage(ctx: BillingContext, user: UserRow, at: number): { description: string; quantity: number; amountCents: number; periodStart: number; periodEnd: number } | undefined {
  const { closed, row } = syncUsagePeriod(ctx, user, at);
  if (!closed || closed.overageHundredths === 0) return undefined;
  ctx.repo.usage.savePeriod({ ...row, unbilled_overage_used: 0, unbilled_overage_cents: 0 });
  const hundredths = closed.overageHundredths;
  return {
    description: `Overage: ${creditsText(hundredths)} credits beyond the plan at ${formatUsd(ctx.config.overagePriceCents)} a credit`,
    quantity: Math.ceil(hundredths / 100),
    amountCents: closed.overageCents,
    periodStart: closed.row.period_start,
    periodEnd: Math.min(closed.row.period_end, at),
  };
}
