/**
 * The gate of journey 7 of docs/journeys.md, as a pure decision: allowed, or why not and the one
 * action that fixes it for the state. src/entitlements/gate.ts runs the UI.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
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
    };

/** The button title of an action (called at prompt time, after the translator is set). */
export function gateActionTitle(action: GateAction): string {
  switch (action) {
    case 'signIn':
      return t('Sign In');
    case 'upgrade':
      return t('Upgrade');
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
    default:
      return `"${feature}"`.toLowerCase();
  }
}

export function gateDecision(s: AccountSnapshot, feature: string): GateDecision {
  if (s.features.includes(feature)) return { allowed: true };
  const what = featureTitle(feature);
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
      return { allowed: false, message: t('{0} is part of Pro.', what), detail: t('Upgrade your plan to use it.'), actions: ['upgrade'] };
    case 'ended':
      return { allowed: false, message: t('{0} is part of Pro, and your paid plan has ended.', what), detail: t('Upgrade again to use it.'), actions: ['upgrade'] };
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
    case 'offlineGrace':
      return { allowed: false, message: t('{0} is not included in your plan.', what), detail: '', actions: [] };
  }
}
