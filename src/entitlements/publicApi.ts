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
import { type PlanId } from '../../shared/contract/planId';
import { type EntitlementSource } from '../account/accountInterfaces';
import { type AccountSnapshot } from '../account/accountSnapshot';
import { creditsFromInput } from '../../shared/credits';
import { type QuotaState, type Usage, type UsageEventResult } from '../../shared/contract/usage';
import { UsageRefusals } from '../../shared/contract/usageRefusals';
import { errorMessage, toApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { type UsageReport, type UsageState, type UsageView } from '../usage/usageStore';
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
  /**
   * The last verified usage of the current period (credits as decimal strings
   * with two decimals: plan pool, bonus grants, overage, daily, history), or
   * undefined while signed out or before the first check (in memory, no I/O).
   */
  getUsage(): Usage | undefined;
  /** Fires whenever getUsage() would return something different. */
  readonly onDidChangeUsage: Event<Usage | undefined>;
  /**
   * Reports one credit-consuming action. `credits`: greater than 0 with at most
   * two decimals, as a decimal string ("25.00") or a number (25, 1.25).
   * `eventId`: your id for the action (1–64 of A–Z a–z 0–9 . _ : -); a retry
   * must reuse it, and the service then counts the action once (the result says
   * `duplicate: true`). Resolves with the service's UsageEventResult, or with
   * a refusal: `credits_exhausted` / `spend_cap_reached` (the user is also
   * told why, with Enable overage / Upgrade and the reset date), `invalid`
   * (the arguments), `signed_out`, or `failed` (the service could not be asked;
   * try again later with the same eventId). Never rejects.
   */
  reportUsage(event: ReportUsageInput): Promise<ReportUsageOutcome>;
}

/** What reportUsage takes. */
export interface ReportUsageInput {
  /** A feature key, e.g. "ai.agent". */
  readonly feature: string;
  /** Greater than 0, at most two decimals: "25.00", "1.25" or 1.25. */
  readonly credits: string | number;
  /** Your id for this action; reuse it on a retry so it counts once. */
  readonly eventId: string;
}

/** Why reportUsage refused: the service's usage refusal code, or one of the client's own. */
export type ReportUsageRefusal = QuotaState | 'event_id_reused' | 'period_closed' | 'unknown_feature' | 'invalid' | 'signed_out' | 'failed';

export type ReportUsageOutcome =
  | { readonly ok: true; readonly result: UsageEventResult }
  | { readonly ok: false; readonly reason: ReportUsageRefusal; readonly message: string };

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
  /** The period's credits and the way to report usage; omitted: getUsage() is undefined and reportUsage refuses 'failed'. */
  readonly usage?: UsageView & { report(event: UsageReport): Promise<UsageEventResult>; readonly current: UsageState };
  /** Explains a quota refusal to the user (the gate's words and actions; not awaited). */
  readonly explainQuota?: (reason: QuotaState) => void;
}

const EVENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The refusal codes the service may answer with, as reportUsage passes them on. */
const SERVICE_REFUSALS: ReadonlySet<string> = new Set([
  UsageRefusals.creditsExhausted,
  UsageRefusals.spendCapReached,
  UsageRefusals.eventIdReused,
  UsageRefusals.periodClosed,
  UsageRefusals.unknownFeature,
]);

/** reportUsage's work: validate, send, classify the answer. Never rejects. */
export async function reportUsageThrough(deps: PublicApiDeps, signedIn: boolean, input: ReportUsageInput): Promise<ReportUsageOutcome> {
  const usage = deps.usage;
  // Callers are other extensions: whatever the static type, anything can arrive.
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Partial<Record<keyof ReportUsageInput, unknown>>;
  if (typeof raw.feature !== 'string' || raw.feature === '' || raw.feature.length > 64) return { ok: false, reason: 'invalid', message: t('feature must be a feature key such as "ai.agent".') };
  if (typeof raw.eventId !== 'string' || !EVENT_ID.test(raw.eventId)) return { ok: false, reason: 'invalid', message: t('eventId must be 1–64 letters, digits or . _ : -') };
  if (typeof raw.credits !== 'string' && typeof raw.credits !== 'number') return { ok: false, reason: 'invalid', message: t('Credits must be a number, e.g. 1.25.') };
  const credits = creditsFromInput(raw.credits);
  if (!credits.ok) return { ok: false, reason: 'invalid', message: credits.message };
  if (!signedIn) return { ok: false, reason: 'signed_out', message: t('Sign in to Plan & Billing to use credits.') };
  if (!usage) return { ok: false, reason: 'failed', message: t('Usage cannot be reported right now.') };
  try {
    const result = await usage.report({ eventId: raw.eventId, feature: raw.feature, credits: raw.credits });
    return { ok: true, result };
  } catch (raised) {
    const error = toApiError(raised);
    const code = error.details.problemCode;
    if (code !== undefined && SERVICE_REFUSALS.has(code)) {
      if (code === UsageRefusals.creditsExhausted || code === UsageRefusals.spendCapReached) deps.explainQuota?.(code);
      return { ok: false, reason: code as ReportUsageRefusal, message: errorMessage(error) };
    }
    if (error.kind === 'unauthorized') return { ok: false, reason: 'signed_out', message: errorMessage(error) };
    if (error.kind === 'validation') return { ok: false, reason: 'invalid', message: errorMessage(error) };
    return { ok: false, reason: 'failed', message: errorMessage(error) };
  }
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
  const usageEmitter = disposables.add(deps.emitterFactory<Usage | undefined>());
  let lastUsage = deps.usage?.usage;
  if (deps.usage) {
    disposables.add(
      deps.usage.onDidChange(({ usage }) => {
        if (usage === lastUsage || JSON.stringify(usage) === JSON.stringify(lastUsage)) return;
        lastUsage = usage;
        usageEmitter.fire(usage);
      }),
    );
  }
  const api: PlanBillingApi = Object.freeze({
    version: 1 as const,
    getEntitlements: () => last,
    has: (feature: string) => account.has(feature),
    onDidChange: emitter.event,
    requireEntitlement: (feature: string) => requireEntitlement(feature),
    getUsage: () => deps.usage?.usage,
    onDidChangeUsage: usageEmitter.event,
    reportUsage: (event: ReportUsageInput) => reportUsageThrough(deps, account.snapshot.signedIn, event),
  });
  return { api, disposable: disposables };
}
