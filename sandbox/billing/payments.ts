/**
 * Charging invoices and what follows from the outcome (docs/lifecycle.md):
 * success pays the invoice and restores access at once; failure leaves it open,
 * puts the subscription past due and schedules retries (none for hard declines).
 * Callers run these inside a transaction.
 */
import type { ChargeOutcome } from '../../shared/contract/sandboxAdmin';
import { declineFor, type Decline } from './cards';
import type { BillingContext } from './context';
import { notify } from './notifications';
import { type InvoiceRow, type PaymentRow, type SubscriptionRow, type UserRow } from './repository';
import { cardExpiresBefore } from '../../shared/cards';
import { addMonths, DAY } from './time';

export type ChargeTrigger = 'renewal' | 'retry' | 'card_updated' | 'pay_now' | 'upgrade';

export type ChargeResult = { readonly paid: true; readonly invoice: InvoiceRow } | { readonly paid: false; readonly invoice: InvoiceRow; readonly decline: Decline };

/** When the next automatic retry is due: retries are scheduled in days after the first failure. */
export function nextRetryAfter(firstFailedAt: number, at: number, retryDays: readonly number[]): number | null {
  for (const days of retryDays) {
    const when = firstFailedAt + days * DAY;
    if (when > at) return when;
  }
  return null;
}

export function attemptInvoice(ctx: BillingContext, invoiceId: string, at: number, trigger: ChargeTrigger): ChargeResult {
  const { repo, config } = ctx;
  const invoice = repo.invoiceById(invoiceId);
  if (!invoice) throw new Error(`no invoice ${invoiceId}`);
  const user = repo.userById(invoice.user_id)!;
  const card = repo.defaultCard(user);
  const amount = invoice.total - invoice.amount_paid;

  let outcome: ChargeOutcome | 'no_payment_method' = card ? card.charge_outcome : 'no_payment_method';
  if (card && outcome === 'succeed' && cardExpiresBefore({ expMonth: card.exp_month, expYear: card.exp_year }, at)) outcome = 'expired_card';
  // The card as it is now: a later edit or removal does not rewrite the payment record.
  repo.insertPayment({
    user_id: user.id,
    invoice_id: invoice.id,
    payment_method_id: card?.id ?? null,
    status: outcome === 'succeed' ? 'succeeded' : 'failed',
    amount,
    card_brand: card?.brand ?? null,
    card_last4: card?.last4 ?? null,
    decline_code: outcome === 'succeed' ? null : outcome,
    refund_of: null,
    created_at: at,
  });

  const subRow = repo.subscriptionOf(user.id);
  const sub = subRow && subRow.id === invoice.subscription_id ? subRow : undefined;
  if (outcome === 'succeed') {
    repo.updateInvoice(invoice.id, {
      status: 'paid',
      paid_at: at,
      amount_paid: invoice.total,
      attempt_count: invoice.attempt_count + 1,
      next_retry_at: null,
      dunning_ends_at: null,
    });
    const paid = repo.invoiceById(invoice.id)!;
    notify.paymentSucceeded(repo, user, paid, card, at);
    if (sub) settleSubscription(ctx, user, sub, at);
    return { paid: true, invoice: paid };
  }

  const decline = declineFor(outcome);
  const firstFailedAt = invoice.first_failed_at ?? at;
  const lastRetryDay = config.retryDays.at(-1) ?? 0;
  // Only a renewal that failed goes through dunning (retries, then cancel/unpaid); a failed first payment stays incomplete.
  const dunning = trigger !== 'upgrade' && invoice.status === 'open' && sub?.status !== 'incomplete';
  const nextRetryAt = dunning && !decline.hard ? nextRetryAfter(firstFailedAt, at, config.retryDays) : null;
  repo.updateInvoice(invoice.id, {
    attempt_count: invoice.attempt_count + 1,
    first_failed_at: firstFailedAt,
    last_failed_at: at,
    decline_code: decline.code,
    next_retry_at: nextRetryAt,
    dunning_ends_at: dunning ? (invoice.dunning_ends_at ?? firstFailedAt + lastRetryDay * DAY) : null,
  });
  const failed = repo.invoiceById(invoice.id)!;
  if (sub && (sub.status === 'active' || sub.status === 'trialing')) {
    repo.updateSubscription(sub.id, { status: 'past_due' });
  }
  // The user sees an in-portal decline on screen; automatic attempts are told by notification.
  if (trigger === 'renewal' || trigger === 'retry') notify.paymentFailed(repo, user, failed, decline, nextRetryAt, at);
  return { paid: false, invoice: failed, decline };
}

/** After a payment: once nothing is owed any more, the subscription is active again with access restored. */
function settleSubscription(ctx: BillingContext, user: UserRow, sub: SubscriptionRow, at: number): void {
  const { repo } = ctx;
  if (repo.outstandingInvoices(user.id).length > 0) return;
  switch (sub.status) {
    case 'trialing':
    case 'incomplete':
      repo.updateSubscription(sub.id, { status: 'active' });
      return;
    case 'past_due':
      repo.updateSubscription(sub.id, { status: 'active' });
      notify.accessRestored(repo, user, at);
      return;
    case 'unpaid':
    case 'canceled':
      // Reactivation: paying what was owed starts a fresh period from now.
      repo.updateSubscription(sub.id, {
        status: 'active',
        current_period_start: at,
        current_period_end: addMonths(at, 1),
        cancel_at_period_end: 0,
        canceled_at: null,
        ended_at: null,
        card_notice_key: null,
      });
      notify.accessRestored(repo, user, at);
      return;
    default:
      return;
  }
}

/** What the user still owes on open and uncollectible invoices, in cents. */
export function owedCents(ctx: BillingContext, userId: string): number {
  return ctx.repo.outstandingInvoices(userId).reduce((sum, inv) => sum + inv.total - inv.amount_paid, 0);
}

/** Charges every outstanding invoice (oldest first), stopping at the first decline. */
export function payOutstanding(ctx: BillingContext, user: UserRow, at: number, trigger: ChargeTrigger): { paidCents: number; decline: Decline | null } {
  let paidCents = 0;
  for (const invoice of ctx.repo.outstandingInvoices(user.id)) {
    const result = attemptInvoice(ctx, invoice.id, at, trigger);
    if (!result.paid) return { paidCents, decline: result.decline };
    paidCents += invoice.total - invoice.amount_paid;
  }
  return { paidCents, decline: null };
}

export type RefundResult = { readonly ok: true; readonly refund: PaymentRow } | { readonly ok: false; readonly reason: 'not_found' | 'not_refundable' | 'too_much'; readonly refundable: number };

/**
 * Gives back `amount` cents (default: all not yet refunded) of a succeeded
 * charge, as a payment of its own with status "refunded". The invoice stays
 * paid: a refund is not a credit note (sandbox only, POST /sandbox/payments/{id}/refund).
 */
export function refundPayment(ctx: BillingContext, paymentId: string, amount: number | undefined, at: number): RefundResult {
  const { repo } = ctx;
  const charge = repo.paymentById(paymentId);
  if (!charge) return { ok: false, reason: 'not_found', refundable: 0 };
  const refundable = charge.status === 'succeeded' ? charge.amount - repo.refundedCents(charge.id) : 0;
  if (refundable <= 0) return { ok: false, reason: 'not_refundable', refundable: 0 };
  const cents = amount ?? refundable;
  if (cents > refundable) return { ok: false, reason: 'too_much', refundable };
  const refund = repo.insertPayment({
    user_id: charge.user_id,
    invoice_id: charge.invoice_id,
    payment_method_id: charge.payment_method_id,
    status: 'refunded',
    amount: cents,
    card_brand: charge.card_brand,
    card_last4: charge.card_last4,
    decline_code: null,
    refund_of: charge.id,
    created_at: at,
  });
  return { ok: true, refund };
}

/**
 * The default card changed (a card saved or picked as default, the default's
 * expiry corrected, another card promoted): retry at once what a past-due or
 * incomplete subscription owes, on the new default (hard declines wait for
 * exactly this). Returns null when there was nothing to retry.
 */
export function retryAfterCardChange(ctx: BillingContext, user: UserRow, at: number): { paidCents: number; decline: Decline | null } | null {
  const sub = ctx.repo.subscriptionOf(user.id);
  if (!sub || (sub.status !== 'past_due' && sub.status !== 'incomplete')) return null;
  const open = ctx.repo.outstandingInvoices(user.id).filter((inv) => inv.status === 'open');
  if (open.length === 0) return null;
  return payOutstanding(ctx, user, at, 'card_updated');
}
