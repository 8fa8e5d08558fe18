/** What the last plan action did (or why the service refused it), above the overview's sections; dismissable. */
import { type Translate } from '../../shared/l10n';
import { type PlanOutcome, type PlansView, type PortalView } from '../../shared/panelProtocol';
import { pendingHeadline } from '../../shared/planChangeWording';
import { planName } from '../../shared/planTiers';
import { type PanelEnv, usePanelEnv } from '../app/panelContext';
import { Notice } from '../ui/parts';
import { RefusalNotice } from '../views/changePlan';

/** The outcome in one sentence (also what the live region announces). */
export function outcomeSentence(t: Translate, env: Pick<PanelEnv, 'date'>, outcome: PlanOutcome): string {
  switch (outcome.kind) {
    case 'applied':
      return t('Your plan was changed. You are on {0} now.', planName(outcome.planId));
    case 'scheduled':
      return t('Your plan switches to {0} on {1}. Until then nothing changes.', planName(outcome.planId), env.date(outcome.effectiveAt));
    case 'requiresPayment':
      return pendingHeadline(t, outcome.pending);
    case 'canceled':
      return t('Your subscription is canceled. Your plan stays until {0}.', env.date(outcome.endsAt));
    case 'resumed':
      return t('Your subscription renews again.');
    case 'kept':
      return t('You keep {0}. The scheduled change was undone.', planName(outcome.planId));
  }
}

export function PlanOutcomeNotice({ plans, portal }: { plans: PlansView; portal: PortalView }) {
  const env = usePanelEnv();
  const { t } = env;
  const dismiss = (
    <vscode-button secondary onClick={() => env.post({ type: 'dismissPlanChange' })}>
      {t('Dismiss')}
    </vscode-button>
  );
  const refusal = plans.refusal;
  if (refusal && (refusal.action === 'resume' || refusal.action === 'keep')) {
    return <RefusalNotice code={refusal.code} message={refusal.message} handlers={{}} />;
  }
  const outcome = plans.outcome;
  // A pending payment has its own notice in the subscription section; once paid in the portal, the portal notice says so.
  if (!outcome || outcome.kind === 'requiresPayment') return null;
  if (outcome.kind === 'applied' && portal.flow === 'plan_change_payment' && (portal.waiting || portal.confirmation)) return null;
  return (
    <div data-testid="plan-outcome">
      <Notice tone="success" icon="pass" title={outcomeSentence(t, env, outcome)} actions={dismiss} class="plan-outcome" />
    </div>
  );
}
