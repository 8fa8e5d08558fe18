/**
 * Proration of a plan change, with Stripe's semantics ("Prorations",
 * https://docs.stripe.com/billing/subscriptions/prorations, and "Change
 * prices", https://docs.stripe.com/billing/subscriptions/change-price).
 * Pure: no clock, no storage; the caller passes every instant.
 *
 * Rules:
 * 1. Time is counted to the second, as Stripe does: the change time and the
 *    period bounds are truncated to whole seconds before anything else, and
 *    every instant returned is a whole second (in ms).
 * 2. Direction: month → year is an upgrade, year → month a downgrade; with the
 *    same interval a higher price is an upgrade, a lower one a downgrade and an
 *    equal one is 'same' (nothing to do; the caller refuses the change).
 * 3. Upgrade, same interval: takes effect at t and keeps the billing anchor,
 *    so the period stays [start, end). Two lines, each over [t, end):
 *      credit  −round(current × (end − t) / (end − start))  "Unused time on …"
 *      charge  +round(new     × (end − t) / (end − start))  "Remaining time on …"
 * 4. Upgrade, month → year: takes effect at t and resets the billing anchor to
 *    t (an interval change always does in Stripe). The same credit for the
 *    unused monthly time, plus the full annual price over [t, t + 1 year),
 *    where a year is 12 calendar months with the day clamped (Feb 29 → Feb 28).
 * 5. Downgrade: nothing is charged or credited now; it takes effect at `end`
 *    (the caller schedules it) and the first period on the new price starts
 *    there. An interval change starts a new anchor at `end`; the same interval
 *    keeps the old anchor.
 * 6. Rounding: each line on its own, half away from zero to the cent, on
 *    integers (BigInt) from price × remainingSeconds / periodSeconds — never a
 *    float, which would misround at x.5 cents and lose cents on large prices.
 * 7. A trial (the customer paid 0 for the current period, `paidCents: 0`)
 *    earns a credit of 0; the direction still compares list prices.
 * 8. t must lie in [start, end) (after truncation; otherwise RangeError):
 *    previews happen inside the period; t = start credits and charges the
 *    full period.
 * 9. 'same' yields no lines and leaves the period as it is.
 */

export type BillingInterval = 'month' | 'year';

export type ChangeDirection = 'upgrade' | 'downgrade' | 'same';

export interface PlanPrice {
  /** Shown in line descriptions, e.g. "Pro". */
  readonly planName: string;
  /** List price per interval, in cents. */
  readonly amountCents: number;
  readonly interval: BillingInterval;
}

export interface CurrentPlanPrice extends PlanPrice {
  /** What was paid for the current period, in cents, if not the list price: 0 during a trial. */
  readonly paidCents?: number;
}

export interface ProrationInput {
  readonly current: CurrentPlanPrice;
  readonly target: PlanPrice;
  /** The current billing period [start, end), ms. */
  readonly period: { readonly start: number; readonly end: number };
  /**
   * The billing cycle anchor (ms, at or before period.start). Only its day of month is used, to
   * date the first period after a downgrade; without it the day is read from the period's bounds.
   */
  readonly anchor?: number;
  /** When the change happens, ms; must lie in [period.start, period.end). */
  readonly at: number;
}

export interface ProrationLine {
  readonly kind: 'proration';
  readonly description: string;
  /** Negative for a credit. */
  readonly amountCents: number;
  readonly periodStart: number;
  readonly periodEnd: number;
}

export interface ProrationPreview {
  readonly direction: ChangeDirection;
  readonly effective: 'now' | 'period_end';
  readonly effectiveAt: number;
  readonly lines: readonly ProrationLine[];
  /** The sum of the lines' amounts. */
  readonly subtotalCents: number;
  /** The billing period once the change has taken effect. */
  readonly newPeriod: { readonly start: number; readonly end: number };
}

const SECOND_MS = 1000;
const MONTHS_PER_INTERVAL: Record<BillingInterval, number> = { month: 1, year: 12 };
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Rule 2. Prices are compared only when the interval is the same: a year of Pro is not "more" than a month of Pro+. */
export function changeDirection(current: Pick<PlanPrice, 'amountCents' | 'interval'>, target: Pick<PlanPrice, 'amountCents' | 'interval'>): ChangeDirection {
  if (current.interval !== target.interval) return current.interval === 'month' ? 'upgrade' : 'downgrade';
  if (target.amountCents > current.amountCents) return 'upgrade';
  if (target.amountCents < current.amountCents) return 'downgrade';
  return 'same';
}

/** Previews (and defines) the invoice lines of changing `current` to `target` at `at`. Throws RangeError on invalid input. */
export function previewProration(input: ProrationInput): ProrationPreview {
  const { current, target } = input;
  checkCents(current.amountCents, 'current.amountCents');
  checkCents(target.amountCents, 'target.amountCents');
  const paidCents = current.paidCents ?? current.amountCents;
  checkCents(paidCents, 'current.paidCents');

  const start = toWholeSecondMs(input.period.start, 'period.start');
  const end = toWholeSecondMs(input.period.end, 'period.end');
  const at = toWholeSecondMs(input.at, 'at');
  const anchor = input.anchor === undefined ? undefined : toWholeSecondMs(input.anchor, 'anchor');
  if (end <= start) throw new RangeError(`The period must end after it starts (${iso(start)} – ${iso(end)}).`);
  if (at < start || at >= end) throw new RangeError(`The change time ${iso(at)} is outside the current period [${iso(start)}, ${iso(end)}).`);
  if (anchor !== undefined && anchor > start) throw new RangeError(`The billing anchor ${iso(anchor)} is after the period start ${iso(start)}.`);

  const direction = changeDirection(current, target);

  if (direction === 'same') {
    return { direction, effective: 'now', effectiveAt: at, lines: [], subtotalCents: 0, newPeriod: { start, end } };
  }

  if (direction === 'downgrade') {
    // Rule 5: an interval change anchors the new schedule at `end`; otherwise the old anchor carries on.
    const anchorDay = target.interval === current.interval ? anchorDayOf(anchor, start, end) : new Date(end).getUTCDate();
    return {
      direction,
      effective: 'period_end',
      effectiveAt: end,
      lines: [],
      subtotalCents: 0,
      newPeriod: { start: end, end: nextPeriodEnd(end, anchorDay, target.interval) },
    };
  }

  const remainingSeconds = BigInt((end - at) / SECOND_MS);
  const periodSeconds = BigInt((end - start) / SECOND_MS);
  const after = formatDay(at);
  const credit: ProrationLine = {
    kind: 'proration',
    description: `Unused time on ${current.planName} after ${after}`,
    amountCents: negate(prorateCents(paidCents, remainingSeconds, periodSeconds)),
    periodStart: at,
    periodEnd: end,
  };

  let charge: ProrationLine;
  let newPeriod: { start: number; end: number };
  if (current.interval === target.interval) {
    // Rule 3: same anchor, prorated charge for the rest of the period.
    charge = {
      kind: 'proration',
      description: `Remaining time on ${target.planName} after ${after}`,
      amountCents: prorateCents(target.amountCents, remainingSeconds, periodSeconds),
      periodStart: at,
      periodEnd: end,
    };
    newPeriod = { start, end };
  } else {
    // Rule 4: month → year resets the anchor to t and bills the whole first year now.
    const yearEnd = addCalendarMonths(at, MONTHS_PER_INTERVAL.year);
    charge = {
      kind: 'proration',
      description: `${target.planName} (annual) from ${after}`,
      amountCents: target.amountCents,
      periodStart: at,
      periodEnd: yearEnd,
    };
    newPeriod = { start: at, end: yearEnd };
  }

  const lines = [credit, charge];
  return {
    direction,
    effective: 'now',
    effectiveAt: at,
    lines,
    subtotalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
    newPeriod,
  };
}

/**
 * round(amountCents × remaining / period), half away from zero, exactly (rule 6).
 * The result is a Number because it never exceeds |amountCents| when remaining ≤ period.
 */
export function prorateCents(amountCents: number, remainingSeconds: bigint, periodSeconds: bigint): number {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amountCents must be a safe integer, got ${amountCents}.`);
  if (periodSeconds <= 0n || remainingSeconds < 0n || remainingSeconds > periodSeconds) {
    throw new RangeError(`Remaining seconds ${remainingSeconds} must lie within a positive period of ${periodSeconds} seconds.`);
  }
  return Number(divideRoundHalfAwayFromZero(BigInt(amountCents) * remainingSeconds, periodSeconds));
}

/** numerator / denominator (denominator > 0) rounded half away from zero; BigInt has no −0, so neither has the result. */
function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // same sign as the numerator
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder;
  if (twiceRemainder < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/**
 * Adds calendar months in UTC, clamping the day to the target month's length
 * (Jan 31 + 1 month = Feb 28 or 29; Feb 29 + 12 months = Feb 28), keeping the time of day.
 * Written here rather than imported so the module stays self-contained.
 */
export function addCalendarMonths(ms: number, months: number): number {
  return shiftMonths(ms, months, new Date(ms).getUTCDate());
}

/** `months` after `ms` on day `day` of that month (clamped to its length), at the same UTC time of day. */
function shiftMonths(ms: number, months: number, day: number): number {
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(months)) throw new RangeError(`Calendar months need integers, got ${ms} and ${months}.`);
  const d = new Date(ms);
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(day, lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * The end of the period starting at `periodStart` (a renewal date), one interval later on the
 * anchor's day of month: a Jan 31 anchor renews Feb 28, then Mar 31 — not Mar 28, as adding a
 * month to the clamped Feb 28 would give.
 */
function nextPeriodEnd(periodStart: number, anchorDay: number, interval: BillingInterval): number {
  return shiftMonths(periodStart, MONTHS_PER_INTERVAL[interval], anchorDay);
}

/**
 * The anchor's day of month. Without an explicit anchor, a monthly period's bounds tell it: of two
 * consecutive months at least one has 31 days, so at most one bound is clamped and the later day is
 * the anchor's. (A yearly Feb 28 – Feb 28 period cannot tell a Feb 29 anchor apart: pass it.)
 */
function anchorDayOf(anchor: number | undefined, start: number, end: number): number {
  if (anchor !== undefined) return new Date(anchor).getUTCDate();
  return Math.max(new Date(start).getUTCDate(), new Date(end).getUTCDate());
}

/** "Dec 5, 2026" in UTC; spelled out here so descriptions never depend on the host's ICU data. */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** A credit of 0 must be 0, not −0 (which JSON writes as 0 but Object.is and deepEqual tell apart). */
function negate(cents: number): number {
  return cents === 0 ? 0 : -cents;
}

function toWholeSecondMs(ms: number, name: string): number {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`${name} must be an integer number of milliseconds, got ${ms}.`);
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

function checkCents(cents: number, name: string): void {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`${name} must be a non-negative integer number of cents, got ${cents}.`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
