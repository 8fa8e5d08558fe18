import type { InvoiceLine, InvoiceStatus } from '../../shared/contract/invoices';
import { newId } from './ids';
import { usd } from './money';
import { billingDetailsOf, PRO_PLAN, type InvoiceRow, type Repository, type UserRow } from './repository';
import { iso } from './time';

export interface NewInvoice {
  readonly subscriptionId: string | null;
  readonly status: InvoiceStatus;
  readonly created: number;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly total: number;
  readonly description?: string;
  readonly paidAt?: number | null;
  readonly attemptCount?: number;
}

/**
 * Finalizes an invoice: numbers it and snapshots the user's billing details as
 * they are now, so later edits change future invoices only.
 */
export function finalizeInvoice(repo: Repository, user: UserRow, spec: NewInvoice): InvoiceRow {
  const line: InvoiceLine = {
    description: spec.description ?? `${PRO_PLAN.name} plan (monthly)`,
    quantity: 1,
    amount: usd(spec.total),
    periodStart: iso(spec.periodStart),
    periodEnd: iso(spec.periodEnd),
  };
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
    total: spec.total,
    amount_paid: paid ? spec.total : 0,
    attempt_count: spec.attemptCount ?? (paid && spec.total > 0 ? 1 : 0),
    lines: JSON.stringify([line]),
    billing_details: JSON.stringify(billingDetailsOf(user)),
    first_failed_at: null,
    last_failed_at: null,
    decline_code: null,
    next_retry_at: null,
    dunning_ends_at: null,
  });
}
