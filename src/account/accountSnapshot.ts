/**
 * What the account store publishes: one immutable snapshot that the status
 * bar, context keys, gate, notifications, exported API and panel all read.
 */
import { type AccountSummary, type User } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type EntitlementClaims } from '../../shared/contract/entitlements';
import { type PanelError } from '../../shared/panelProtocol';
import { type AccountStateKind } from '../../shared/accountState';
import { deriveAccountState } from './deriveState';

export interface AccountSnapshot {
  readonly kind: AccountStateKind;
  readonly signedIn: boolean;
  /** The signed-in user's id and email (from the session), when signed in. */
  readonly user: { readonly id: string; readonly email: string; readonly name: string } | undefined;
  /** Last known account summary (cached or fresh); null before the first one. */
  readonly account: AccountSummary | null;
  /** Verified entitlement claims; null when none is usable. */
  readonly claims: EntitlementClaims | null;
  readonly plan: PlanId | undefined;
  /** Feature keys granted now (empty unless verified). */
  readonly features: readonly string[];
  /** Last successful check with the service (ms since the epoch). */
  readonly lastVerifiedAt: number | undefined;
  /** Offline limit of paid access (ms), when paid access comes from the token. */
  readonly offlineUntil: number | undefined;
  /** The last refresh failed; what is shown is the last verified state. */
  readonly stale: boolean;
  /** A refresh is in flight. */
  readonly refreshing: boolean;
  /** The last refresh's error, if it failed. */
  readonly error: PanelError | null;
  /** The local clock went backwards: entitlements must be re-verified online. */
  readonly clockRolledBack: boolean;
  /** The bounded poll after opening the portal is running. */
  readonly portalPolling: boolean;
}

/** Why a snapshot changed. */
export type SnapshotOrigin = 'restore' | 'refresh' | 'sync' | 'signIn' | 'signOut' | 'time';

export interface SnapshotChange {
  readonly previous: AccountSnapshot;
  readonly current: AccountSnapshot;
  readonly origin: SnapshotOrigin;
  /** A verified answer from the service changed the account or the entitlement. */
  readonly accountChanged: boolean;
}

export const SIGNED_OUT_SNAPSHOT: AccountSnapshot = {
  kind: 'signedOut',
  signedIn: false,
  user: undefined,
  account: null,
  claims: null,
  plan: undefined,
  features: [],
  lastVerifiedAt: undefined,
  offlineUntil: undefined,
  stale: false,
  refreshing: false,
  error: null,
  clockRolledBack: false,
  portalPolling: false,
};

/** True when two snapshots would render differently (refreshing/time-only noise included). */
export function snapshotsDiffer(a: AccountSnapshot, b: AccountSnapshot): boolean {
  return (
    a.kind !== b.kind ||
    a.signedIn !== b.signedIn ||
    a.user?.id !== b.user?.id ||
    a.account !== b.account ||
    a.claims !== b.claims ||
    a.plan !== b.plan ||
    a.features.join(',') !== b.features.join(',') ||
    a.lastVerifiedAt !== b.lastVerifiedAt ||
    a.offlineUntil !== b.offlineUntil ||
    a.stale !== b.stale ||
    a.refreshing !== b.refreshing ||
    a.error?.kind !== b.error?.kind ||
    a.error?.message !== b.error?.message ||
    a.clockRolledBack !== b.clockRolledBack ||
    a.portalPolling !== b.portalPolling
  );
}

/** What a snapshot is built from: the store's state at one moment. */
export interface SnapshotInput {
  /** Who is signed in; undefined when nobody is. */
  readonly user: User | undefined;
  /** That user's cached account summary, if any. */
  readonly account: AccountSummary | null;
  /** That user's last successful check (ms), if any. */
  readonly lastVerifiedAt: number | undefined;
  /** Verified entitlement claims, if any. */
  readonly claims: EntitlementClaims | null;
  readonly stale: boolean;
  readonly error: PanelError | null;
  readonly refreshing: boolean;
  readonly portalPolling: boolean;
  readonly clockRolledBack: boolean;
  /** Ms since the epoch. */
  readonly now: number;
}

/** The snapshot for `input`, its state derived by deriveAccountState. Pure. */
export function buildSnapshot(input: SnapshotInput): AccountSnapshot {
  const { user } = input;
  if (!user) return SIGNED_OUT_SNAPSHOT;
  const derived = deriveAccountState({
    signedIn: true,
    account: input.account,
    claims: input.claims,
    lastRefreshFailed: input.stale,
    clockRolledBack: input.clockRolledBack,
    now: input.now,
  });
  return {
    kind: derived.kind,
    signedIn: true,
    user: { id: user.id, email: user.email, name: user.name },
    account: input.account,
    claims: derived.kind === 'checking' ? null : input.claims,
    plan: derived.plan,
    features: derived.features,
    lastVerifiedAt: input.lastVerifiedAt,
    offlineUntil: derived.offlineUntil,
    stale: input.stale,
    refreshing: input.refreshing,
    error: input.error,
    clockRolledBack: input.clockRolledBack,
    portalPolling: input.portalPolling,
  };
}
