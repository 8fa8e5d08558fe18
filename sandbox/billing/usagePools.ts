/**
 * Where a usage event's credits come from, for one billing period. Pure: the
 * caller passes the state and the event's time and stores what comes back.
 * All credit amounts are integer hundredths (shared/credits.ts); money is cents.
 *
 * Order of consumption:
 * 1. Plan credits (the period's included amount).
 * 2. Bonus grants, the one expiring soonest first (ties: by id, so the order
 *    never depends on storage order). A grant is active while at < expiresAt;
 *    one with expiresAt <= at is skipped, whatever is left on it.
 * 3. Overage, when enabled and the overage's exact cost after the event
 *    (credits × price, before rounding) stays within the spend cap.
 * An event is paid for in full or refused: a refusal changes nothing, so
 * usage is never partially counted.
 */
import { formatCredits } from '../../shared/credits';

export interface PlanCredits {
  readonly included: number;
  readonly used: number;
}

export interface BonusGrant {
  readonly id: string;
  readonly granted: number;
  readonly used: number;
  /** ms; the grant can be used while the event's time is before it. */
  readonly expiresAt: number;
}

export interface OverageSettings {
  readonly enabled: boolean;
  readonly spendCapCents: number;
  /** Cents per whole credit, e.g. 4. */
  readonly pricePerCreditCents: number;
  /** Hundredths consumed as overage this period. */
  readonly used: number;
}

export interface UsageState {
  readonly plan: PlanCredits;
  readonly bonus: readonly BonusGrant[];
  readonly overage: OverageSettings;
}

export type ConsumeRefusal = 'credits_exhausted' | 'spend_cap_reached';

export type ConsumeResult =
  | {
      readonly ok: true;
      readonly fromPlan: number;
      /** In the order they were drawn on; grants that gave nothing are left out. */
      readonly fromBonus: ReadonlyArray<{ readonly id: string; readonly hundredths: number }>;
      readonly fromOverage: number;
      readonly next: UsageState;
    }
  | { readonly ok: false; readonly reason: ConsumeRefusal; readonly message: string };

export interface UsageSummary {
  /** Plan credits plus the grants of active bonus grants. */
  readonly available: number;
  /** Used from the plan and from active bonus grants (overage is counted apart). */
  readonly used: number;
  readonly remaining: number;
  /** floor(used × 100 / available), at most 100; 100 when nothing is available but something was used. */
  readonly percentUsed: number;
  readonly overageUsed: number;
  readonly overageAccruedCents: number;
  /** Nothing left to spend: no plan or bonus credit left, and overage off or its cap reached. */
  readonly exhausted: boolean;
  /** Overage is on and one more hundredth would pass the spend cap. */
  readonly capReached: boolean;
}

export type UsageAlert = 'used_80' | 'credits_exhausted' | 'overage_started' | 'cap_reached';

const USED_ALERT_PERCENT = 80;

/** hundredths × price / 100 rounded half up to the cent, on BigInt so large counters stay exact. */
export function overageCostCents(overageHundredths: number, pricePerCreditCents: number): number {
  checkAmount(overageHundredths, 'overageHundredths');
  checkAmount(pricePerCreditCents, 'pricePerCreditCents');
  return Number((BigInt(overageHundredths) * BigInt(pricePerCreditCents) + 50n) / 100n);
}

/**
 * Whether this much overage would cost more than the cap, compared exactly (before rounding), so a
 * cap of $2.00 at $0.04 covers exactly 50.00 credits and the rounded bill never passes it.
 */
function passesCap(overageHundredths: number, overage: Pick<OverageSettings, 'pricePerCreditCents' | 'spendCapCents'>): boolean {
  return BigInt(overageHundredths) * BigInt(overage.pricePerCreditCents) > BigInt(overage.spendCapCents) * 100n;
}

/**
 * Takes `hundredths` credits at `at` (ms) in the documented order, or refuses without touching
 * anything. Throws RangeError for a non-positive or fractional amount and for corrupt state.
 */
export function consume(state: UsageState, hundredths: number, at: number): ConsumeResult {
  checkState(state);
  if (!Number.isSafeInteger(hundredths) || hundredths <= 0) throw new RangeError(`A usage event consumes a positive integer number of hundredths, got ${hundredths}.`);
  checkTime(at);

  let left = hundredths;
  const fromPlan = Math.min(left, planRemaining(state.plan));
  left -= fromPlan;

  const fromBonus: Array<{ id: string; hundredths: number }> = [];
  for (const grant of activeGrantsByExpiry(state.bonus, at)) {
    if (left === 0) break;
    const take = Math.min(left, grantRemaining(grant));
    if (take === 0) continue;
    fromBonus.push({ id: grant.id, hundredths: take });
    left -= take;
  }

  const fromOverage = left;
  if (fromOverage > 0) {
    const { overage } = state;
    if (!overage.enabled) {
      const stillLeft = hundredths - fromOverage;
      const message =
        stillLeft === 0
          ? 'You have used all your credits for this period. Enable overage or upgrade to continue.'
          : `This needs ${formatCredits(hundredths, 'en-US')} credits but only ${formatCredits(stillLeft, 'en-US')} are left for this period. Enable overage or upgrade to continue.`;
      return { ok: false, reason: 'credits_exhausted', message };
    }
    if (passesCap(overage.used + fromOverage, overage)) {
      return { ok: false, reason: 'spend_cap_reached', message: `This would pass your overage spend cap of ${usd(overage.spendCapCents)}.` };
    }
  }

  const taken = new Map(fromBonus.map((part) => [part.id, part.hundredths]));
  const next: UsageState = {
    plan: { included: state.plan.included, used: state.plan.used + fromPlan },
    // Same grants in the same order; only the ones drawn on get a new `used`.
    bonus: state.bonus.map((grant) => {
      const take = taken.get(grant.id);
      return take === undefined ? grant : { ...grant, used: grant.used + take };
    }),
    overage: fromOverage === 0 ? state.overage : { ...state.overage, used: state.overage.used + fromOverage },
  };
  return { ok: true, fromPlan, fromBonus, fromOverage, next };
}

/** The period's meters as the panel and the alerts see them at `at`. */
export function summarize(state: UsageState, at: number): UsageSummary {
  checkState(state);
  checkTime(at);
  const active = state.bonus.filter((grant) => isActive(grant, at));
  const available = safeSum([state.plan.included, ...active.map((grant) => grant.granted)]);
  const used = safeSum([state.plan.used, ...active.map((grant) => grant.used)]);
  const remaining = safeSum([planRemaining(state.plan), ...active.map(grantRemaining)]);
  const { overage } = state;
  const capReached = overage.enabled && passesCap(overage.used + 1, overage);
  return {
    available,
    used,
    remaining,
    percentUsed: percentUsed(used, available, overage.used),
    overageUsed: overage.used,
    overageAccruedCents: overageCostCents(overage.used, overage.pricePerCreditCents),
    exhausted: remaining === 0 && (!overage.enabled || capReached),
    capReached,
  };
}

/**
 * The alerts an event crossed, in the order they happen within one event: each appears once,
 * and only when its condition went from false to true, so a later event does not repeat it.
 */
export function alertsCrossed(before: UsageSummary, after: UsageSummary): UsageAlert[] {
  const alerts: UsageAlert[] = [];
  // With no plan or bonus credits at all there is nothing to be 80 % through.
  if (after.available > 0 && before.percentUsed < USED_ALERT_PERCENT && after.percentUsed >= USED_ALERT_PERCENT) alerts.push('used_80');
  if (before.remaining > 0 && after.remaining === 0) alerts.push('credits_exhausted');
  if (before.overageUsed === 0 && after.overageUsed > 0) alerts.push('overage_started');
  if (!before.capReached && after.capReached) alerts.push('cap_reached');
  return alerts;
}

/**
 * Drops the unused part of every grant expired at `at` (granted becomes used), so the state no
 * longer promises credit it cannot give while keeping what was consumed on record.
 */
export function expireBonus(state: UsageState, at: number): UsageState {
  checkState(state);
  checkTime(at);
  if (!state.bonus.some((grant) => !isActive(grant, at) && grant.granted > grant.used)) return state;
  return {
    ...state,
    bonus: state.bonus.map((grant) => (isActive(grant, at) || grant.granted <= grant.used ? grant : { ...grant, granted: grant.used })),
  };
}

/**
 * The state for the next period: plan credits start again at `included`, overage at 0 (settings
 * kept), and bonus grants carry over with their own expiry. Grants with nothing left are not
 * carried: they can never give credit again and their use belongs to the period that ended.
 */
export function resetForNewPeriod(state: UsageState, included: number): UsageState {
  checkState(state);
  checkAmount(included, 'included');
  return {
    plan: { included, used: 0 },
    bonus: state.bonus.filter((grant) => grantRemaining(grant) > 0),
    overage: { ...state.overage, used: 0 },
  };
}

function percentUsed(used: number, available: number, overageUsed: number): number {
  if (available === 0) return used > 0 || overageUsed > 0 ? 100 : 0;
  return Math.min(100, Number((BigInt(used) * 100n) / BigInt(available)));
}

function isActive(grant: BonusGrant, at: number): boolean {
  return at < grant.expiresAt;
}

function activeGrantsByExpiry(grants: readonly BonusGrant[], at: number): BonusGrant[] {
  // Compared by code unit, not localeCompare: the order must not depend on the host's locale.
  return grants.filter((grant) => isActive(grant, at)).sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// Clamped at 0: a plan whose included amount was lowered mid-period may already be over it.
function planRemaining(plan: PlanCredits): number {
  return Math.max(0, plan.included - plan.used);
}

function grantRemaining(grant: BonusGrant): number {
  return Math.max(0, grant.granted - grant.used);
}

/** "$25.00", "$1,250.00": English, like the rest of the message. */
function usd(cents: number): string {
  const fraction = cents % 100;
  const dollars = (cents - fraction) / 100;
  return `$${String(dollars).replace(/\B(?=(\d{3})+$)/g, ',')}.${String(fraction).padStart(2, '0')}`;
}

function safeSum(values: readonly number[]): number {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('Credit totals exceed the safe integer range.');
  return total;
}

function checkAmount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}.`);
}

function checkTime(at: number): void {
  if (!Number.isFinite(at)) throw new RangeError(`The event time must be a finite number of ms, got ${at}.`);
}

// Corrupt state must fail loudly rather than be spent from.
function checkState(state: UsageState): void {
  checkAmount(state.plan.included, 'plan.included');
  checkAmount(state.plan.used, 'plan.used');
  const ids = new Set<string>();
  for (const grant of state.bonus) {
    if (ids.has(grant.id)) throw new RangeError(`Bonus grant ${grant.id} appears twice.`);
    ids.add(grant.id);
    checkAmount(grant.granted, `bonus ${grant.id} granted`);
    checkAmount(grant.used, `bonus ${grant.id} used`);
    if (grant.used > grant.granted) throw new RangeError(`Bonus grant ${grant.id} has used more than it granted.`);
    if (Number.isNaN(grant.expiresAt)) throw new RangeError(`Bonus grant ${grant.id} has no expiry.`);
  }
  checkAmount(state.overage.spendCapCents, 'overage.spendCapCents');
  checkAmount(state.overage.pricePerCreditCents, 'overage.pricePerCreditCents');
  checkAmount(state.overage.used, 'overage.used');
}
