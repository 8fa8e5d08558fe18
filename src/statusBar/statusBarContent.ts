/**
 * Text, tooltip and accessibility label of the profile status-bar item, per
 * state. Pure (unit-tested); src/statusBar/profileStatusItem.ts applies it.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type FormatOptions, cardExpiryEnd, clause, daysUntil, escapeMarkdown, formatAgo, formatDate, formatMoney, formatShortDate } from '../util/format';

export interface StatusBarContent {
  readonly text: string;
  /** Markdown; command links only to COMMAND_LINKS. */
  readonly tooltip: string;
  readonly accessibilityLabel: string;
  /** Use statusBarItem.warningBackground. */
  readonly warning: boolean;
}

/** The only commands the tooltip links to (the MarkdownString trusts exactly these). */
export const TOOLTIP_COMMANDS = ['planBilling.managePlan', 'planBilling.refresh', 'planBilling.signOut', 'planBilling.signIn', 'planBilling.updatePaymentMethod'] as const;

const STATUS_WORDS: Record<AccountSnapshot['kind'], string> = {
  checking: 'Checking your plan',
  signedOut: 'Signed out',
  free: 'Free plan',
  trialing: 'Trial',
  active: 'Active',
  activeCanceling: 'Active, cancels at period end',
  pastDue: 'Past due: payment failed',
  ended: 'Plan ended',
  offlineGrace: 'Offline: using your last verified plan',
};

function planName(s: AccountSnapshot): string {
  if (s.account?.plan.name) return s.account.plan.name;
  return s.plan === 'pro' ? 'Pro' : 'Free';
}

function link(title: string, command: (typeof TOOLTIP_COMMANDS)[number]): string {
  return `[${title}](command:${command})`;
}

export function statusBarContent(s: AccountSnapshot, now: number, fmt: FormatOptions = {}): StatusBarContent {
  const offline = s.stale ? ' $(cloud-offline)' : '';
  const plan = planName(s);
  const sub = s.account?.subscription ?? null;
  let text: string;
  let label: string;
  switch (s.kind) {
    case 'signedOut':
      text = '$(account) Sign in';
      label = 'Plan and Billing: signed out. Click to sign in.';
      break;
    case 'checking':
      text = s.stale && !s.refreshing ? "$(account) Can't verify plan$(cloud-offline)" : '$(loading~spin) Checking…';
      label = s.stale ? "Plan and Billing: can't verify your plan right now." : 'Plan and Billing: checking your plan.';
      break;
    case 'free':
      text = `$(account) ${plan}${offline}`;
      label = `Plan and Billing: ${plan} plan.`;
      break;
    case 'trialing': {
      const days = sub?.trialEnd ? daysUntil(sub.trialEnd, now) : undefined;
      text = `$(account) ${plan} trial${days !== undefined ? ` · ${days}d` : ''}${offline}`;
      label = `Plan and Billing: ${plan} trial${days !== undefined ? `, ${days} ${days === 1 ? 'day' : 'days'} left` : ''}.`;
      break;
    }
    case 'active':
      text = `$(account) ${plan}${offline}`;
      label = `Plan and Billing: ${plan}.`;
      break;
    case 'activeCanceling':
      text = `$(account) ${plan}${sub ? ` · ends ${formatShortDate(sub.currentPeriodEnd, fmt)}` : ''}${offline}`;
      label = `Plan and Billing: ${plan}, cancels${sub ? ` on ${formatDate(sub.currentPeriodEnd, fmt)}` : ' at the end of the period'}.`;
      break;
    case 'pastDue':
      text = `$(warning) Past due${offline}`;
      label = 'Plan and Billing: payment past due. Paid features are paused. Click to manage your plan.';
      break;
    case 'ended':
      text = `$(account) Plan ended${offline}`;
      label = 'Plan and Billing: your paid plan has ended.';
      break;
    case 'offlineGrace':
      text = `$(account) ${plan} $(cloud-offline)`;
      label = `Plan and Billing: ${plan}, offline${s.offlineUntil ? `, works offline until ${formatDate(s.offlineUntil, fmt)}` : ''}.`;
      break;
  }
  return { text, tooltip: tooltip(s, now, fmt), accessibilityLabel: label, warning: s.kind === 'pastDue' };
}

function tooltip(s: AccountSnapshot, now: number, fmt: FormatOptions): string {
  const lines: string[] = [];
  const title = s.user ? `**Plan & Billing** — ${escapeMarkdown(s.user.email)}` : '**Plan & Billing**';
  lines.push(title);
  if (!s.signedIn) {
    lines.push('Sign in to see your plan and billing.');
    lines.push(link('Sign in', 'planBilling.signIn'));
    return lines.join('\n\n');
  }
  const a = s.account;
  const sub = a?.subscription ?? null;
  const planLine = [escapeMarkdown(planName(s))];
  if (sub && s.plan === 'pro') planLine.push(`${formatMoney(sub.price, fmt)}/${sub.interval}`);
  planLine.push(STATUS_WORDS[s.kind]);
  lines.push(planLine.join(' · '));
  if (a?.upcomingInvoice && s.kind !== 'ended' && s.kind !== 'free') {
    lines.push(`Next billing: ${formatDate(a.upcomingInvoice.date, fmt)} · ${formatMoney(a.upcomingInvoice.amountDue, fmt)}`);
  }
  if (sub?.trialEnd && s.kind === 'trialing') {
    const days = daysUntil(sub.trialEnd, now);
    lines.push(`Trial ends ${formatDate(sub.trialEnd, fmt)} (${days} ${days === 1 ? 'day' : 'days'})`);
  }
  if (sub && s.kind === 'activeCanceling') lines.push(`Cancels on ${formatDate(sub.currentPeriodEnd, fmt)}`);
  const failure = a?.latestPaymentFailure;
  if (failure && (s.kind === 'pastDue' || s.kind === 'ended')) {
    const retry = failure.nextRetryAt ? ` Next retry ${formatDate(failure.nextRetryAt, fmt)}.` : '';
    lines.push(`$(warning) Payment of ${formatMoney(failure.amountDue, fmt)} failed: ${escapeMarkdown(clause(failure.message))}.${retry}`);
  }
  if (a && a.outstandingBalance.amount > 0) lines.push(`Outstanding balance: ${formatMoney(a.outstandingBalance, fmt)}`);
  const card = a?.paymentMethod;
  if (card && a?.upcomingInvoice && cardExpiryEnd(card.expMonth, card.expYear) < Date.parse(a.upcomingInvoice.date)) {
    lines.push(
      `$(warning) Card ending ${escapeMarkdown(card.last4)} expires ${String(card.expMonth).padStart(2, '0')}/${card.expYear}, before the next renewal. ${link('Update payment method', 'planBilling.updatePaymentMethod')}`,
    );
  }
  const verified = s.lastVerifiedAt !== undefined ? `Verified ${formatAgo(s.lastVerifiedAt, now)}` : 'Not verified yet';
  lines.push(s.offlineUntil !== undefined ? `${verified} · works offline until ${formatDate(s.offlineUntil, fmt)}` : verified);
  if (s.stale && s.error) lines.push(`$(cloud-offline) ${escapeMarkdown(s.error.message)}`);
  lines.push([link('Manage Plan', 'planBilling.managePlan'), link('Refresh', 'planBilling.refresh'), link('Sign out', 'planBilling.signOut')].join(' · '));
  return lines.join('\n\n');
}
