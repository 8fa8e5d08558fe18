/**
 * The `when`-clause context keys, computed from the snapshot. Pure; the
 * extension applies changed values with `setContext`.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type Usage } from '../../shared/contract/usage';

export const ContextKeys = {
  signedIn: 'planBilling.signedIn',
  state: 'planBilling.state',
  plan: 'planBilling.plan',
  pastDue: 'planBilling.pastDue',
  /**
   * The granted feature keys as a list. A `when` clause's `in` looks up its
   * left side as a context key, so this serves `myExt.feature in planBilling.features`;
   * for a literal feature use the per-feature key (`featureContextKey`).
   */
  features: 'planBilling.features',
  stale: 'planBilling.stale',
  /** An outstanding balance can be paid (past due, unpaid or ended with a balance). */
  hasOutstandingBalance: 'planBilling.hasOutstandingBalance',
  /** True while credit-consuming features are refused: the service's quotaExceeded is not null (credits used up or spend cap reached). */
  quotaExceeded: 'planBilling.quotaExceeded',
} as const;

/** `planBilling.feature.<key>`: true while the feature is granted (`"when": "planBilling.feature.ai.agent"`). */
export function featureContextKey(feature: string): string {
  return `planBilling.feature.${feature}`;
}

export type ContextKeyValue = boolean | string | string[] | undefined;
export type ContextKeyValues = Readonly<Record<string, ContextKeyValue>>;

export function contextKeyValues(s: AccountSnapshot, usage?: Usage): ContextKeyValues {
  const values: Record<string, ContextKeyValue> = {
    [ContextKeys.signedIn]: s.signedIn,
    [ContextKeys.state]: s.kind,
    [ContextKeys.plan]: s.plan,
    [ContextKeys.pastDue]: s.kind === 'pastDue',
    [ContextKeys.features]: [...s.features],
    [ContextKeys.stale]: s.stale,
    [ContextKeys.hasOutstandingBalance]: s.signedIn && (s.account?.outstandingBalance.amount ?? 0) > 0,
    [ContextKeys.quotaExceeded]: s.signedIn && usage !== undefined && usage.quotaExceeded !== null,
  };
  for (const feature of s.features) values[featureContextKey(feature)] = true;
  return values;
}

/**
 * The setContext calls that turn `before` into `after`: changed keys, and
 * `false` for a feature key that is no longer granted.
 */
export function contextKeyUpdates(before: ContextKeyValues | undefined, after: ContextKeyValues): Array<[string, ContextKeyValue]> {
  const updates: Array<[string, ContextKeyValue]> = [];
  for (const [key, value] of Object.entries(after)) {
    if (before === undefined || JSON.stringify(before[key]) !== JSON.stringify(value)) updates.push([key, value]);
  }
  for (const [key, value] of Object.entries(before ?? {})) {
    if (!(key in after) && value !== false) updates.push([key, false]);
  }
  return updates;
}
