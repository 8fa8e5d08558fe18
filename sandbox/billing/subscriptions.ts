/** Plan changes a user makes in the portal: upgrade to Pro, cancel at period end, resume. */
import type { Decline } from './cards';
import type { BillingContext } from './context';
import { newId } from './ids';
import { finalizeInvoice } from './invoices';
import { notify } from './notifications';
import { attemptInvoice, payOutstanding } from './payments';
import { planLineDescription, PLANS } from './plans';
import type { InvoiceRow, SubscriptionRow, UserRow } from './repository';
import { addMonths } from './time';

/** Free accounts and ended subscriptions can upgrade; live ones (including unpaid, which pays its balance instead) cannot. */
const ENDED: ReadonlySet<SubscriptionRow['status']> = new Set(['canceled', 'incomplete_expired']);

export function canUpgrade(ctx: BillingContext, user: UserRow): boolean {
  const sub = ctx.repo.subscriptionOf(user.id);
  return !sub || ENDED.has(sub.status);
}

export type UpgradeResult =
  | { readonly kind: 'started'; readonly subscription: SubscriptionRow; readonly invoice: InvoiceRow; readonly decline: Decline | null }
  | { readonly kind: 'reactivated'; readonly paidCents: number; readonly decline: Decline | null };

/**
 * "Upgrade to Pro": a canceled subscription that still owes money is
 * reactivated by paying what it owes (a fresh period starts); otherwise a new
 * Pro subscription starts, charged now.
 */
export function upgradeToPro(ctx: BillingContext, user: UserRow, at: number): UpgradeResult {
  if (ctx.repo.outstandingInvoices(user.id).length > 0) {
    const paid = payOutstanding(ctx, user, at, 'pay_now');
    return { kind: 'reactivated', ...paid };
  }
  return { kind: 'started', ...startPro(ctx, user, at) };
}

/**
 * Starts a Pro subscription charged now to the card on file. A declined first
 * payment leaves it `incomplete` (it expires after a day unless a new card pays it).
 */
export function startPro(ctx: BillingContext, user: UserRow, at: number): { subscription: SubscriptionRow; invoice: InvoiceRow; decline: Decline | null } {
  const { repo } = ctx;
  repo.deleteSubscriptionOf(user.id);
  const sub: Parameters<typeof repo.insertSubscription>[0] = {
    id: newId('sub'),
    user_id: user.id,
    plan_id: 'pro',
    price_amount: PLANS.pro.prices.month,
    interval: 'month',
    status: 'incomplete',
    current_period_start: at,
    current_period_end: addMonths(at, 1),
    trial_end: null,
    cancel_at_period_end: 0,
    canceled_at: null,
    ended_at: null,
    created_at: at,
    trial_notice_sent: 0,
    card_notice_key: null,
  };
  repo.insertSubscription(sub);
  const invoice = finalizeInvoice(ctx, user, {
    subscriptionId: sub.id,
    status: 'open',
    created: at,
    periodStart: sub.current_period_start,
    periodEnd: sub.current_period_end,
    amount: sub.price_amount,
    description: planLineDescription('pro', 'month'),
  });
  notify.invoiceIssued(repo, user, invoice, at);
  const result = attemptInvoice(ctx, invoice.id, at, 'upgrade');
  return { subscription: repo.subscriptionOf(user.id)!, invoice: result.invoice, decline: result.paid ? null : result.decline };
}

export function setCancelAtPeriodEnd(ctx: BillingContext, user: UserRow, cancel: boolean, at: number): boolean {
  const sub = ctx.repo.subscriptionOf(user.id);
  if (!sub || (sub.status !== 'active' && sub.status !== 'trialing')) return false;
  // Canceling drops a scheduled downgrade, as POST /v1/subscription/cancel does.
  const dropScheduled = cancel ? { scheduled_plan_id: null, scheduled_interval: null, scheduled_price: null } : {};
  ctx.repo.updateSubscription(sub.id, { cancel_at_period_end: cancel ? 1 : 0, canceled_at: cancel ? at : null, ...dropScheduled });
  return true;
}
