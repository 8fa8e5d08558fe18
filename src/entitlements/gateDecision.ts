/**
 * The gate of journey 7 of docs/journeys.md, as a pure decision: allowed, or why not and the one
 * action that fixes it for the state. src/entitlements/gate.ts runs the UI.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type PlanId } from '../../shared/contract/planId';
import { comparePlans, lowestPlanWith, planName } from '../../shared/planTiers';
import { t } from '../l10n/localize';

export type GateAction = 'signIn' | 'upgrade' | 'updatePaymentMethod' | 'payBalance' | 'waitForCheck';

export type GateDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly message: string;
      readonly detail: string;
      /** Offered actions, the primary one first; empty when nothing the user can do helps. */
      readonly actions: readonly GateAction[];
      /** With the 'upgrade' action: the lowest tier that grants the feature (the panel's Change plan view highlights it). */
      readonly upgradeTo?: PlanId;
    };

/** The button title of an action (called at prompt time, after the translator is set); 'upgrade' names its tier when known. */
export function gateActionTitle(action: GateAction, upgradeTo?: PlanId): string {
  switch (action) {
    case 'signIn':
      return t('Sign In');
    case 'upgrade':
      return upgradeTo ? t('Upgrade to {0}', planName(upgradeTo)) : t('Upgrade');
    case 'updatePaymentMethod':
      return t('Update Payment Method');
    case 'payBalance':
      return t('Pay Outstanding Balance');
    case 'waitForCheck':
      return t('Wait');
  }
}

/** The feature as the subject of a sentence, capitalised ("The agent"). */
export function featureTitle(feature: string): string {
  switch (feature) {
    case 'ai.completions.basic':
      return t('Basic completions');
    case 'ai.completions.unlimited':
      return t('Unlimited completions');
    case 'ai.agent':
      return t('The agent');
    case 'ai.premiumModels':
      return t('Premium models');
    case 'ai.agent.parallel':
      return t('Parallel agents');
    case 'ai.agent.background':
      return t('Background agents');
    default:
      return `"${feature}"`;
  }
}

/** The feature inside a sentence ("the agent"): its own message, since not every language lowercases it. */
function featureInSentence(feature: string): string {
  switch (feature) {
    case 'ai.completions.basic':
      return t('basic completions');
    case 'ai.completions.unlimited':
      return t('unlimited completions');
    case 'ai.agent':
      return t('the agent');
    case 'ai.premiumModels':
      return t('premium models');
    case 'ai.agent.parallel':
      return t('parallel agents');
    case 'ai.agent.background':
      return t('background agents');
    default:
      return `"${feature}"`.toLowerCase();
  }
}

export function gateDecision(s: AccountSnapshot, feature: string): GateDecision {
  if (s.features.includes(feature)) return { allowed: true };
  const what = featureTitle(feature);
  // The cheapest tier with the feature; a key no tier grants is sold as Pro, as before there were tiers.
  const tier = lowestPlanWith(feature) ?? 'pro';
  const tierName = planName(tier);
  switch (s.kind) {
    case 'signedOut':
      return { allowed: false, message: t('{0} needs a Plan & Billing account.', what), detail: t('Sign in to use it.'), actions: ['signIn'] };
    case 'checking':
      // Unresolved: never offer an upgrade to someone who may already have paid.
      return {
        allowed: false,
        message: t('Still verifying your plan before enabling {0}.', featureInSentence(feature)),
        detail: s.stale ? t("The billing service can't be reached right now.") : t('This takes a moment.'),
        actions: ['waitForCheck'],
      };
    case 'free':
      return { allowed: false, message: t('{0} is part of {1}.', what, tierName), detail: t('Upgrade your plan to use it.'), actions: ['upgrade'], upgradeTo: tier };
    case 'ended':
      return {
        allowed: false,
        message: t('{0} is part of {1}, and your paid plan has ended.', what, tierName),
        detail: t('Upgrade again to use it.'),
        actions: ['upgrade'],
        upgradeTo: tier,
      };
    case 'pastDue': {
      const actions: GateAction[] = ['updatePaymentMethod'];
      if ((s.account?.outstandingBalance.amount ?? 0) > 0) actions.push('payBalance');
      return {
        allowed: false,
        message: t('{0} is paused: your last payment failed.', what),
        detail: t('Update your payment method or pay the outstanding balance to restore paid features.'),
        actions,
      };
    }
    case 'trialing':
    case 'active':
    case 'activeCanceling':
      // A higher tier grants it: offer that tier (a canceling subscription learns in the panel to resume first).
      if (s.plan !== undefined && lowestPlanWith(feature) !== undefined && comparePlans(tier, s.plan) > 0) {
        return { allowed: false, message: t('{0} is part of {1}.', what, tierName), detail: t('Upgrade your plan to use it.'), actions: ['upgrade'], upgradeTo: tier };
      }
      return { allowed: false, message: t('{0} is not included in your plan.', what), detail: '', actions: [] };
    case 'offlineGrace':
      return { allowed: false, message: t('{0} is not included in your plan.', what), detail: '', actions: [] };
  }
}
