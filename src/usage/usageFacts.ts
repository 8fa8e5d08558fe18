/**
 * What the status bar, gate, notifications and panel say about usage, derived
 * from one Usage. Pure and integer-only: credits are hundredths
 * (shared/credits.ts), percentages are whole numbers rounded down so "100 %"
 * only ever means nothing is left.
 */
import { parseCredits } from '../../shared/credits';
import { type QuotaState, type Usage } from '../../shared/contract/usage';

/**
 * none below 75 % used, low from 75 %, warning from 90 %; overage when the plan's credits are used
 * up and usage goes on under the spend cap; exhausted when nothing is left (or the service refuses).
 */
export type LowCreditLevel = 'none' | 'low' | 'warning' | 'overage' | 'exhausted';

export interface UsageFacts {
  /** Plan credits plus every active bonus grant, in hundredths. */
  readonly included: number;
  /** What of `included` is used, in hundredths (overage not counted). */
  readonly usedIncluded: number;
  /** Plan + bonus credits left, in hundredths. */
  readonly remaining: number;
  /** floor(usedIncluded × 100 / included), 0–100; 100 when nothing is included and nothing is left. */
  readonly percentUsed: number;
  readonly level: LowCreditLevel;
  /** Why credit-consuming features are refused now, or null. */
  readonly quotaExceeded: QuotaState | null;
  /** When the credits start again (the period end), ms since the epoch. */
  readonly resetsAt: number;
  /** The overage is on and has been used this period. */
  readonly inOverage: boolean;
  /** The overage spend cap is reached. */
  readonly capReached: boolean;
}

/** Credits of the API as hundredths; a malformed value (the contract validated it) counts as 0. */
export function hundredths(text: string): number {
  return parseCredits(text) ?? 0;
}

/** Whole percent of `part` in `whole`, rounded down, within 0–100; integer arithmetic only. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 100 : 0;
  const percent = Math.floor((part * 100) / whole);
  return Math.min(100, Math.max(0, percent));
}

/** The level for a percentage and what is left (thresholds: 75, 90, nothing left; `overageOpen`: overage on, cap not reached). */
export function levelFor(percentUsed: number, remaining: number, quotaExceeded: QuotaState | null, overageOpen = false): LowCreditLevel {
  if (quotaExceeded !== null) return 'exhausted';
  if (remaining <= 0) return overageOpen ? 'overage' : 'exhausted';
  if (percentUsed >= 90) return 'warning';
  if (percentUsed >= 75) return 'low';
  return 'none';
}

export function usageFacts(usage: Usage): UsageFacts {
  let included = hundredths(usage.plan.included);
  let usedIncluded = hundredths(usage.plan.used);
  for (const grant of usage.bonus) {
    included += hundredths(grant.granted);
    usedIncluded += hundredths(grant.used);
  }
  const remaining = hundredths(usage.remaining);
  const percentUsed = remaining <= 0 && included > 0 ? 100 : percentOf(usedIncluded, included);
  const overageUsed = usage.overage ? hundredths(usage.overage.used) : 0;
  return {
    included,
    usedIncluded,
    remaining,
    percentUsed,
    level: levelFor(percentUsed, remaining, usage.quotaExceeded, usage.overage !== null && usage.overage.enabled && !usage.overage.capReached),
    quotaExceeded: usage.quotaExceeded,
    resetsAt: Date.parse(usage.periodEnd),
    inOverage: usage.overage !== null && usage.overage.enabled && overageUsed > 0,
    capReached: usage.overage?.capReached ?? false,
  };
}
