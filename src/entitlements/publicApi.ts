/**
 * The API this extension returns from activate() for other extensions:
 *
 *     const ext = vscode.extensions.getExtension<PlanBillingApi>('planbilling.plan-billing');
 *     const api = await ext?.activate();
 *     if (api?.has('ai.agent')) { … }
 *
 * Versioned: fields are only ever added to version 1; a breaking change gets a
 * new version number. Entitlements are tamper-evident, not tamper-proof: a
 * paid feature that runs on a server must check entitlement there too.
 */
import { type AccountStateKind } from '../../shared/accountState';
import { type PlanId } from '../../shared/contract/account';
import { type EntitlementSource } from '../account/accountInterfaces';
import { type AccountSnapshot } from '../account/accountSnapshot';
import { DisposableStore } from '../util/disposables';
import { type Disposable, type Event } from '../util/events';

/** What the signed entitlement grants right now. */
export interface EntitlementsView {
  /** The account state (see AccountStateKind); "checking" while unresolved. */
  readonly state: AccountStateKind;
  /**
   * The verified tier: "free", "pro", "pro_plus" or "power" (ascending; a
   * newer service may add tiers, so compare feature keys rather than plan ids
   * to decide what to enable), or undefined while signed out or unresolved.
   */
  readonly plan: PlanId | undefined;
  /**
   * Feature keys granted now, e.g. "ai.agent"; "ai.agent.parallel" (Pro+ and
   * Power) and "ai.agent.background" (Power only).
   */
  readonly features: readonly string[];
  /** When the service last confirmed this (ISO 8601), if ever. */
  readonly verifiedAt: string | undefined;
  /** Until when paid access keeps working without reaching the service (ISO 8601), if paid. */
  readonly offlineUntil: string | undefined;
  /** The last refresh failed; this is the last verified state. */
  readonly stale: boolean;
}

export interface PlanBillingApi {
  readonly version: 1;
  /** The current entitlements (in memory, no I/O). */
  getEntitlements(): EntitlementsView;
  /** True when `feature` is granted now (in-memory lookup, no I/O). */
  has(feature: string): boolean;
  /** Fires whenever getEntitlements() would return something different. */
  readonly onDidChange: Event<EntitlementsView>;
  /**
   * Resolves true at once when `feature` is granted. Otherwise explains why to
   * the user and offers the one action that fixes it (sign in, upgrade to the
   * lowest tier with the feature in the Manage Plan panel, fix payment); after
   * that action it waits for the refreshed account and re-checks. Dismissing resolves false and changes nothing.
   */
  requireEntitlement(feature: string): Promise<boolean>;
}

export function toEntitlementsView(s: AccountSnapshot): EntitlementsView {
  return {
    state: s.kind,
    plan: s.plan,
    features: [...s.features],
    verifiedAt: s.lastVerifiedAt !== undefined ? new Date(s.lastVerifiedAt).toISOString() : undefined,
    offlineUntil: s.offlineUntil !== undefined ? new Date(s.offlineUntil).toISOString() : undefined,
    stale: s.stale,
  };
}

export function sameEntitlements(a: EntitlementsView, b: EntitlementsView): boolean {
  return (
    a.state === b.state &&
    a.plan === b.plan &&
    a.features.join(',') === b.features.join(',') &&
    a.verifiedAt === b.verifiedAt &&
    a.offlineUntil === b.offlineUntil &&
    a.stale === b.stale
  );
}

export interface PublicApiDeps {
  readonly account: EntitlementSource;
  /** The gate (journey 7 of docs/journeys.md). */
  readonly requireEntitlement: (feature: string) => Promise<boolean>;
  /** Makes the API's event emitter (VS Code's, from the composition root, so this module stays free of VS Code). */
  readonly emitterFactory: <T>() => { event: Event<T>; fire(value: T): void; dispose(): void };
}

/** Builds the API object over the account; returns it with a disposable for its subscription. */
export function createPublicApi(deps: PublicApiDeps): { api: PlanBillingApi; disposable: Disposable } {
  const { account, requireEntitlement } = deps;
  const disposables = new DisposableStore();
  const emitter = disposables.add(deps.emitterFactory<EntitlementsView>());
  let last = toEntitlementsView(account.snapshot);
  disposables.add(
    account.onDidChange(({ current }) => {
      const next = toEntitlementsView(current);
      if (sameEntitlements(last, next)) return;
      last = next;
      emitter.fire(next);
    }),
  );
  const api: PlanBillingApi = Object.freeze({
    version: 1 as const,
    getEntitlements: () => last,
    has: (feature: string) => account.has(feature),
    onDidChange: emitter.event,
    requireEntitlement: (feature: string) => requireEntitlement(feature),
  });
  return { api, disposable: disposables };
}
