/**
 * The one account state enum (docs/stateModel.md). Status-bar text, context
 * keys, gating and the panel all derive from it, so they can never disagree.
 *
 * - checking: not resolved yet (first start, or after sign-in before the first
 *   verified answer). Never shown as Free and never offered an upgrade.
 * - signedOut: no session.
 * - free: signed in, no paid access (never subscribed).
 * - trialing / active / activeCanceling: paid access (activeCanceling = active
 *   with cancelAtPeriodEnd).
 * - pastDue: a renewal payment failed; paid features are gated.
 * - ended: canceled, unpaid, incomplete or incomplete_expired; Free features.
 * - offlineGrace: the last verified state granted paid access, the service has
 *   not been reachable since the token's refresh time, and the offline limit
 *   (graceUntil) has not passed yet.
 */
export const ACCOUNT_STATE_KINDS = [
  'checking',
  'signedOut',
  'free',
  'trialing',
  'active',
  'activeCanceling',
  'pastDue',
  'ended',
  'offlineGrace',
] as const;

export type AccountStateKind = (typeof ACCOUNT_STATE_KINDS)[number];

/** States in which the plan's paid features are granted. */
export const PAID_ACCESS_STATES: ReadonlySet<AccountStateKind> = new Set<AccountStateKind>([
  'trialing',
  'active',
  'activeCanceling',
  'offlineGrace',
]);
