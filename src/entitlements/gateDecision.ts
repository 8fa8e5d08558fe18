/**
 * The gate of journey 7, as a pure decision: allowed, or why not and the one
 * action that fixes it for the state. src/entitlements/gate.ts runs the UI.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';

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

export const GATE_ACTION_TITLES: Record<GateAction, string> = {
  signIn: 'Sign In',
  upgrade: 'Upgrade',
  updatePaymentMethod: 'Update Payment Method',
  payBalance: 'Pay Outstanding Balance',
  waitForCheck: 'Wait',
};

export function featureTitle(feature: string): string {
  const known: Record<string, string> = {
    'ai.completions.basic': 'Basic completions',
    'ai.completions.unlimited': 'Unlimited completions',
    'ai.agent': 'The agent',
    'ai.premiumModels': 'Premium models',
  };
  return known[feature] ?? `"${feature}"`;
}

export function gateDecision(s: AccountSnapshot, feature: string): GateDecision {
  if (s.features.includes(feature)) return { allowed: true };
  const what = featureTitle(feature);
  switch (s.kind) {
    case 'signedOut':
      return { allowed: false, message: `${what} needs a Plan & Billing account.`, detail: 'Sign in to use it.', actions: ['signIn'] };
    case 'checking':
      // Unresolved: never offer an upgrade to someone who may already have paid.
      return {
        allowed: false,
        message: `Still verifying your plan before enabling ${what.toLowerCase()}.`,
        detail: s.stale ? "The billing service can't be reached right now." : 'This takes a moment.',
        actions: ['waitForCheck'],
      };
    case 'free':
      return { allowed: false, message: `${what} is part of Pro.`, detail: 'Upgrade your plan to use it.', actions: ['upgrade'] };
    case 'ended':
      return { allowed: false, message: `${what} is part of Pro, and your paid plan has ended.`, detail: 'Upgrade again to use it.', actions: ['upgrade'] };
    case 'pastDue': {
      const actions: GateAction[] = ['updatePaymentMethod'];
      if ((s.account?.outstandingBalance.amount ?? 0) > 0) actions.push('payBalance');
      return {
        allowed: false,
        message: `${what} is paused: your last payment failed.`,
        detail: 'Update your payment method or pay the outstanding balance to restore paid features.',
        actions,
      };
    }
    case 'trialing':
    case 'active':
    case 'activeCanceling':
    case 'offlineGrace':
      return { allowed: false, message: `${what} is not included in your plan.`, detail: '', actions: [] };
  }
}
