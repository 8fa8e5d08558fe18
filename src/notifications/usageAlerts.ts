/**
 * Usage alerts: 80 % of the period's credits used, credits used up, overage
 * started, spend cap reached. Pure: each is planned at most once per period
 * (remembered by the period's start, in globalState, so one window set shows
 * it once), and planBilling.notifications.muteUsageAlerts mutes them (they
 * are still remembered, so unmuting does not replay old alerts).
 */
import { type PlanId } from '../../shared/contract/planId';
import { type Usage } from '../../shared/contract/usage';
import { formatCredits } from '../../shared/credits';
import { planName } from '../../shared/planTiers';
import { t } from '../l10n/localize';
import { quotaRefusalWords, type QuotaAction } from '../usage/quotaWording';
import { usageFacts } from '../usage/usageFacts';
import { type FormatOptions, formatDate, formatMoney } from '../util/format';

export type UsageAlertId = 'usage80' | 'creditsExhausted' | 'overageStarted' | 'capReached';

/** What was shown in the period that starts at `periodStart`. */
export interface UsageAlertMemory {
  readonly periodStart: string;
  readonly shown: readonly UsageAlertId[];
}

export interface PlannedUsageAlert {
  readonly id: UsageAlertId;
  readonly severity: 'warning' | 'info';
  readonly message: string;
  readonly actions: readonly QuotaAction[];
  /** With 'upgrade': the tier it opens the Change plan view at. */
  readonly upgradeTo: PlanId | undefined;
}

export function planUsageAlerts(
  usage: Usage,
  memory: UsageAlertMemory | undefined,
  options: { muted: boolean; format?: FormatOptions },
): { alerts: PlannedUsageAlert[]; memory: UsageAlertMemory } {
  const fmt = options.format ?? {};
  const locale = fmt.locale ?? 'en-US';
  const shown = new Set<UsageAlertId>(memory?.periodStart === usage.periodStart ? memory.shown : []);
  const before = shown.size;
  const facts = usageFacts(usage);
  const plan = planName(usage.planId);
  const reset = t('Your credits reset on {0}.', formatDate(usage.periodEnd, fmt));
  const due: PlannedUsageAlert[] = [];
  const overage = usage.overage;
  const overageOn = overage !== null && overage.enabled;

  const exhausted = usage.quotaExceeded === 'credits_exhausted' || (facts.remaining <= 0 && !overageOn);
  if (exhausted && !shown.has('creditsExhausted')) {
    const words = quotaRefusalWords(usage, 'credits_exhausted', fmt);
    due.push({ id: 'creditsExhausted', severity: 'warning', message: `${words.message} ${words.detail}`, actions: words.actions, upgradeTo: words.upgradeTo });
  }
  if (overage && overageOn && facts.inOverage && !shown.has('overageStarted')) {
    due.push({
      id: 'overageStarted',
      severity: 'info',
      message: t(
        'Your {0} credits are used up: credits now cost {1} each, up to {2} this period (so far {3}).',
        plan,
        formatMoney(overage.pricePerCredit, fmt),
        formatMoney(overage.spendCap, fmt),
        formatMoney(overage.accrued, fmt),
      ),
      actions: [],
      upgradeTo: undefined,
    });
  }
  if (overage && (overage.capReached || usage.quotaExceeded === 'spend_cap_reached') && !shown.has('capReached')) {
    const words = quotaRefusalWords(usage, 'spend_cap_reached', fmt);
    due.push({ id: 'capReached', severity: 'warning', message: `${words.message} ${words.detail}`, actions: words.actions, upgradeTo: words.upgradeTo });
  }
  // 80 % is news only while credits are left: past that the alerts above say more.
  if (facts.percentUsed >= 80 && facts.remaining > 0 && !shown.has('usage80') && !shown.has('creditsExhausted')) {
    due.push({
      id: 'usage80',
      severity: 'info',
      message: t('You have used {0} % of your {1} credits: {2} left. {3}', facts.percentUsed, plan, formatCredits(facts.remaining, locale), reset),
      actions: [],
      upgradeTo: undefined,
    });
  }
  for (const alert of due) shown.add(alert.id);
  // Past 80 % the 80 % alert is no longer news, whichever came first.
  if (facts.percentUsed >= 80) shown.add('usage80');
  const next: UsageAlertMemory =
    memory?.periodStart === usage.periodStart && shown.size === before ? memory : { periodStart: usage.periodStart, shown: [...shown].sort() };
  return { alerts: options.muted ? [] : due, memory: next };
}
