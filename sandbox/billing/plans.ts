/**
 * The plan catalogue (GET /v1/plans, docs/lifecycle.md#plans): prices,
 * included credits, taglines and the sentence for each feature. Names and
 * feature sets come from shared/planTiers.ts, which the extension reads too.
 */
import type { BillingInterval, PlanAtPrice } from '../../shared/contract/account';
import type { FeatureKey } from '../../shared/contract/featureKeys';
import type { PlanId } from '../../shared/contract/planId';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import type { Plan, PlanCatalogue } from '../../shared/contract/plans';
import { creditsText } from '../../shared/credits';
import { PLAN_FEATURES, PLAN_NAMES, PLAN_ORDER } from '../../shared/planTiers';
import { usd } from './money';

export interface CataloguePlan {
  readonly id: PlanId;
  readonly name: string;
  readonly tagline: string;
  /** Cents per interval, before tax. */
  readonly prices: Readonly<Record<BillingInterval, number>>;
  /** Credits in hundredths per period (shared/credits.ts). */
  readonly includedCredits: Readonly<Record<BillingInterval, number>>;
}

const CREDIT = 100;

export const PLANS: Readonly<Record<PlanId, CataloguePlan>> = {
  free: { id: 'free', name: PLAN_NAMES.free, tagline: 'Try AI completions at no cost', prices: { month: 0, year: 0 }, includedCredits: { month: 50 * CREDIT, year: 600 * CREDIT } },
  pro: { id: 'pro', name: PLAN_NAMES.pro, tagline: 'For daily AI pair programming', prices: { month: 2000, year: 20000 }, includedCredits: { month: 1000 * CREDIT, year: 12000 * CREDIT } },
  pro_plus: {
    id: 'pro_plus',
    name: PLAN_NAMES.pro_plus,
    tagline: 'For heavy agent use across projects',
    prices: { month: 4000, year: 40000 },
    includedCredits: { month: 2000 * CREDIT, year: 24000 * CREDIT },
  },
  power: {
    id: 'power',
    name: PLAN_NAMES.power,
    tagline: 'For agents that work while you do',
    prices: { month: 20000, year: 200000 },
    includedCredits: { month: 10000 * CREDIT, year: 120000 * CREDIT },
  },
};

export const FEATURE_DESCRIPTIONS: Readonly<Record<FeatureKey, string>> = {
  [FeatureKeys.basicCompletions]: 'Basic completions: inline suggestions as you type.',
  [FeatureKeys.unlimitedCompletions]: 'Unlimited completions: no monthly cap on inline suggestions.',
  [FeatureKeys.agent]: 'Agent mode: multi-step edits across files.',
  [FeatureKeys.premiumModels]: 'Premium models: the most capable models for chat and agents.',
  [FeatureKeys.parallelAgents]: 'Parallel agents: several agents at work at once.',
  [FeatureKeys.backgroundAgents]: 'Background agents: agents that keep working while the editor is closed.',
};

export function priceOf(planId: PlanId, interval: BillingInterval): number {
  return PLANS[planId].prices[interval];
}

export function planAtPrice(planId: PlanId, interval: BillingInterval, priceCents = priceOf(planId, interval)): PlanAtPrice {
  return { planId, planName: PLANS[planId].name, interval, price: usd(priceCents) };
}

/** The plan line of an invoice, e.g. "Pro+ plan (annual)". */
export function planLineDescription(planId: PlanId, interval: BillingInterval): string {
  return `${PLANS[planId].name} plan (${interval === 'year' ? 'annual' : 'monthly'})`;
}

/** Months in one billing period of the interval. */
export function monthsOf(interval: BillingInterval): number {
  return interval === 'year' ? 12 : 1;
}

export function toPlan(plan: CataloguePlan, current: boolean): Plan {
  return {
    id: plan.id,
    name: plan.name,
    tagline: plan.tagline,
    prices: { month: usd(plan.prices.month), year: usd(plan.prices.year) },
    includedCredits: { month: creditsText(plan.includedCredits.month), year: creditsText(plan.includedCredits.year) },
    features: PLAN_FEATURES[plan.id].map((key) => ({ key, description: FEATURE_DESCRIPTIONS[key] })),
    current,
  };
}

export function planCatalogue(current: { planId: PlanId; interval: BillingInterval | null }): PlanCatalogue {
  return { plans: PLAN_ORDER.map((id) => toPlan(PLANS[id], id === current.planId)), current };
}
