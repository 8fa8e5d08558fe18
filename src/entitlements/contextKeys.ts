/**
 * The `when`-clause context keys, computed from the snapshot. Pure; the
 * extension applies changed values with `setContext`.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';

export const ContextKeys = {
  signedIn: 'planBilling.signedIn',
  state: 'planBilling.state',
  plan: 'planBilling.plan',
  pastDue: 'planBilling.pastDue',
  /** Feature keys, usable as `'ai.agent' in planBilling.features`. */
  features: 'planBilling.features',
  stale: 'planBilling.stale',
  /** An outstanding balance can be paid (past due, unpaid or ended with a balance). */
  hasOutstandingBalance: 'planBilling.hasOutstandingBalance',
} as const;

export type ContextKeyValues = Record<(typeof ContextKeys)[keyof typeof ContextKeys], boolean | string | string[] | undefined>;

export function contextKeyValues(s: AccountSnapshot): ContextKeyValues {
  return {
    [ContextKeys.signedIn]: s.signedIn,
    [ContextKeys.state]: s.kind,
    [ContextKeys.plan]: s.plan,
    [ContextKeys.pastDue]: s.kind === 'pastDue',
    [ContextKeys.features]: [...s.features],
    [ContextKeys.stale]: s.stale,
    [ContextKeys.hasOutstandingBalance]: s.signedIn && (s.account?.outstandingBalance.amount ?? 0) > 0,
  };
}

/** The keys whose value differs between two value sets (to call setContext only for those). */
export function changedContextKeys(before: ContextKeyValues | undefined, after: ContextKeyValues): Array<keyof ContextKeyValues> {
  return (Object.keys(after) as Array<keyof ContextKeyValues>).filter(
    (key) => before === undefined || JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
