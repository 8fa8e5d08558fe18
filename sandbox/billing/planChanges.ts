/**
 * Plan changes (docs/lifecycle.md#plan-changes): previews that charge
 * nothing, changes that apply exactly a stored preview (once), upgrades paid
 * now or waiting for the cardholder in the portal, downgrades scheduled for the
 * period end, cancel and resume. Callers run these inside a transaction.
 */
import type { BillingInterval, PaymentRequiredReason, PendingPlanChange } from '../../shared/contract/account';
import type { PlanId } from '../../shared/contract/planId';
import type { InvoiceLine } from '../../shared/contract/invoices';
import { type CancelSubscriptionRequest, type SubscriptionChangePreview, type SubscriptionChangeRequest, type SubscriptionChangeResult } from '../../shared/contract/plans';
import { PlanChangeRefusals, type PlanChangeRefusal } from '../../shared/contract/planChangeRefusals';
import { creditsText } from '../../shared/credits';
import { cardExpiresBefore } from '../../shared/cards';
import { declineFor } from './cards';
import type { BillingContext } from './context';
import { newId } from './ids';
import { finalizeInvoice } from './invoices';
import { formatUsd, usd } from './money';
import { notify } from './notifications';
import { monthsOf, planAtPrice, planLineDescription, PLANS, priceOf } from './plans';
import { changeDirection, previewProration } from './proration';
import { toSubscription, type CardRow, type InvoiceRow, type PreviewKind, type PreviewRow, type SubscriptionRow, type UserRow } from './repository';
import { taxOf } from './tax';
import { addMonths, HOUR, iso, MINUTE } from './time';

/** How long a preview may be applied (billing clock). */
export const PREVIEW_TTL = 30 * MINUTE;
/** How long an upgrade waits for the cardholder before it lapses (billing clock). */
export const PENDING_TTL = 23 * HOUR;

/** A refusal: a problem with a `code` and a sentence for the user; nothing was stored or charged. */
export class PlanChangeRefused extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: PlanChangeRefusal,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const ENDED: ReadonlySet<SubscriptionRow['status']> = new Set(['canceled', 'incomplete_expired']);

/** The subscription a change starts from; undefined on Free (none, or an ended one). */
function liveSubscription(ctx: BillingContext, user: UserRow): SubscriptionRow | undefined {
  const sub = ctx.repo.subscriptionOf(user.id);
  return sub && !ENDED.has(sub.status) ? sub : undefined;
}

/** Everything a preview depends on: a change applies only while this is unchanged. */
export function subscriptionFingerprint(sub: SubscriptionRow | undefined): string {
  if (!sub) return JSON.stringify(['none']);
  return JSON.stringify([
    sub.id,
    sub.plan_id,
    sub.price_amount,
    sub.interval,
    sub.status,
    sub.current_period_start,
    sub.current_period_end,
    sub.cancel_at_period_end,
    sub.scheduled_plan_id,
    sub.scheduled_interval,
    sub.scheduled_price,
  ]);
}

interface CentsLine {
  readonly kind: InvoiceLine['kind'];
  readonly description: string;
  readonly amountCents: number;
  readonly periodStart: number;
  readonly periodEnd: number;
}

function toLine(l: CentsLine): InvoiceLine {
  return { kind: l.kind, description: l.description, quantity: 1, amount: usd(l.amountCents), periodStart: iso(l.periodStart), periodEnd: iso(l.periodEnd) };
}

function fromLine(l: InvoiceLine): CentsLine {
  return { kind: l.kind, description: l.description, amountCents: l.amount.amount, periodStart: Date.parse(l.periodStart!), periodEnd: Date.parse(l.periodEnd!) };
}

function refuse(code: PlanChangeRefusal, title: string, detail: string, status: 404 | 409 = 409): never {
  throw new PlanChangeRefused(status, code, title, detail);
}

/** POST /v1/subscription/preview: computes, stores and answers what the change would do. */
export function previewChange(ctx: BillingContext, user: UserRow, target: { planId: PlanId; interval: BillingInterval }, at: number): SubscriptionChangePreview {
  const { repo, config } = ctx;
  if (target.planId === 'free') {
    refuse(PlanChangeRefusals.useCancel, 'Cancel to move to Free', 'Free is reached by canceling your subscription: it stays on until the end of the period you paid for.');
  }
  const sub = liveSubscription(ctx, user);
  const toPrice = priceOf(target.planId, target.interval);
  const targetName = PLANS[target.planId].name;
  let kind: PreviewKind;
  let lines: CentsLine[] = [];
  let effectiveAt = at;
  let newPeriod: { start: number; end: number };
  let nextInvoiceDate: number;
  let direction: 'upgrade' | 'downgrade';

  if (!sub) {
    kind = 'from_free';
    direction = 'upgrade';
    const end = addMonths(at, monthsOf(target.interval));
    lines = [{ kind: 'subscription', description: planLineDescription(target.planId, target.interval), amountCents: toPrice, periodStart: at, periodEnd: end }];
    newPeriod = { start: at, end };
    nextInvoiceDate = end;
  } else {
    if (sub.status === 'past_due' || sub.status === 'unpaid' || sub.status === 'incomplete') {
      refuse(PlanChangeRefusals.paymentOverdue, 'Pay the balance first', 'A payment of your subscription is overdue: pay the outstanding balance first, then change your plan.');
    }
    if (sub.cancel_at_period_end === 1) {
      refuse(PlanChangeRefusals.cancellationScheduled, 'Resume first', 'Your subscription is set to end at the period end: resume it first, then change your plan.');
    }
    if (sub.plan_id === target.planId && sub.interval === target.interval) {
      refuse(PlanChangeRefusals.samePlan, 'Already on this plan', `You are already on ${targetName}, billed ${target.interval === 'year' ? 'yearly' : 'monthly'}.`);
    }
    const current = { planName: PLANS[sub.plan_id].name, amountCents: sub.price_amount, interval: sub.interval };
    const to = { planName: targetName, amountCents: toPrice, interval: target.interval };
    const compared = changeDirection(current, to);
    // Equal prices of different plans do not occur in the catalogue; treat them as a change at the period end.
    direction = compared === 'upgrade' ? 'upgrade' : 'downgrade';
    const period = { start: sub.current_period_start, end: sub.current_period_end };
    if (sub.status === 'trialing') {
      // The trial stays: nothing is charged now, the first invoice at the trial's end is at the new price.
      kind = 'trial';
      newPeriod = period;
      nextInvoiceDate = period.end;
    } else if (direction === 'upgrade') {
      kind = 'upgrade';
      const proration = previewProration({ current, target: to, period, at });
      lines = proration.lines.map((l) => ({ ...l }));
      // The same interval keeps the period exactly as it is (proration counts whole seconds only for the amounts).
      newPeriod = sub.interval === target.interval ? period : { ...proration.newPeriod };
      effectiveAt = proration.effectiveAt;
      nextInvoiceDate = newPeriod.end;
    } else {
      kind = 'downgrade';
      effectiveAt = period.end;
      newPeriod = { start: period.end, end: addMonths(period.end, monthsOf(target.interval)) };
      nextInvoiceDate = period.end;
    }
  }

  const subtotal = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const tax = lines.length > 0 ? taxOf(config.seller, user, Math.max(0, subtotal)) : { lines: [], tax: 0 };
  const next = taxOf(config.seller, user, toPrice);
  const id = newId('prev');
  const expiresAt = at + PREVIEW_TTL;
  const body: SubscriptionChangePreview = {
    id,
    from: sub ? planAtPrice(sub.plan_id, sub.interval, sub.price_amount) : planAtPrice('free', target.interval, 0),
    to: planAtPrice(target.planId, target.interval),
    direction,
    effectiveAt: iso(effectiveAt),
    lines: lines.map(toLine),
    subtotal: usd(subtotal),
    taxLines: tax.lines,
    tax: usd(tax.tax),
    amountDueNow: usd(Math.max(0, subtotal + tax.tax)),
    nextInvoice: { date: iso(nextInvoiceDate), amount: usd(toPrice + next.tax) },
    includedCredits: creditsText(PLANS[target.planId].includedCredits[target.interval]),
    expiresAt: iso(expiresAt),
  };
  repo.insertPreview({
    id,
    user_id: user.id,
    kind,
    fingerprint: subscriptionFingerprint(sub),
    target_plan_id: target.planId,
    target_interval: target.interval,
    target_price: toPrice,
    new_period_start: newPeriod.start,
    new_period_end: newPeriod.end,
    body: JSON.stringify(body),
    created_at: at,
    expires_at: expiresAt,
    applied_at: null,
    result: null,
  });
  return body;
}

type ChargeOutcome = { readonly paid: true } | { readonly paid: false; readonly reason: PaymentRequiredReason; readonly declineCode: string | null };

/**
 * Charges a plan change's invoice to `card`. Unlike a renewal, a failure
 * changes nothing else: no past due, no retries. A card that asks for 3-D
 * Secure on every payment is charged only once the cardholder confirmed it
 * (`authenticated`), as happens in the portal.
 */
function chargePlanChange(ctx: BillingContext, user: UserRow, invoice: InvoiceRow, card: CardRow | undefined, at: number, authenticated: boolean): ChargeOutcome {
  const { repo } = ctx;
  if (!card) return { paid: false, reason: 'no_payment_method', declineCode: null };
  if (card.requires_authentication === 1 && !authenticated) return { paid: false, reason: 'authentication_required', declineCode: null };
  let outcome: string = card.charge_outcome;
  if (outcome === 'succeed' && cardExpiresBefore({ expMonth: card.exp_month, expYear: card.exp_year }, at)) outcome = 'expired_card';
  const amount = invoice.total - invoice.amount_paid;
  repo.insertPayment({
    user_id: user.id,
    invoice_id: invoice.id,
    payment_method_id: card.id,
    status: outcome === 'succeed' ? 'succeeded' : 'failed',
    amount,
    card_brand: card.brand,
    card_last4: card.last4,
    decline_code: outcome === 'succeed' ? null : outcome,
    refund_of: null,
    created_at: at,
  });
  if (outcome === 'succeed') {
    repo.updateInvoice(invoice.id, { status: 'paid', paid_at: at, amount_paid: invoice.total, attempt_count: invoice.attempt_count + 1 });
    notify.paymentSucceeded(repo, user, repo.invoiceById(invoice.id)!, card, at);
    return { paid: true };
  }
  repo.updateInvoice(invoice.id, { attempt_count: invoice.attempt_count + 1, first_failed_at: invoice.first_failed_at ?? at, last_failed_at: at, decline_code: outcome });
  return { paid: false, reason: 'card_declined', declineCode: declineFor(outcome).code };
}

/** The paid change takes effect: the subscription (a new one from Free) moves to the plan and period of the preview. */
function completeUpgrade(ctx: BillingContext, user: UserRow, preview: PreviewRow, invoiceId: string, at: number): void {
  const { repo } = ctx;
  const sub = liveSubscription(ctx, user);
  if (preview.kind === 'from_free' || !sub) {
    repo.deleteSubscriptionOf(user.id);
    const id = newId('sub');
    repo.insertSubscription({
      id,
      user_id: user.id,
      plan_id: preview.target_plan_id,
      price_amount: preview.target_price,
      interval: preview.target_interval,
      status: 'active',
      current_period_start: preview.new_period_start,
      current_period_end: preview.new_period_end,
      trial_end: null,
      cancel_at_period_end: 0,
      canceled_at: null,
      ended_at: null,
      created_at: at,
      trial_notice_sent: 0,
      card_notice_key: null,
    });
    repo.updateInvoice(invoiceId, { subscription_id: id });
  } else {
    repo.updateSubscription(sub.id, {
      plan_id: preview.target_plan_id,
      price_amount: preview.target_price,
      interval: preview.target_interval,
      current_period_start: preview.new_period_start,
      current_period_end: preview.new_period_end,
      // An upgrade drops a scheduled downgrade.
      scheduled_plan_id: null,
      scheduled_interval: null,
      scheduled_price: null,
      card_notice_key: null,
    });
  }
  repo.deletePendingChange(user.id);
  notify.planChanged(repo, user, PLANS[preview.target_plan_id].name, preview.target_interval, at);
}

/** Voids the invoice of a pending change and forgets the change (replaced, or lapsed). */
function dropPending(ctx: BillingContext, userId: string): void {
  const { repo } = ctx;
  const pending = repo.pendingChangeOf(userId);
  if (!pending) return;
  const invoice = repo.invoiceById(pending.invoice_id);
  if (invoice && invoice.status === 'open') repo.updateInvoice(invoice.id, { status: 'void' });
  repo.deletePendingChange(userId);
}

/** The billing clock passed a pending change's expiresAt (or the period it prorated ended): nothing changed, its invoice is void. */
export function lapsePendingChange(ctx: BillingContext, userId: string): void {
  dropPending(ctx, userId);
}

function resultOf(ctx: BillingContext, user: UserRow, outcome: SubscriptionChangeResult['outcome'], invoiceId: string | null): SubscriptionChangeResult {
  const sub = ctx.repo.subscriptionOf(user.id);
  if (!sub) throw new Error(`plan change of ${user.id}: no subscription to answer`);
  return { outcome, subscription: toSubscription(sub), invoiceId, pendingPlanChange: outcome === 'requires_payment' ? pendingPlanChangeOf(ctx, user) : null };
}

/** POST /v1/subscription/change: applies the stored preview once; a repeat answers what the first did. */
export function applyChange(ctx: BillingContext, user: UserRow, request: SubscriptionChangeRequest, at: number): SubscriptionChangeResult {
  const { repo } = ctx;
  const row = repo.previewById(request.previewId);
  if (!row || row.user_id !== user.id) {
    refuse(PlanChangeRefusals.previewNotFound, 'Preview not found', 'This plan change preview is not known for your account: preview the change again.', 404);
  }
  if (row.target_plan_id !== request.planId || row.target_interval !== request.interval) {
    refuse(PlanChangeRefusals.previewMismatch, 'Not the previewed change', 'The plan or billing interval differs from the one previewed: preview this change first.');
  }
  if (row.result !== null) return JSON.parse(row.result) as SubscriptionChangeResult;
  if (at >= row.expires_at) refuse(PlanChangeRefusals.previewExpired, 'Preview expired', 'This preview has expired: preview the change again to see the current amounts.');
  const sub = liveSubscription(ctx, user);
  if (subscriptionFingerprint(sub) !== row.fingerprint) {
    refuse(PlanChangeRefusals.previewStale, 'Subscription changed', 'Your subscription changed since this preview: preview the change again to see the current amounts.');
  }
  const preview = JSON.parse(row.body) as SubscriptionChangePreview;
  let result: SubscriptionChangeResult;
  if (row.kind === 'trial' && sub) {
    repo.updateSubscription(sub.id, {
      plan_id: row.target_plan_id,
      price_amount: row.target_price,
      interval: row.target_interval,
      scheduled_plan_id: null,
      scheduled_interval: null,
      scheduled_price: null,
    });
    dropPending(ctx, user.id);
    notify.planChanged(repo, user, PLANS[row.target_plan_id].name, row.target_interval, at);
    result = resultOf(ctx, user, 'applied', null);
  } else if (row.kind === 'downgrade' && sub) {
    // A newer downgrade replaces a scheduled one.
    repo.updateSubscription(sub.id, { scheduled_plan_id: row.target_plan_id, scheduled_interval: row.target_interval, scheduled_price: row.target_price });
    notify.downgradeScheduled(repo, user, PLANS[row.target_plan_id].name, sub.current_period_end, at);
    result = resultOf(ctx, user, 'scheduled', null);
  } else {
    // A new change replaces one waiting for payment.
    dropPending(ctx, user.id);
    const invoice = finalizeInvoice(ctx, user, {
      subscriptionId: sub?.id ?? null,
      status: 'open',
      created: at,
      periodStart: row.new_period_start,
      periodEnd: row.new_period_end,
      amount: 0,
      lines: preview.lines.map(fromLine),
      purpose: 'plan_change',
    });
    notify.invoiceIssued(repo, user, invoice, at, PLANS[row.target_plan_id].name);
    const charged = invoice.total > 0 ? chargePlanChange(ctx, user, invoice, repo.defaultCard(user), at, false) : settleFree(ctx, invoice, at);
    if (charged.paid) {
      completeUpgrade(ctx, user, row, invoice.id, at);
      result = resultOf(ctx, user, 'applied', invoice.id);
    } else {
      repo.upsertPendingChange({ user_id: user.id, preview_id: row.id, invoice_id: invoice.id, reason: charged.reason, decline_code: charged.declineCode, created_at: at, expires_at: at + PENDING_TTL });
      const current = repo.subscriptionOf(user.id);
      result = current
        ? resultOf(ctx, user, 'requires_payment', invoice.id)
        : { outcome: 'requires_payment', subscription: null, invoiceId: invoice.id, pendingPlanChange: pendingPlanChangeOf(ctx, user) };
    }
  }
  repo.updatePreview(row.id, { applied_at: at, result: JSON.stringify(result) });
  return result;
}

/** A change that owes nothing now (a credit as large as the charge) is paid as it is issued. */
function settleFree(ctx: BillingContext, invoice: InvoiceRow, at: number): ChargeOutcome {
  ctx.repo.updateInvoice(invoice.id, { status: 'paid', paid_at: at, amount_paid: invoice.total });
  return { paid: true };
}

const REASON_WORDS: Readonly<Record<PaymentRequiredReason, string>> = {
  authentication_required: 'Your bank asks you to confirm this payment (3-D Secure).',
  card_declined: 'Your card was declined.',
  no_payment_method: 'There is no card on file: add one to pay for the change.',
};

/** The pending change's reason in words, with the decline's own sentence for a declined card. */
export function pendingMessage(reason: PaymentRequiredReason, declineCode: string | null): string {
  return reason === 'card_declined' && declineCode !== null ? declineFor(declineCode).message : REASON_WORDS[reason];
}

/** AccountSummary.pendingPlanChange. */
export function pendingPlanChangeOf(ctx: BillingContext, user: UserRow): PendingPlanChange | null {
  const { repo } = ctx;
  const pending = repo.pendingChangeOf(user.id);
  if (!pending) return null;
  const invoice = repo.invoiceById(pending.invoice_id);
  const preview = repo.previewById(pending.preview_id);
  if (!invoice || !preview) return null;
  return {
    to: planAtPrice(preview.target_plan_id, preview.target_interval, preview.target_price),
    invoiceId: invoice.id,
    amountDue: usd(invoice.total - invoice.amount_paid),
    reason: pending.reason,
    declineCode: pending.decline_code,
    message: pendingMessage(pending.reason, pending.decline_code),
    expiresAt: iso(pending.expires_at),
  };
}

export type PendingPayment =
  | { readonly kind: 'none' }
  | { readonly kind: 'paid'; readonly amountCents: number; readonly planName: string }
  | { readonly kind: 'failed'; readonly reason: PaymentRequiredReason; readonly declineCode: string | null; readonly message: string };

/** The portal pays a pending change with `card` (the cardholder is present: 3-D Secure was answered when `authenticated`). */
export function payPendingChange(ctx: BillingContext, user: UserRow, card: CardRow | undefined, at: number, authenticated: boolean): PendingPayment {
  const { repo } = ctx;
  const pending = repo.pendingChangeOf(user.id);
  const invoice = pending && repo.invoiceById(pending.invoice_id);
  const preview = pending && repo.previewById(pending.preview_id);
  if (!pending || !invoice || !preview || invoice.status !== 'open') return { kind: 'none' };
  // The subscription moved on (a renewal, a cancellation): the proration no longer fits, so the change lapses now.
  if (subscriptionFingerprint(liveSubscription(ctx, user)) !== preview.fingerprint) {
    dropPending(ctx, user.id);
    return { kind: 'none' };
  }
  const charged = chargePlanChange(ctx, user, invoice, card, at, authenticated);
  if (!charged.paid) {
    repo.upsertPendingChange({ ...pending, reason: charged.reason, decline_code: charged.declineCode });
    return { kind: 'failed', reason: charged.reason, declineCode: charged.declineCode, message: pendingMessage(charged.reason, charged.declineCode) };
  }
  completeUpgrade(ctx, user, preview, invoice.id, at);
  // A repeat of the change request now answers what finally happened.
  repo.updatePreview(preview.id, { result: JSON.stringify(resultOf(ctx, user, 'applied', invoice.id)) });
  return { kind: 'paid', amountCents: invoice.total, planName: PLANS[preview.target_plan_id].name };
}

/** POST /v1/subscription/cancel: ends at the period end; a scheduled downgrade is dropped. */
export function cancelSubscription(ctx: BillingContext, user: UserRow, reason: CancelSubscriptionRequest['reason'], at: number): SubscriptionRow {
  const { repo } = ctx;
  const sub = repo.subscriptionOf(user.id);
  if (!sub || (sub.status !== 'active' && sub.status !== 'trialing') || sub.cancel_at_period_end === 1) {
    refuse(PlanChangeRefusals.nothingToCancel, 'Nothing to cancel', 'There is no renewing subscription to cancel: it is already set to end, has ended, or you are on Free.');
  }
  repo.updateSubscription(sub.id, {
    cancel_at_period_end: 1,
    canceled_at: at,
    cancel_reason: reason === undefined ? null : JSON.stringify(reason),
    scheduled_plan_id: null,
    scheduled_interval: null,
    scheduled_price: null,
  });
  notify.cancellationScheduled(repo, user, PLANS[sub.plan_id].name, sub.current_period_end, at);
  return repo.subscriptionOf(user.id)!;
}

/** POST /v1/subscription/resume: renews again. */
export function resumeSubscription(ctx: BillingContext, user: UserRow, at: number): SubscriptionRow {
  const { repo } = ctx;
  const sub = repo.subscriptionOf(user.id);
  if (!sub || (sub.status !== 'active' && sub.status !== 'trialing') || sub.cancel_at_period_end === 0) {
    refuse(PlanChangeRefusals.notCanceling, 'Not canceling', 'Your subscription is not set to end, so there is nothing to resume.');
  }
  repo.updateSubscription(sub.id, { cancel_at_period_end: 0, canceled_at: null, cancel_reason: null });
  notify.resumed(repo, user, PLANS[sub.plan_id].name, at);
  return repo.subscriptionOf(user.id)!;
}

/** DELETE /v1/subscription/scheduled-change: keeps the current plan. */
export function keepCurrentPlan(ctx: BillingContext, user: UserRow): SubscriptionRow {
  const { repo } = ctx;
  const sub = repo.subscriptionOf(user.id);
  if (!sub || sub.scheduled_plan_id === null) refuse(PlanChangeRefusals.noScheduledChange, 'No change scheduled', 'No plan change is scheduled for the end of this period.');
  repo.updateSubscription(sub.id, { scheduled_plan_id: null, scheduled_interval: null, scheduled_price: null });
  return repo.subscriptionOf(user.id)!;
}

/** The period end applies a scheduled downgrade before the renewal is invoiced; answers the renewing subscription. */
export function applyScheduledChange(ctx: BillingContext, sub: SubscriptionRow, at: number): SubscriptionRow {
  const { repo } = ctx;
  if (sub.scheduled_plan_id === null || sub.scheduled_interval === null || sub.scheduled_price === null) return sub;
  repo.updateSubscription(sub.id, {
    plan_id: sub.scheduled_plan_id,
    interval: sub.scheduled_interval,
    price_amount: sub.scheduled_price,
    scheduled_plan_id: null,
    scheduled_interval: null,
    scheduled_price: null,
  });
  notify.planChanged(repo, repo.userById(sub.user_id)!, PLANS[sub.scheduled_plan_id].name, sub.scheduled_interval, at);
  return repo.subscriptionOf(sub.user_id)!;
}

/** "Upgrade to Pro+ — $43.00 due now", for the portal page. */
export function pendingHeadline(pending: PendingPlanChange): string {
  return `Upgrade to ${pending.to.planName} — ${formatUsd(pending.amountDue.amount)} due now`;
}
