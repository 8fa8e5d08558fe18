/**
 * Plan changes in words, for the Manage Plan panel (and anything else that
 * shows one): a preview's charge and what follows, each refusal with the
 * action to offer, what a cancellation stops and when, and why a change waits
 * for payment. Pure: amounts come from the service (integer cents formatted
 * by the caller's `money`), dates are formatted by the caller's `date` (the
 * panel's, in the user's locale and time zone), names from shared/planTiers.
 */
import { type BillingInterval, type PendingPlanChange } from './contract/account';
import { type FeatureKey } from './contract/featureKeys';
import { type PlanId } from './contract/planId';
import { type Money } from './contract/common';
import { type Plan, type SubscriptionChangePreview } from './contract/plans';
import { PlanChangeRefusals } from './contract/planChangeRefusals';
import { parseCredits } from './credits';
import { type Translate } from './l10n';
import { comparePlans, PLAN_FEATURES, planName } from './planTiers';

export interface WordingFormat {
  money(money: Money): string;
  /** A calendar date, as the caller shows dates elsewhere. */
  date(iso: string): string;
  /** Credits (hundredths) for display, e.g. "1,000". */
  credits(hundredths: number): string;
}

/** "$40.00 a month" / "$400.00 a year". */
export function pricePerInterval(t: Translate, amount: string, interval: BillingInterval): string {
  return interval === 'year' ? t('{0} a year', amount) : t('{0} a month', amount);
}

/** "1,000 credits a month" / "12,000 credits a year"; undefined for credits the API wrote oddly. */
export function creditsPerInterval(t: Translate, f: Pick<WordingFormat, 'credits'>, credits: string, interval: BillingInterval): string | undefined {
  const hundredths = parseCredits(credits);
  if (hundredths === undefined) return undefined;
  return interval === 'year' ? t('{0} credits a year', f.credits(hundredths)) : t('{0} credits a month', f.credits(hundredths));
}

/** What paying yearly saves against twelve monthly payments (zero or less: nothing to say). */
export function annualSaving(plan: Pick<Plan, 'prices'>): Money {
  return { amount: plan.prices.month.amount * 12 - plan.prices.year.amount, currency: plan.prices.year.currency };
}

/** "Upgrade to Pro+" / "Switch to Pro": the button of a tier other than the current one. */
export function changeButtonLabel(t: Translate, current: PlanId, target: PlanId): string {
  return comparePlans(target, current) > 0 ? t('Upgrade to {0}', planName(target)) : t('Switch to {0}', planName(target));
}

/** The kind of change a preview shows, as the confirmation button words it. */
export type PreviewKind = 'upgrade' | 'downgrade' | 'fromFree' | 'trial';

export function previewKind(preview: Pick<SubscriptionChangePreview, 'from' | 'direction' | 'amountDueNow' | 'lines'>, trialing: boolean): PreviewKind {
  if (preview.direction === 'downgrade') return 'downgrade';
  if (preview.from.planId === 'free') return 'fromFree';
  if (trialing && preview.amountDueNow.amount === 0) return 'trial';
  return 'upgrade';
}

/** "Confirm and pay $13.42" / "Confirm downgrade" / "Confirm". */
export function confirmButtonLabel(t: Translate, f: Pick<WordingFormat, 'money'>, preview: SubscriptionChangePreview, trialing: boolean): string {
  const kind = previewKind(preview, trialing);
  if (kind === 'downgrade') return t('Confirm downgrade');
  if (preview.amountDueNow.amount > 0) return t('Confirm and pay {0}', f.money(preview.amountDueNow));
  return t('Confirm');
}

/**
 * The preview as sentences:
 * upgrade "You pay $13.42 now for the rest of this period. From Jan 1 you pay $40.00 a month.";
 * downgrade "Nothing is charged now. From Jan 1 you pay $20.00 a month for Pro.";
 * from Free "You pay $20.00 now. Pro renews on Jan 1 at $20.00 a month.";
 * tax, when there is any, is said with the amount due now ("including $2.60 tax").
 */
export function previewInWords(t: Translate, f: Pick<WordingFormat, 'money' | 'date'>, preview: SubscriptionChangePreview, trialing = false): string {
  const kind = previewKind(preview, trialing);
  const to = preview.to;
  const name = planName(to.planId);
  const next = pricePerInterval(t, f.money(preview.nextInvoice.amount), to.interval);
  const nextDate = f.date(preview.nextInvoice.date);
  const due = preview.amountDueNow;
  const dueText = preview.tax.amount > 0 ? t('{0} (including {1} tax)', f.money(due), f.money(preview.tax)) : f.money(due);
  if (kind === 'downgrade' || due.amount <= 0) {
    return `${t('Nothing is charged now.')} ${t('From {0} you pay {1} for {2}.', nextDate, next, name)}`;
  }
  if (kind === 'fromFree') return `${t('You pay {0} now.', dueText)} ${t('{0} renews on {1} at {2}.', name, nextDate, next)}`;
  if (preview.from.interval === 'month' && to.interval === 'year') {
    return `${t('You pay {0} now for a year of {1}, less what is left of this month.', dueText, name)} ${t('It renews on {0} at {1}.', nextDate, next)}`;
  }
  return `${t('You pay {0} now for the rest of this period.', dueText)} ${t('From {0} you pay {1}.', nextDate, next)}`;
}

// ---------------------------------------------------------------------------
// Refusals

/** What the panel offers with a refusal. */
export type RefusalAction = 'previewAgain' | 'payNow' | 'resume' | 'cancel' | 'refresh' | 'none';

export interface RefusalWords {
  readonly message: string;
  readonly action: RefusalAction;
}

/** A refusal's problem `code` in words with the action that helps; the service's own sentence for a code we don't know. */
export function refusalInWords(t: Translate, code: string | undefined, detail: string): RefusalWords {
  switch (code) {
    case PlanChangeRefusals.samePlan:
      return { message: t('You are already on this plan.'), action: 'none' };
    case PlanChangeRefusals.useCancel:
      return { message: t('To move to Free, cancel your subscription: your plan stays until the end of the period.'), action: 'cancel' };
    case PlanChangeRefusals.cancellationScheduled:
      return { message: t('Your subscription is set to end. Resume it first, then change your plan.'), action: 'resume' };
    case PlanChangeRefusals.paymentOverdue:
      return { message: t('A payment is overdue. Pay the outstanding balance first, then change your plan.'), action: 'payNow' };
    case PlanChangeRefusals.previewStale:
      return { message: t('Your subscription changed since this preview. Nothing was charged. Preview the change again.'), action: 'previewAgain' };
    case PlanChangeRefusals.previewExpired:
      return { message: t('This preview has expired. Nothing was charged. Preview the change again.'), action: 'previewAgain' };
    case PlanChangeRefusals.previewNotFound:
      return { message: t('This preview is no longer available. Nothing was charged. Preview the change again.'), action: 'previewAgain' };
    case PlanChangeRefusals.previewMismatch:
      return { message: t('This preview was for another plan. Nothing was charged. Preview the change again.'), action: 'previewAgain' };
    case PlanChangeRefusals.nothingToCancel:
      return { message: t('There is nothing to cancel: your subscription does not renew.'), action: 'refresh' };
    case PlanChangeRefusals.notCanceling:
      return { message: t('Your subscription is not set to end, so there is nothing to resume.'), action: 'refresh' };
    case PlanChangeRefusals.noScheduledChange:
      return { message: t('No plan change is scheduled any more.'), action: 'refresh' };
    default:
      return { message: detail, action: 'none' };
  }
}

/** The button of a refusal's action (none for 'none'). */
export function refusalActionLabel(t: Translate, action: RefusalAction): string | undefined {
  switch (action) {
    case 'previewAgain':
      return t('Preview again');
    case 'payNow':
      return t('Pay now');
    case 'resume':
      return t('Resume');
    case 'cancel':
      return t('Cancel subscription');
    case 'refresh':
      return t('Refresh');
    case 'none':
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// Cancellation

/** "no agent": a feature a move to a lower tier takes away. */
function lostFeature(t: Translate, key: FeatureKey): string {
  switch (key) {
    case 'ai.completions.basic':
      return t('no basic completions');
    case 'ai.completions.unlimited':
      return t('no unlimited completions');
    case 'ai.agent':
      return t('no agent');
    case 'ai.premiumModels':
      return t('no premium models');
    case 'ai.agent.parallel':
      return t('no parallel agents');
    case 'ai.agent.background':
      return t('no background agents');
  }
}

/** The features `from` grants that `to` does not, in the order of the tier table. */
export function featuresLost(from: PlanId, to: PlanId): FeatureKey[] {
  const kept = new Set(PLAN_FEATURES[to]);
  return PLAN_FEATURES[from].filter((key) => !kept.has(key));
}

/**
 * What a cancellation stops and when: "Pro stays until Jan 1, then Free: 50
 * credits a month, no unlimited completions, no agent, no premium models."
 * `free`: Free as the catalogue lists it (its included credits), when loaded.
 */
export function cancelInWords(t: Translate, f: Pick<WordingFormat, 'date' | 'credits'>, current: PlanId, endsAt: string, free: Pick<Plan, 'includedCredits'> | undefined): string {
  const after: string[] = [];
  const credits = free ? creditsPerInterval(t, f, free.includedCredits.month, 'month') : undefined;
  if (credits) after.push(credits);
  after.push(...featuresLost(current, 'free').map((key) => lostFeature(t, key)));
  const then = after.length > 0 ? t('then {0}: {1}', planName('free'), after.join(', ')) : t('then {0}', planName('free'));
  return t('{0} stays until {1}, {2}.', planName(current), f.date(endsAt), then);
}

/** What a downgrade takes away, e.g. "Pro has no parallel agents."; undefined when nothing is lost. */
export function downgradeLossInWords(t: Translate, from: PlanId, to: PlanId): string | undefined {
  const lost = featuresLost(from, to);
  if (lost.length === 0) return undefined;
  return t('{0}: {1}.', planName(to), lost.map((key) => lostFeature(t, key)).join(', '));
}

/** "Switches to Pro on Jan 1". */
export function scheduledChangeInWords(t: Translate, f: Pick<WordingFormat, 'date'>, to: PlanId, effectiveAt: string): string {
  return t('Switches to {0} on {1}', planName(to), f.date(effectiveAt));
}

/** "Ends on Jan 1". */
export function endsOnInWords(t: Translate, f: Pick<WordingFormat, 'date'>, endsAt: string): string {
  return t('Ends on {0}', f.date(endsAt));
}

// ---------------------------------------------------------------------------
// Pending payment

/** "Upgrade to Pro+ waiting for payment". */
export function pendingHeadline(t: Translate, pending: Pick<PendingPlanChange, 'to'>): string {
  return t('Upgrade to {0} waiting for payment', planName(pending.to.planId));
}

/** Why an upgrade waits for the cardholder, and what finishes it. */
export function pendingReasonInWords(t: Translate, f: Pick<WordingFormat, 'money' | 'date'>, pending: PendingPlanChange): string {
  const amount = f.money(pending.amountDue);
  const name = planName(pending.to.planId);
  const until = t('Complete it in the payment portal by {0}; until then your plan stays as it is.', f.date(pending.expiresAt));
  switch (pending.reason) {
    case 'authentication_required':
      return `${t('Your bank asks you to confirm the payment of {0} for {1}.', amount, name)} ${until}`;
    case 'card_declined':
      return `${t('The payment of {0} for {1} was declined: {2}', amount, name, sentence(pending.message))} ${until}`;
    case 'no_payment_method':
      return `${t('Add a card to pay {0} for {1}.', amount, name)} ${until}`;
  }
}

/** The service's sentence with one final full stop. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.!]+$/, '');
  return `${trimmed}.`;
}
