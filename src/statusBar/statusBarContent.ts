/**
 * Text, tooltip and accessibility label of the profile status-bar item, per
 * state. Pure (unit-tested); src/statusBar/profileStatusItem.ts applies it.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { cardExpiresBefore } from '../../shared/cards';
import { cardExpiryText } from '../../shared/cardWording';
import { amountWithTax } from '../../shared/taxWording';
import { type BillingInterval } from '../../shared/contract/account';
import { CommandIds } from '../../shared/productIdentity';
import { planName as tierName } from '../../shared/planTiers';
import { t } from '../l10n/localize';
import { formatCredits } from '../../shared/credits';
import { type Usage } from '../../shared/contract/usage';
import { usageFacts } from '../usage/usageFacts';
import { type FormatOptions, clause, daysUntil, escapeMarkdown, formatAgo, formatDate, formatMoney, formatShortDate } from '../util/format';

export interface StatusBarContent {
  readonly text: string;
  /**
   * Markdown; command links only to COMMAND_LINKS. Computed when first read:
   * its dates and amounts need Intl, whose first use costs a dozen or more ms
   * that activation does not pay (the item sets its tooltip a tick later).
   */
  readonly tooltip: string;
  readonly accessibilityLabel: string;
  /** Use statusBarItem.warningBackground. */
  readonly warning: boolean;
}

/** The only commands the tooltip links to (the MarkdownString trusts exactly these). */
export const TOOLTIP_COMMANDS = [CommandIds.managePlan, CommandIds.refresh, CommandIds.signOut, CommandIds.signIn, CommandIds.updatePaymentMethod] as const;

/** Status words of the tooltip, per state (called at render time, after the translator is set). */
function statusWord(kind: AccountSnapshot['kind']): string {
  switch (kind) {
    case 'checking':
      return t('Checking your plan');
    case 'signedOut':
      return t('Signed out');
    case 'free':
      return t('Free plan');
    case 'trialing':
      return t('Trial');
    case 'active':
      return t('Active');
    case 'activeCanceling':
      return t('Active, cancels at period end');
    case 'pastDue':
      return t('Past due: payment failed');
    case 'ended':
      return t('Plan ended');
    case 'offlineGrace':
      return t('Offline: using your last verified plan');
  }
}

/** "$20.00/month". */
function pricePerInterval(price: string, interval: BillingInterval): string {
  return interval === 'year' ? t('{0}/year', price) : t('{0}/month', price);
}

/** The tier's name (Free, Pro, Pro+, Power): the service's, else the verified plan's, else Free. */
function planName(s: AccountSnapshot): string {
  if (s.account?.plan.name) return s.account.plan.name;
  return tierName(s.plan ?? 'free');
}

function link(title: string, command: (typeof TOOLTIP_COMMANDS)[number]): string {
  return `[${title}](command:${command})`;
}

/** States in which the plan's credits are shown (a paid plan or Free, signed in and known). */
const USAGE_KINDS: ReadonlySet<AccountSnapshot['kind']> = new Set(['free', 'trialing', 'active', 'activeCanceling', 'offlineGrace']);

/**
 * The status bar with what is left of the period's credits: from 75 % used the
 * text says how many are left ("Pro · 180 credits left"), with warning colours
 * only from 90 % and when none are left; the tooltip always shows used /
 * included and the reset date. `usage` of another plan or absent: as without.
 */
export function statusBarContent(s: AccountSnapshot, now: number, fmt: FormatOptions = {}, usage?: Usage): StatusBarContent {
  const base = accountContent(s, now, fmt);
  if (!usage || !USAGE_KINDS.has(s.kind)) return base;
  const facts = usageFacts(usage);
  const locale = fmt.locale ?? 'en-US';
  const plan = planName(s);
  const offline = s.stale ? ' $(cloud-offline)' : '';
  const withUsage = once(() => {
    const usedLine = t('{0} of {1} credits used ({2} %)', formatCredits(facts.usedIncluded, locale), formatCredits(facts.included, locale), facts.percentUsed);
    const resetLine = t('Resets on {0}', formatShortDate(usage.periodEnd, fmt));
    const overage = usage.overage && usage.overage.enabled && facts.inOverage ? ` · ${t('{0} beyond the plan so far', formatMoney(usage.overage.accrued, fmt))}` : '';
    const parts = base.tooltip.split('\n\n');
    parts.splice(Math.min(2, parts.length), 0, `${usedLine}${overage} · ${resetLine}`);
    return parts.join('\n\n');
  });
  if (facts.level === 'none') return content(base.text, base.accessibilityLabel, base.warning, withUsage);
  const left = formatCredits(facts.remaining, locale);
  const overageSpend = usage.overage ? { accrued: formatMoney(usage.overage.accrued, fmt), cap: formatMoney(usage.overage.spendCap, fmt) } : undefined;
  let text: string;
  let label: string;
  if (facts.level === 'exhausted') {
    text = `$(warning) ${t('{0} · no credits left', plan)}${offline}`;
    label = t('Plan and Billing: {0}, no credits left until {1}.', plan, formatDate(usage.periodEnd, fmt));
  } else if (facts.level === 'overage' && overageSpend) {
    // Plan credits are used up and usage goes on at the overage price: what it costs so far, of the cap.
    text = `$(warning) ${t('{0} · overage {1} of {2}', plan, overageSpend.accrued, overageSpend.cap)}${offline}`;
    label = t('Plan and Billing: {0}, plan credits used up; overage so far {1} of your {2} spend cap.', plan, overageSpend.accrued, overageSpend.cap);
  } else {
    text = `${facts.level === 'warning' ? '$(warning)' : '$(account)'} ${t('{0} · {1} credits left', plan, left)}${offline}`;
    label = t('Plan and Billing: {0}, {1} credits left ({2} % used).', plan, left, facts.percentUsed);
  }
  return content(text, label, base.warning || facts.level !== 'low', withUsage);
}

/** The value of `make`, computed on the first call only. */
function once(make: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= make());
}

/** Content whose tooltip is computed when first read. */
function content(text: string, accessibilityLabel: string, warning: boolean, tooltipOf: () => string): StatusBarContent {
  return {
    text,
    accessibilityLabel,
    warning,
    get tooltip() {
      return tooltipOf();
    },
  };
}

function accountContent(s: AccountSnapshot, now: number, fmt: FormatOptions): StatusBarContent {
  const offline = s.stale ? ' $(cloud-offline)' : '';
  const plan = planName(s);
  const sub = s.account?.subscription ?? null;
  let text: string;
  let label: string;
  switch (s.kind) {
    case 'signedOut':
      text = `$(account) ${t('Sign in')}`;
      label = t('Plan and Billing: signed out. Click to sign in.');
      break;
    case 'checking':
      text = s.stale && !s.refreshing ? `$(account) ${t("Can't verify plan")}$(cloud-offline)` : `$(loading~spin) ${t('Checking…')}`;
      label = s.stale ? t("Plan and Billing: can't verify your plan right now.") : t('Plan and Billing: checking your plan.');
      break;
    case 'free':
      text = `$(account) ${plan}${offline}`;
      label = t('Plan and Billing: {0} plan.', plan);
      break;
    case 'trialing': {
      const days = sub?.trialEnd ? daysUntil(sub.trialEnd, now) : undefined;
      text = `$(account) ${days !== undefined ? t('{0} trial · {1}d', plan, days) : t('{0} trial', plan)}${offline}`;
      label =
        days === undefined
          ? t('Plan and Billing: {0} trial.', plan)
          : days === 1
            ? t('Plan and Billing: {0} trial, {1} day left.', plan, days)
            : t('Plan and Billing: {0} trial, {1} days left.', plan, days);
      break;
    }
    case 'active':
      text = `$(account) ${plan}${offline}`;
      label = t('Plan and Billing: {0}.', plan);
      break;
    case 'activeCanceling':
      text = `$(account) ${sub ? t('{0} · ends {1}', plan, formatShortDate(sub.currentPeriodEnd, fmt)) : plan}${offline}`;
      label = sub
        ? t('Plan and Billing: {0}, cancels on {1}.', plan, formatDate(sub.currentPeriodEnd, fmt))
        : t('Plan and Billing: {0}, cancels at the end of the period.', plan);
      break;
    case 'pastDue':
      text = `$(warning) ${t('Past due')}${offline}`;
      label = t('Plan and Billing: payment past due. Paid features are paused. Click to manage your plan.');
      break;
    case 'ended':
      text = `$(account) ${t('Plan ended')}${offline}`;
      label = t('Plan and Billing: your paid plan has ended.');
      break;
    case 'offlineGrace':
      text = `$(account) ${plan} $(cloud-offline)`;
      label = s.offlineUntil
        ? t('Plan and Billing: {0}, offline, works offline until {1}.', plan, formatDate(s.offlineUntil, fmt))
        : t('Plan and Billing: {0}, offline.', plan);
      break;
  }
  return content(text, label, s.kind === 'pastDue', once(() => tooltip(s, now, fmt)));
}

/**
 * What the item shows while planBilling.serviceUrl is refused (e.g. http
 * across a network): nothing is sent to it, whatever the account state.
 */
export function serviceUrlRefusedContent(problem: string): StatusBarContent {
  return {
    text: `$(warning) ${t('Service URL refused')}`,
    tooltip: [`**${t('Plan & Billing')}**`, `$(warning) ${escapeMarkdown(problem)}`, t('Nothing is sent to it. Click to change planBilling.serviceUrl in your user settings.')].join('\n\n'),
    accessibilityLabel: t('Plan and Billing: the billing service URL is refused. {0} Click to open the setting.', problem),
    warning: true,
  };
}

function tooltip(s: AccountSnapshot, now: number, fmt: FormatOptions): string {
  const lines: string[] = [];
  // The email is blank until the secrets were read at activation (globalState keeps none).
  const title = s.user?.email ? `**${t('Plan & Billing')}** — ${escapeMarkdown(s.user.email)}` : `**${t('Plan & Billing')}**`;
  lines.push(title);
  if (!s.signedIn) {
    lines.push(t('Sign in to see your plan and billing.'));
    lines.push(link(t('Sign in'), CommandIds.signIn));
    return lines.join('\n\n');
  }
  const a = s.account;
  const sub = a?.subscription ?? null;
  const planLine = [escapeMarkdown(planName(s))];
  if (sub && s.plan !== undefined && s.plan !== 'free') planLine.push(pricePerInterval(formatMoney(sub.price, fmt), sub.interval));
  planLine.push(statusWord(s.kind));
  lines.push(planLine.join(' · '));
  if (a?.upcomingInvoice && s.kind !== 'ended' && s.kind !== 'free') {
    const amount = amountWithTax(t, (m) => formatMoney(m, fmt), a.upcomingInvoice);
    lines.push(t('Next billing: {0} · {1}', formatDate(a.upcomingInvoice.date, fmt), amount));
  }
  if (sub?.trialEnd && s.kind === 'trialing') {
    const days = daysUntil(sub.trialEnd, now);
    const date = formatDate(sub.trialEnd, fmt);
    lines.push(days === 1 ? t('Trial ends {0} ({1} day)', date, days) : t('Trial ends {0} ({1} days)', date, days));
  }
  if (sub && s.kind === 'activeCanceling') lines.push(t('Ends on {0}', formatDate(sub.currentPeriodEnd, fmt)));
  const scheduled = sub?.scheduledChange;
  if (scheduled && s.kind !== 'activeCanceling' && s.kind !== 'ended') {
    lines.push(t('Switches to {0} on {1}', escapeMarkdown(tierName(scheduled.to.planId)), formatDate(scheduled.effectiveAt, fmt)));
  }
  const pending = a?.pendingPlanChange;
  if (pending) lines.push(`$(warning) ${t('Upgrade to {0} waiting for payment', escapeMarkdown(tierName(pending.to.planId)))}`);
  const failure = a?.latestPaymentFailure;
  if (failure && (s.kind === 'pastDue' || s.kind === 'ended')) {
    const retry = failure.nextRetryAt ? ` ${t('Next retry {0}.', formatDate(failure.nextRetryAt, fmt))}` : '';
    lines.push(`$(warning) ${t('Payment of {0} failed: {1}.', formatMoney(failure.amountDue, fmt), escapeMarkdown(clause(failure.message)))}${retry}`);
  }
  if (a && a.outstandingBalance.amount > 0) lines.push(t('Outstanding balance: {0}', formatMoney(a.outstandingBalance, fmt)));
  const card = a?.paymentMethod;
  if (card && a?.upcomingInvoice && cardExpiresBefore(card, a.upcomingInvoice.date)) {
    const expiry = cardExpiryText(card);
    lines.push(
      `$(warning) ${t('Card ending {0} expires {1}, before the next renewal.', escapeMarkdown(card.last4), expiry)} ${link(t('Update payment method'), CommandIds.updatePaymentMethod)}`,
    );
  }
  const verified = s.lastVerifiedAt !== undefined ? t('Verified {0}', formatAgo(s.lastVerifiedAt, now)) : t('Not verified yet');
  lines.push(s.offlineUntil !== undefined ? t('{0} · works offline until {1}', verified, formatDate(s.offlineUntil, fmt)) : verified);
  if (s.stale && s.error) lines.push(`$(cloud-offline) ${escapeMarkdown(s.error.message)}`);
  lines.push([link(t('Manage Plan'), CommandIds.managePlan), link(t('Refresh'), CommandIds.refresh), link(t('Sign out'), CommandIds.signOut)].join(' · '));
  return lines.join('\n\n');
}
