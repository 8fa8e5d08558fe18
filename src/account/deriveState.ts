/**
 * The one derivation of the account state (docs/stateModel.md). Pure:
 * status bar, context keys, gating and the panel all read its result, so they
 * can never disagree. Unit-tested as a table.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type EntitlementClaims } from '../../shared/contract/entitlements';
import { type AccountStateKind, PAID_ACCESS_STATES } from '../../shared/accountState';

export interface DeriveInput {
  readonly signedIn: boolean;
  /** The account summary (cached or fresh), for display details such as cancelAtPeriodEnd. */
  readonly account: AccountSummary | null;
  /** Claims of a token whose signature and claims were verified; null when none or rejected. */
  readonly claims: EntitlementClaims | null;
  /** The last refresh failed (network, 5xx, 429, invalid response…): the data shown is stale. */
  readonly lastRefreshFailed: boolean;
  /** The local clock went backwards: cached entitlements need online re-verification. */
  readonly clockRolledBack: boolean;
  /** Ms since the epoch. */
  readonly now: number;
}

export interface DerivedState {
  readonly kind: AccountStateKind;
  /** The plan of the verified entitlement; undefined while signed out or unresolved. */
  readonly plan: PlanId | undefined;
  /** Feature keys granted now. */
  readonly features: readonly string[];
  /** Offline limit (ms) while paid access is granted from the token; undefined otherwise. */
  readonly offlineUntil: number | undefined;
}

const NOTHING: Omit<DerivedState, 'kind'> = { plan: undefined, features: [], offlineUntil: undefined };

/** The state the verified claims describe, before offline rules. */
export function kindFromClaims(claims: EntitlementClaims, account: AccountSummary | null): AccountStateKind {
  switch (claims.status) {
    case 'none':
      return 'free';
    case 'trialing':
    case 'active': {
      if (claims.plan === 'free') return 'free';
      if (claims.status === 'trialing') return 'trialing';
      const sub = account?.subscription;
      return sub && sub.status === 'active' && sub.cancelAtPeriodEnd ? 'activeCanceling' : 'active';
    }
    case 'past_due':
      return 'pastDue';
    case 'canceled':
    case 'unpaid':
    case 'incomplete':
    case 'incomplete_expired':
      return 'ended';
  }
}

export function deriveAccountState(input: DeriveInput): DerivedState {
  if (!input.signedIn) return { kind: 'signedOut', ...NOTHING };
  const { claims } = input;
  // No verified entitlement, a clock that went backwards, or past the offline
  // limit: unresolved. Never "Free" here, so nobody is offered what they have.
  if (!claims || input.clockRolledBack || input.now > claims.graceUntil * 1000) return { kind: 'checking', ...NOTHING };
  const base = kindFromClaims(claims, input.account);
  const paid = PAID_ACCESS_STATES.has(base);
  const mustRefresh = input.now >= claims.exp * 1000;
  const kind: AccountStateKind = paid && mustRefresh && input.lastRefreshFailed ? 'offlineGrace' : base;
  return {
    kind,
    plan: claims.plan,
    features: [...claims.features],
    offlineUntil: paid ? claims.graceUntil * 1000 : undefined,
  };
}
