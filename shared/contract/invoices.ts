/** Billing API v1: invoices (GET /v1/invoices, GET /v1/invoices/{id}/pdf). */
import { Type, type Static } from '@sinclair/typebox';
import { BillingDetails } from './billingDetails';
import { Money, Nullable, Timestamp } from './common';

export const InvoiceStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('open'),
  Type.Literal('paid'),
  Type.Literal('void'),
  Type.Literal('uncollectible'),
]);
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const InvoiceLine = Type.Object(
  {
    description: Type.String(),
    quantity: Type.Integer(),
    amount: Money,
    periodStart: Nullable(Timestamp),
    periodEnd: Nullable(Timestamp),
  },
  { $id: 'InvoiceLine', additionalProperties: false },
);
export type InvoiceLine = Static<typeof InvoiceLine>;

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

export const InvoiceListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    /** Invoice id of the last item of the previous page. */
    startingAfter: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { $id: 'InvoiceListQuery', additionalProperties: false },
);
export type InvoiceListQuery = Static<typeof InvoiceListQuery>;

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
