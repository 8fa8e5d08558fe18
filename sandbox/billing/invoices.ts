import type { InvoiceDetails, InvoiceLine, InvoiceStatus } from '../../shared/contract/invoices';
import type { BillingContext } from './context';
import { newId } from './ids';
import { usd } from './money';
import { planLineDescription } from './plans';
import { billingDetailsOf, toInvoice, toPayment, type InvoiceRow, type UserRow } from './repository';
import { invoiceSeller, taxOf, type InvoiceSeller } from './tax';
import { iso } from './time';

/** An invoice line in cents; quantity defaults to 1. */
export interface NewInvoiceLine {
  readonly kind: InvoiceLine['kind'];
  readonly description: string;
  readonly quantity?: number;
  readonly amountCents: number;
  readonly periodStart: number;
  readonly periodEnd: number;
}

export interface NewInvoice {
  readonly subscriptionId: string | null;
  readonly status: InvoiceStatus;
  readonly created: number;
  readonly periodStart: number;
  readonly periodEnd: number;
  /** The plan line's amount, before tax (ignored when `lines` are given). */
  readonly amount: number;
  /** Default: the Pro monthly plan line. */
  readonly description?: string;
  /** Lines in cents instead of the one plan line (a plan change's proration or first period). */
  readonly lines?: readonly NewInvoiceLine[];
  readonly purpose?: InvoiceRow['purpose'];
  /** Lines after the plan line(s): the overage of the period that ended. */
  readonly extraLines?: readonly NewInvoiceLine[];
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
  const specLines = spec.lines ?? [
    { kind: 'subscription' as const, description: spec.description ?? planLineDescription('pro', 'month'), amountCents: spec.amount, periodStart: spec.periodStart, periodEnd: spec.periodEnd },
  ];
  const allLines = [...specLines, ...(spec.extraLines ?? [])];
  const lines: InvoiceLine[] = allLines.map((l) => ({
    kind: l.kind,
    description: l.description,
    quantity: l.quantity ?? 1,
    amount: usd(l.amountCents),
    periodStart: iso(l.periodStart),
    periodEnd: iso(l.periodEnd),
  }));
  // A credit larger than the charge owes nothing (the rest is not paid out).
  const subtotal = Math.max(0, allLines.reduce((sum, l) => sum + l.amountCents, 0));
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
    lines: JSON.stringify(lines),
    tax_lines: JSON.stringify(taxLines),
    billing_details: JSON.stringify(billingDetailsOf(user)),
    seller: JSON.stringify(invoiceSeller(config.seller, taxLines)),
    first_failed_at: null,
    last_failed_at: null,
    decline_code: null,
    next_retry_at: null,
    dunning_ends_at: null,
    purpose: spec.purpose ?? null,
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
