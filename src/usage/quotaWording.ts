/**
 * Which features consume credits, and the words for a quota refusal (the gate,
 * the exported API, notifications). Pure.
 */
import { formatCredits } from '../../shared/credits';
import { type PlanId } from '../../shared/contract/planId';
import { type QuotaState, type Usage } from '../../shared/contract/usage';
import { PLAN_ORDER, planName } from '../../shared/planTiers';
import { t } from '../l10n/localize';
import { type FormatOptions, formatDate, formatMoney } from '../util/format';
import { hundredths } from './usageFacts';

/** Every paid ai.* feature draws on credits; basic completions (Free's) do not. */
export function consumesCredits(feature: string): boolean {
  return feature.startsWith('ai.') && feature !== 'ai.completions.basic';
}

/** What the user can do about a quota refusal: turn overage on (or raise the cap), or move to a higher tier. */
export type QuotaAction = 'enableOverage' | 'raiseSpendCap' | 'upgrade';

export interface QuotaRefusalWords {
  readonly message: string;
  readonly detail: string;
  readonly actions: readonly QuotaAction[];
  /** With 'upgrade': the tier above the current one, if any. */
  readonly upgradeTo: PlanId | undefined;
}

function nextTier(plan: PlanId): PlanId | undefined {
  const index = PLAN_ORDER.indexOf(plan);
  return index >= 0 && index < PLAN_ORDER.length - 1 ? PLAN_ORDER[index + 1] : undefined;
}

export function actionTitle(action: QuotaAction, upgradeTo?: PlanId): string {
  switch (action) {
    case 'enableOverage':
      return t('Enable overage');
    case 'raiseSpendCap':
      return t('Raise spend cap');
    case 'upgrade':
      return upgradeTo ? t('Upgrade to {0}', planName(upgradeTo)) : t('Upgrade');
  }
}

/**
 * "You have used all 1,000 credits of Pro this period." with the reset date,
 * and the actions: Enable overage (a paid plan with overage off) or Raise
 * spend cap (the cap is reached), and Upgrade (when a higher tier exists).
 */
export function quotaRefusalWords(usage: Usage, reason: QuotaState, fmt: FormatOptions = {}): QuotaRefusalWords {
  const locale = fmt.locale ?? 'en-US';
  const plan = planName(usage.planId);
  const reset = t('Your credits reset on {0}.', formatDate(usage.periodEnd, fmt));
  const upgradeTo = nextTier(usage.planId);
  const upgrade: QuotaAction[] = upgradeTo ? ['upgrade'] : [];
  if (reason === 'spend_cap_reached' && usage.overage) {
    return {
      message: t('You have reached your overage spend cap of {0} this period.', formatMoney(usage.overage.spendCap, fmt)),
      detail: reset,
      actions: ['raiseSpendCap', ...upgrade],
      upgradeTo,
    };
  }
  let included = hundredths(usage.plan.included);
  for (const grant of usage.bonus) included += hundredths(grant.granted);
  const message = t('You have used all {0} credits of {1} this period.', formatCredits(included, locale), plan);
  const overageOffered = usage.overage !== null && !usage.overage.enabled;
  return { message, detail: reset, actions: [...(overageOffered ? (['enableOverage'] as const) : []), ...upgrade], upgradeTo };
}
