import type { InvoiceDetails, InvoiceLine, InvoiceStatus } from '../../shared/contract/invoices';
import type { BillingContext } from './context';
import { newId } from './ids';
import { usd } from './money';
import { billingDetailsOf, PRO_PLAN, toInvoice, toPayment, type InvoiceRow, type UserRow } from './repository';
import { invoiceSeller, taxOf, type InvoiceSeller } from './tax';
import { iso } from './time';

export interface NewInvoice {
  readonly subscriptionId: string | null;
  readonly status: InvoiceStatus;
  readonly created: number;
  readonly periodStart: number;
  readonly periodEnd: number;
  /** The plan line's amount, before tax. */
  readonly amount: number;
  readonly description?: string;
  /** Lines after the plan line, in cents (the overage of the period that ended). */
  readonly extraLines?: readonly { kind: InvoiceLine['kind']; description: string; quantity: number; amountCents: number; periodStart: number; periodEnd: number }[];
  readonly paidAt?: number | null;
  readonly attemptCount?: number;
}

/**
 * Finalizes an invoice: numbers it, decides its tax and snapshots the user's
 * billing details and the seller as they are now, so later edits change
 * future invoices only (docs/tax.md#when-tax-is-decided).
 */
export function finalizeInvoice(ctx: BillingContext, user: UserRow, spec: NewInvoice): InvoiceRow {
  const { repo, config } = ctx;
  const line: InvoiceLine = {
    kind: 'subscription',
    description: spec.description ?? `${PRO_PLAN.name} plan (monthly)`,
    quantity: 1,
    amount: usd(spec.amount),
    periodStart: iso(spec.periodStart),
    periodEnd: iso(spec.periodEnd),
  };
  const extra: InvoiceLine[] = (spec.extraLines ?? []).map((l) => ({
    kind: l.kind,
    description: l.description,
    quantity: l.quantity,
    amount: usd(l.amountCents),
    periodStart: iso(l.periodStart),
    periodEnd: iso(l.periodEnd),
  }));
  const subtotal = spec.amount + (spec.extraLines ?? []).reduce((sum, l) => sum + l.amountCents, 0);
  const { lines: taxLines, tax } = taxOf(config.seller, user, subtotal);
  const total = subtotal + tax;
  const paid = spec.status === 'paid';
  return repo.insertInvoice({
    id: newId('in'),
    number: repo.nextInvoiceNumber(),
    user_id: user.id,
    subscription_id: spec.subscriptionId,
    status: spec.status,
    created: spec.created,
    period_start: spec.periodStart,
    period_end: spec.periodEnd,
    // Charged automatically, so there is no separate due date (Stripe's charge_automatically).
    due_date: null,
    paid_at: paid ? (spec.paidAt ?? spec.created) : null,
    subtotal,
    tax,
    total,
    amount_paid: paid ? total : 0,
    attempt_count: spec.attemptCount ?? (paid && total > 0 ? 1 : 0),
    lines: JSON.stringify([line, ...extra]),
    tax_lines: JSON.stringify(taxLines),
    billing_details: JSON.stringify(billingDetailsOf(user)),
    seller: JSON.stringify(invoiceSeller(config.seller, taxLines)),
    first_failed_at: null,
    last_failed_at: null,
    decline_code: null,
    next_retry_at: null,
    dunning_ends_at: null,
  });
}

/** GET /v1/invoices/{id}: the invoice and its payment attempts and refunds, oldest first. */
export function invoiceDetails(ctx: BillingContext, invoice: InvoiceRow): InvoiceDetails {
  return { invoice: toInvoice(invoice), payments: ctx.repo.paymentsOfInvoice(invoice.id).map(toPayment) };
}

/** The seller an invoice was issued by; invoices from before sellers were recorded print today's, without numbers. */
export function sellerOfInvoice(ctx: BillingContext, invoice: InvoiceRow): InvoiceSeller {
  if (invoice.seller !== null) return JSON.parse(invoice.seller) as InvoiceSeller;
  return { name: ctx.config.seller.name, addressLines: ctx.config.seller.addressLines, taxNumbers: [] };
}
