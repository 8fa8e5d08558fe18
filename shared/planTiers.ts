/**
 * The tiers and which feature keys each one grants: the one table the
 * sandbox's catalogue and entitlement tokens, and the extension's status bar,
 * context keys and gate all read (docs/lifecycle.md, "Plans"). Prices,
 * credits and the sentences about each feature live in the service's
 * catalogue (GET /v1/plans); names and feature sets are needed offline, so
 * they live here.
 */
import { FeatureKeys, type FeatureKey } from './contract/featureKeys';
import { type PlanId } from './contract/planId';

/** Ascending order of price. */
export const PLAN_ORDER: readonly PlanId[] = ['free', 'pro', 'pro_plus', 'power'];

/** Product names of the tiers (not translated: they are names). */
export const PLAN_NAMES: Readonly<Record<PlanId, string>> = {
  free: 'Free',
  pro: 'Pro',
  pro_plus: 'Pro+',
  power: 'Power',
};

const FREE: readonly FeatureKey[] = [FeatureKeys.basicCompletions];
const PRO: readonly FeatureKey[] = [...FREE, FeatureKeys.unlimitedCompletions, FeatureKeys.agent, FeatureKeys.premiumModels];
const PRO_PLUS: readonly FeatureKey[] = [...PRO, FeatureKeys.parallelAgents];
const POWER: readonly FeatureKey[] = [...PRO_PLUS, FeatureKeys.backgroundAgents];

/** Every feature key a tier grants while its subscription grants access (each tier includes the ones below it). */
export const PLAN_FEATURES: Readonly<Record<PlanId, readonly FeatureKey[]>> = {
  free: FREE,
  pro: PRO,
  pro_plus: PRO_PLUS,
  power: POWER,
};

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (PLAN_ORDER as readonly string[]).includes(value);
}

/** The plan's name; an unknown id (a newer service) is shown as it is. */
export function planName(id: string): string {
  return isPlanId(id) ? PLAN_NAMES[id] : id;
}

/** The cheapest tier that grants the feature, or undefined for a key no tier grants. */
export function lowestPlanWith(feature: string): PlanId | undefined {
  return PLAN_ORDER.find((id) => (PLAN_FEATURES[id] as readonly string[]).includes(feature));
}

/** Negative when a is below b in the catalogue, 0 when equal, positive when above. */
export function comparePlans(a: PlanId, b: PlanId): number {
  return PLAN_ORDER.indexOf(a) - PLAN_ORDER.indexOf(b);
}
