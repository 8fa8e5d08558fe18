/**
 * Billing API v1: invoices (GET /v1/invoices, GET /v1/invoices/{id},
 * GET /v1/invoices/{id}/pdf) and payments (GET /v1/payments). Tax is decided
 * when an invoice is finalized, from the billing details of that moment
 * (docs/tax.md); a finalized invoice never changes its lines or tax.
 */
import { Type, type Static } from '@sinclair/typebox';
import { BillingDetails } from './billingDetails';
import { Money, Nullable, Timestamp } from './common';
import { CardBrand } from './paymentMethods';

export const InvoiceStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('open'),
  Type.Literal('paid'),
  Type.Literal('void'),
  Type.Literal('uncollectible'),
]);
export type InvoiceStatus = Static<typeof InvoiceStatus>;

/** What a line bills: the plan's period, a proration of a plan change, or usage beyond the plan's credits. */
export const InvoiceLineKind = Type.Union([Type.Literal('subscription'), Type.Literal('proration'), Type.Literal('overage')]);
export type InvoiceLineKind = Static<typeof InvoiceLineKind>;

export const InvoiceLine = Type.Object(
  {
    kind: InvoiceLineKind,
    description: Type.String(),
    quantity: Type.Integer(),
    /** Excluding tax; negative for a credit (unused time of a plan change). */
    amount: Money,
    periodStart: Nullable(Timestamp),
    periodEnd: Nullable(Timestamp),
  },
  { $id: 'InvoiceLine', additionalProperties: false },
);
export type InvoiceLine = Static<typeof InvoiceLine>;

export const TaxKind = Type.Union([
  Type.Literal('vat'),
  Type.Literal('gst'),
  Type.Literal('hst'),
  Type.Literal('pst'),
  Type.Literal('qst'),
  Type.Literal('igst'),
  Type.Literal('cgst'),
  Type.Literal('sgst'),
  Type.Literal('reverse_charge'),
]);
export type TaxKind = Static<typeof TaxKind>;

export const TaxLine = Type.Object(
  {
    kind: TaxKind,
    /** Where the tax is owed: a country code, or country-province, e.g. "DE", "CA-QC". */
    jurisdiction: Type.String(),
    /** How invoices name it, e.g. "VAT 19%", "QST 9.975%", "VAT reverse charge". */
    label: Type.String(),
    /** The rate in thousandths of a percent (19% = 19000); 0 for a reverse charge. */
    rateMilliPercent: Type.Integer({ minimum: 0 }),
    taxableAmount: Money,
    amount: Money,
    /** A note the invoice must carry, e.g. the reverse-charge legal note. */
    note: Nullable(Type.String()),
  },
  { $id: 'TaxLine', additionalProperties: false },
);
export type TaxLine = Static<typeof TaxLine>;

export const Invoice = Type.Object(
  {
    id: Type.String(),
    /** Human-facing number, e.g. "PB-2026-0012". */
    number: Type.String(),
    status: InvoiceStatus,
    created: Timestamp,
    periodStart: Timestamp,
    periodEnd: Timestamp,
    dueDate: Nullable(Timestamp),
    paidAt: Nullable(Timestamp),
    /** Sum of the lines, before tax. */
    subtotal: Money,
    taxLines: Type.Array(TaxLine),
    /** Sum of the tax lines. */
    tax: Money,
    /** subtotal + tax. */
    total: Money,
    amountPaid: Money,
    amountDue: Money,
    attemptCount: Type.Integer({ minimum: 0 }),
    lines: Type.Array(InvoiceLine),
    /** The billing details as they were when the invoice was finalized. */
    billingDetails: BillingDetails,
  },
  { $id: 'Invoice', additionalProperties: false },
);
export type Invoice = Static<typeof Invoice>;

/** The card a payment was made with, as a payment record shows it. */
export const PaymentCard = Type.Object({ brand: CardBrand, last4: Type.String({ pattern: '^[0-9]{4}$' }) }, { $id: 'PaymentCard', additionalProperties: false });
export type PaymentCard = Static<typeof PaymentCard>;

export const PaymentStatus = Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('refunded')]);
export type PaymentStatus = Static<typeof PaymentStatus>;

/** One charge attempt (or refund) of an invoice. */
export const Payment = Type.Object(
  {
    id: Type.String(),
    created: Timestamp,
    /** Positive; a refund's amount is what was given back. */
    amount: Money,
    status: PaymentStatus,
    /** Null when no card was on file (the attempt failed without one). */
    card: Nullable(PaymentCard),
    invoiceId: Type.String(),
    invoiceNumber: Type.String(),
    /** Stripe-style decline code of a failed attempt, e.g. "insufficient_funds". */
    declineCode: Nullable(Type.String()),
    /** The decline in words, for the user. */
    declineMessage: Nullable(Type.String()),
  },
  { $id: 'Payment', additionalProperties: false },
);
export type Payment = Static<typeof Payment>;

/** GET /v1/invoices/{id}: the invoice with its payment attempts, oldest first. */
export const InvoiceDetails = Type.Object(
  {
    invoice: Invoice,
    payments: Type.Array(Payment),
  },
  { $id: 'InvoiceDetails', additionalProperties: false },
);
export type InvoiceDetails = Static<typeof InvoiceDetails>;

/** Cursor pagination of GET /v1/invoices and GET /v1/payments. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    /** Id of the last item of the previous page. */
    startingAfter: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { $id: 'PageQuery', additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const InvoiceList = Type.Object(
  {
    data: Type.Array(Invoice),
    hasMore: Type.Boolean(),
    /** Pass as startingAfter to fetch the next page; null on the last page. */
    nextCursor: Nullable(Type.String()),
  },
  { $id: 'InvoiceList', additionalProperties: false },
);
export type InvoiceList = Static<typeof InvoiceList>;

/** GET /v1/payments: every charge attempt and refund, newest first. */
export const PaymentList = Type.Object(
  {
    data: Type.Array(Payment),
    hasMore: Type.Boolean(),
    nextCursor: Nullable(Type.String()),
  },
  { $id: 'PaymentList', additionalProperties: false },
);
export type PaymentList = Static<typeof PaymentList>;
