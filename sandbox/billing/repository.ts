/**
 * All the SQL of the sandbox, on one statement cache: the billing tables
 * (rows, their mapping to contract shapes, and the queries the billing code
 * needs) here, the other tables by group in sandbox/db/*Records.ts, reached as
 * fields of the Repository. Services call methods, never SQL. Callers own
 * transactions.
 */
import type { BillingInterval, PaymentRequiredReason, Subscription, SubscriptionStatus } from '../../shared/contract/account';
import type { PlanId } from '../../shared/contract/planId';
import type { Address, BillingDetails, TaxId } from '../../shared/contract/billingDetails';
import type { Invoice, InvoiceLine, InvoiceStatus, Payment, PaymentStatus, TaxLine } from '../../shared/contract/invoices';
import type { CardBrand, CardFunding, PaymentMethod } from '../../shared/contract/paymentMethods';
import type { ChargeOutcome, OutboxKind, OutboxMessage } from '../../shared/contract/sandboxAdmin';
import { readMeta, statementCache, writeMeta, type Db, type Statements } from '../db/database';
import { AccountVersionRecords } from '../db/accountVersionRecords';
import { EntitlementTokenRecords } from '../db/entitlementTokenRecords';
import { IdempotencyKeyRecords } from '../db/idempotencyKeyRecords';
import { OAuthRecords } from '../db/oauthRecords';
import { PortalSessionRecords } from '../db/portalSessionRecords';
import { UsageRecords } from '../db/usageRecords';
import { declineFor } from './cards';
import { newId } from './ids';
import { usd } from './money';
import { planAtPrice, PLANS } from './plans';
import { iso, isoOrNull } from './time';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  created_at: number;
  billing_name: string;
  billing_address: string | null;
  /** JSON of StoredTaxId[]. */
  billing_tax_ids: string;
  default_payment_method_id: string | null;
  entitlement_seq: number;
}

export interface CardRow {
  id: string;
  user_id: string;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  cardholder_name: string;
  charge_outcome: ChargeOutcome;
  created_at: number;
  detached_at: number | null;
  funding: CardFunding;
  /** JSON of Address, or null when the card was saved without one. */
  billing_address: string | null;
  /** 1 for a card that asks for 3-D Secure on every payment (4000 0027 6000 3184): a plan change waits for the cardholder. */
  requires_authentication: number;
}

/** A tax ID as stored: `verified` once its issuer's check (here: its check digits) passed when it was saved. */
export interface StoredTaxId extends TaxId {
  readonly verified?: boolean;
}

export interface SubscriptionRow {
  id: string;
  user_id: string;
  plan_id: PlanId;
  price_amount: number;
  interval: 'month' | 'year';
  status: SubscriptionStatus;
  current_period_start: number;
  current_period_end: number;
  trial_end: number | null;
  cancel_at_period_end: number;
  canceled_at: number | null;
  ended_at: number | null;
  created_at: number;
  trial_notice_sent: number;
  card_notice_key: string | null;
  /** A downgrade that applies at current_period_end (all three set, or none). */
  scheduled_plan_id: PlanId | null;
  scheduled_interval: BillingInterval | null;
  scheduled_price: number | null;
  /** JSON of the cancellation's { code, comment? }, when one was given. */
  cancel_reason: string | null;
}

export interface InvoiceRow {
  seq: number;
  id: string;
  number: string;
  user_id: string;
  subscription_id: string | null;
  status: InvoiceStatus;
  created: number;
  period_start: number;
  period_end: number;
  due_date: number | null;
  paid_at: number | null;
  /** Before tax. */
  subtotal: number;
  tax: number;
  /** subtotal + tax. */
  total: number;
  amount_paid: number;
  attempt_count: number;
  lines: string;
  /** JSON of TaxLine[], decided at finalization. */
  tax_lines: string;
  billing_details: string;
  /** JSON of InvoiceSeller as issued; null on invoices from before sellers were recorded. */
  seller: string | null;
  first_failed_at: number | null;
  last_failed_at: number | null;
  decline_code: string | null;
  next_retry_at: number | null;
  dunning_ends_at: number | null;
  /** 'plan_change' for an upgrade's invoice waiting for the cardholder: not owed, never retried, voided when it lapses. */
  purpose: 'plan_change' | null;
}

/** A charge attempt or a refund (status "refunded", `refund_of` the charge it gives back). */
export interface PaymentRow {
  seq: number;
  id: string;
  user_id: string;
  invoice_id: string;
  payment_method_id: string | null;
  status: PaymentStatus;
  amount: number;
  /** The card as it was at the time of the charge. */
  card_brand: CardBrand | null;
  card_last4: string | null;
  decline_code: string | null;
  refund_of: string | null;
  created_at: number;
}

/** A payment with the number of its invoice, as the listing queries return it. */
export type PaymentWithInvoice = PaymentRow & { invoice_number: string };

export interface OutboxRow {
  seq: number;
  id: string;
  user_id: string;
  kind: OutboxKind;
  subject: string;
  body: string;
  created_at: number;
}

/** How a previewed change applies (docs/lifecycle.md#plan-changes). */
export type PreviewKind = 'upgrade' | 'downgrade' | 'trial' | 'from_free';

export interface PreviewRow {
  id: string;
  user_id: string;
  kind: PreviewKind;
  /** The subscription as previewed (subscriptionFingerprint); a change applies only while it still matches. */
  fingerprint: string;
  target_plan_id: PlanId;
  target_interval: BillingInterval;
  target_price: number;
  /** The billing period once the change has taken effect. */
  new_period_start: number;
  new_period_end: number;
  /** JSON of the SubscriptionChangePreview answered. */
  body: string;
  created_at: number;
  expires_at: number;
  applied_at: number | null;
  /** JSON of the SubscriptionChangeResult, once applied (a repeat answers it again). */
  result: string | null;
}

export interface PendingChangeRow {
  user_id: string;
  preview_id: string;
  invoice_id: string;
  reason: PaymentRequiredReason;
  decline_code: string | null;
  created_at: number;
  expires_at: number;
}

/** Statuses of a finalized invoice whose amount is still owed. */
const OUTSTANDING_STATUSES: readonly InvoiceStatus[] = ['open', 'uncollectible'];
const OUTSTANDING_SQL = OUTSTANDING_STATUSES.map((status) => `'${status}'`).join(', ');

// ---------------------------------------------------------------------------
// Mapping to the contract

export function storedTaxIdsOf(user: UserRow): StoredTaxId[] {
  return JSON.parse(user.billing_tax_ids) as StoredTaxId[];
}

export function billingAddressOf(user: UserRow): Address | null {
  return user.billing_address === null ? null : (JSON.parse(user.billing_address) as Address);
}

export function billingDetailsOf(user: UserRow): BillingDetails {
  return {
    name: user.billing_name,
    email: user.email,
    address: billingAddressOf(user),
    // Verification is the service's own record, not part of the details the customer gave.
    taxIds: storedTaxIdsOf(user).map(({ type, value }) => ({ type, value })),
  };
}

export function toPaymentMethod(card: CardRow, defaultId: string | null): PaymentMethod {
  return {
    id: card.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
    funding: card.funding,
    cardholderName: card.cardholder_name,
    billingAddress: card.billing_address === null ? null : (JSON.parse(card.billing_address) as Address),
    isDefault: card.id === defaultId,
    created: iso(card.created_at),
  };
}

export function toSubscription(sub: SubscriptionRow): Subscription {
  return {
    id: sub.id,
    planId: sub.plan_id,
    planName: PLANS[sub.plan_id].name,
    price: usd(sub.price_amount),
    interval: sub.interval,
    status: sub.status,
    currentPeriodStart: iso(sub.current_period_start),
    currentPeriodEnd: iso(sub.current_period_end),
    trialEnd: isoOrNull(sub.trial_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end === 1,
    canceledAt: isoOrNull(sub.canceled_at),
    scheduledChange:
      sub.scheduled_plan_id !== null && sub.scheduled_interval !== null && sub.scheduled_price !== null
        ? { to: planAtPrice(sub.scheduled_plan_id, sub.scheduled_interval, sub.scheduled_price), effectiveAt: iso(sub.current_period_end) }
        : null,
  };
}

export function amountDueOf(inv: Pick<InvoiceRow, 'status' | 'total' | 'amount_paid'>): number {
  return OUTSTANDING_STATUSES.includes(inv.status) || inv.status === 'draft' ? inv.total - inv.amount_paid : 0;
}

export function toInvoice(inv: InvoiceRow): Invoice {
  return {
    id: inv.id,
    number: inv.number,
    status: inv.status,
    created: iso(inv.created),
    periodStart: iso(inv.period_start),
    periodEnd: iso(inv.period_end),
    dueDate: isoOrNull(inv.due_date),
    paidAt: isoOrNull(inv.paid_at),
    subtotal: usd(inv.subtotal),
    taxLines: JSON.parse(inv.tax_lines) as TaxLine[],
    tax: usd(inv.tax),
    total: usd(inv.total),
    amountPaid: usd(inv.amount_paid),
    amountDue: usd(amountDueOf(inv)),
    attemptCount: inv.attempt_count,
    lines: JSON.parse(inv.lines) as InvoiceLine[],
    billingDetails: JSON.parse(inv.billing_details) as BillingDetails,
  };
}

export function toPayment(row: PaymentWithInvoice): Payment {
  const failed = row.status === 'failed';
  return {
    id: row.id,
    created: iso(row.created_at),
    amount: usd(row.amount),
    status: row.status,
    card: row.card_brand !== null && row.card_last4 !== null ? { brand: row.card_brand, last4: row.card_last4 } : null,
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
    declineCode: failed ? (row.decline_code ?? 'generic_decline') : null,
    declineMessage: failed ? declineFor(row.decline_code ?? 'generic_decline').message : null,
  };
}

export function toOutboxMessage(row: OutboxRow, email: string): OutboxMessage {
  return { id: row.id, userId: row.user_id, email, kind: row.kind, subject: row.subject, body: row.body, createdAt: iso(row.created_at) };
}

// ---------------------------------------------------------------------------
// Queries

type Patch<T> = Partial<Omit<T, 'id' | 'seq'>>;

export class Repository {
  private readonly stmt: Statements;
  readonly oauth: OAuthRecords;
  readonly portalSessions: PortalSessionRecords;
  readonly idempotencyKeys: IdempotencyKeyRecords;
  readonly entitlementTokens: EntitlementTokenRecords;
  readonly usage: UsageRecords;
  readonly versions: AccountVersionRecords;

  constructor(readonly db: Db) {
    this.stmt = statementCache(db);
    this.oauth = new OAuthRecords(this.stmt);
    this.portalSessions = new PortalSessionRecords(this.stmt);
    this.idempotencyKeys = new IdempotencyKeyRecords(this.stmt);
    this.entitlementTokens = new EntitlementTokenRecords(this.stmt);
    this.usage = new UsageRecords(this.stmt);
    this.versions = new AccountVersionRecords(db, this.stmt);
  }

  private update(table: string, key: string, id: string, patch: object): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    // Column names come from the typed patch objects of this module, never from input.
    const sets = entries.map(([k]) => `${k} = @${k}`).join(', ');
    this.stmt(`UPDATE ${table} SET ${sets} WHERE ${key} = @__key`).run({ ...Object.fromEntries(entries), __key: id });
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Users --------------------------------------------------------------------

  userById(id: string): UserRow | undefined {
    return this.stmt('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  userByEmail(email: string): UserRow | undefined {
    return this.stmt('SELECT * FROM users WHERE email = ? COLLATE NOCASE').get(email) as UserRow | undefined;
  }

  listUsers(): UserRow[] {
    return this.stmt('SELECT * FROM users ORDER BY rowid').all() as UserRow[];
  }

  insertUser(row: Omit<UserRow, 'entitlement_seq' | 'default_payment_method_id'>): void {
    this.stmt(
      `INSERT INTO users (id, email, name, created_at, billing_name, billing_address, billing_tax_ids)
       VALUES (@id, @email, @name, @created_at, @billing_name, @billing_address, @billing_tax_ids)`,
    ).run(row);
  }

  updateUser(id: string, patch: Patch<UserRow>): void {
    this.update('users', 'id', id, patch);
  }

  // Cards --------------------------------------------------------------------

  cardById(id: string): CardRow | undefined {
    return this.stmt('SELECT * FROM payment_methods WHERE id = ?').get(id) as CardRow | undefined;
  }

  /** A saved (not removed) card of the user, or undefined — also for another user's card. */
  activeCardOf(userId: string, id: string): CardRow | undefined {
    const card = this.cardById(id);
    return card && card.user_id === userId && card.detached_at === null ? card : undefined;
  }

  defaultCard(user: UserRow): CardRow | undefined {
    if (!user.default_payment_method_id) return undefined;
    return this.activeCardOf(user.id, user.default_payment_method_id);
  }

  /** The user's saved cards, newest first. */
  cardsOf(userId: string): CardRow[] {
    return this.stmt('SELECT * FROM payment_methods WHERE user_id = ? AND detached_at IS NULL ORDER BY created_at DESC, rowid DESC').all(userId) as CardRow[];
  }

  insertCard(userId: string, card: Omit<CardRow, 'id' | 'user_id' | 'detached_at' | 'requires_authentication'> & { requires_authentication?: number }): CardRow {
    const row: CardRow = { id: newId('pm'), user_id: userId, detached_at: null, requires_authentication: 0, ...card };
    this.stmt(
      `INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, cardholder_name, charge_outcome, created_at, funding, billing_address, requires_authentication)
       VALUES (@id, @user_id, @brand, @last4, @exp_month, @exp_year, @cardholder_name, @charge_outcome, @created_at, @funding, @billing_address, @requires_authentication)`,
    ).run(row);
    return row;
  }

  /** Removes a card from the account; the row stays, so past payments keep pointing at it. */
  detachCard(id: string, at: number): void {
    this.stmt('UPDATE payment_methods SET detached_at = ? WHERE id = ?').run(at, id);
  }

  setDefaultCard(userId: string, cardId: string | null): void {
    this.updateUser(userId, { default_payment_method_id: cardId });
  }

  updateCard(id: string, patch: Patch<CardRow>): void {
    this.update('payment_methods', 'id', id, patch);
  }

  // Subscriptions ------------------------------------------------------------

  subscriptionOf(userId: string): SubscriptionRow | undefined {
    return this.stmt('SELECT * FROM subscriptions WHERE user_id = ?').get(userId) as SubscriptionRow | undefined;
  }

  allSubscriptions(): SubscriptionRow[] {
    return this.stmt('SELECT * FROM subscriptions').all() as SubscriptionRow[];
  }

  insertSubscription(row: Omit<SubscriptionRow, 'scheduled_plan_id' | 'scheduled_interval' | 'scheduled_price' | 'cancel_reason'>): void {
    this.stmt(
      `INSERT INTO subscriptions (id, user_id, plan_id, price_amount, interval, status, current_period_start, current_period_end,
         trial_end, cancel_at_period_end, canceled_at, ended_at, created_at, trial_notice_sent, card_notice_key)
       VALUES (@id, @user_id, @plan_id, @price_amount, @interval, @status, @current_period_start, @current_period_end,
         @trial_end, @cancel_at_period_end, @canceled_at, @ended_at, @created_at, @trial_notice_sent, @card_notice_key)`,
    ).run(row);
  }

  updateSubscription(id: string, patch: Patch<SubscriptionRow>): void {
    this.update('subscriptions', 'id', id, patch);
  }

  deleteSubscriptionOf(userId: string): void {
    this.stmt('DELETE FROM subscriptions WHERE user_id = ?').run(userId);
  }

  // Invoices -----------------------------------------------------------------

  nextInvoiceNumber(): string {
    const next = Number(readMeta(this.db, 'invoice_counter') ?? '100') + 1;
    writeMeta(this.db, 'invoice_counter', String(next));
    return `PB-${String(next).padStart(6, '0')}`;
  }

  insertInvoice(row: Omit<InvoiceRow, 'seq'>): InvoiceRow {
    const info = this.stmt(
      `INSERT INTO invoices (id, number, user_id, subscription_id, status, created, period_start, period_end, due_date, paid_at,
         subtotal, tax, total, amount_paid, attempt_count, lines, tax_lines, billing_details, seller, first_failed_at, last_failed_at,
         decline_code, next_retry_at, dunning_ends_at, purpose)
       VALUES (@id, @number, @user_id, @subscription_id, @status, @created, @period_start, @period_end, @due_date, @paid_at,
         @subtotal, @tax, @total, @amount_paid, @attempt_count, @lines, @tax_lines, @billing_details, @seller, @first_failed_at, @last_failed_at,
         @decline_code, @next_retry_at, @dunning_ends_at, @purpose)`,
    ).run(row);
    return { ...row, seq: Number(info.lastInsertRowid) };
  }

  updateInvoice(id: string, patch: Patch<InvoiceRow>): void {
    this.update('invoices', 'id', id, patch);
  }

  invoiceById(id: string): InvoiceRow | undefined {
    return this.stmt('SELECT * FROM invoices WHERE id = ?').get(id) as InvoiceRow | undefined;
  }

  /** Newest first; `after` is the last row of the previous page. */
  listInvoices(userId: string, limit: number, after?: InvoiceRow): InvoiceRow[] {
    if (!after) {
      return this.stmt('SELECT * FROM invoices WHERE user_id = ? ORDER BY created DESC, seq DESC LIMIT ?').all(userId, limit) as InvoiceRow[];
    }
    return this.stmt(
      `SELECT * FROM invoices WHERE user_id = ? AND (created < ? OR (created = ? AND seq < ?))
       ORDER BY created DESC, seq DESC LIMIT ?`,
    ).all(userId, after.created, after.created, after.seq, limit) as InvoiceRow[];
  }

  /** Open and uncollectible invoices of a user, oldest first; a plan change waiting for the cardholder is not owed. */
  outstandingInvoices(userId: string): InvoiceRow[] {
    return this.stmt(
      `SELECT * FROM invoices WHERE user_id = ? AND status IN (${OUTSTANDING_SQL}) AND purpose IS NULL ORDER BY created, seq`,
    ).all(userId) as InvoiceRow[];
  }

  /** Open invoices dunning may retry (not those of a pending plan change). */
  allOpenInvoices(): InvoiceRow[] {
    return this.stmt("SELECT * FROM invoices WHERE status = 'open' AND purpose IS NULL").all() as InvoiceRow[];
  }

  // Plan changes -------------------------------------------------------------

  insertPreview(row: PreviewRow): void {
    this.stmt(
      `INSERT INTO plan_change_previews (id, user_id, kind, fingerprint, target_plan_id, target_interval, target_price, new_period_start,
         new_period_end, body, created_at, expires_at, applied_at, result)
       VALUES (@id, @user_id, @kind, @fingerprint, @target_plan_id, @target_interval, @target_price, @new_period_start,
         @new_period_end, @body, @created_at, @expires_at, @applied_at, @result)`,
    ).run(row);
  }

  previewById(id: string): PreviewRow | undefined {
    return this.stmt('SELECT * FROM plan_change_previews WHERE id = ?').get(id) as PreviewRow | undefined;
  }

  updatePreview(id: string, patch: Patch<PreviewRow>): void {
    this.update('plan_change_previews', 'id', id, patch);
  }

  pendingChangeOf(userId: string): PendingChangeRow | undefined {
    return this.stmt('SELECT * FROM pending_plan_changes WHERE user_id = ?').get(userId) as PendingChangeRow | undefined;
  }

  allPendingChanges(): PendingChangeRow[] {
    return this.stmt('SELECT * FROM pending_plan_changes').all() as PendingChangeRow[];
  }

  upsertPendingChange(row: PendingChangeRow): void {
    this.stmt(
      `INSERT OR REPLACE INTO pending_plan_changes (user_id, preview_id, invoice_id, reason, decline_code, created_at, expires_at)
       VALUES (@user_id, @preview_id, @invoice_id, @reason, @decline_code, @created_at, @expires_at)`,
    ).run(row);
  }

  deletePendingChange(userId: string): void {
    this.stmt('DELETE FROM pending_plan_changes WHERE user_id = ?').run(userId);
  }

  // Times ----------------------------------------------------------------------

  /**
   * The first of the account's own times after `after` (billing ms), in one statement: its subscription's period
   * end and trial end (and an incomplete one's expiry, `incompleteExpiryMs` after its creation), the retries and
   * dunning ends of what it owes, a pending change's lapse, its usage period's end and its live bonus grants'
   * expiries. Null when none lies ahead.
   */
  nextAccountTimeAfter(userId: string, after: number, incompleteExpiryMs: number): number | null {
    return this.stmt(
      `SELECT MIN(t) FROM (
         SELECT current_period_end AS t FROM subscriptions WHERE user_id = @user
         UNION ALL SELECT trial_end FROM subscriptions WHERE user_id = @user
         UNION ALL SELECT created_at + @incomplete FROM subscriptions WHERE user_id = @user AND status = 'incomplete'
         UNION ALL SELECT next_retry_at FROM invoices WHERE user_id = @user AND status IN (${OUTSTANDING_SQL}) AND purpose IS NULL
         UNION ALL SELECT dunning_ends_at FROM invoices WHERE user_id = @user AND status IN (${OUTSTANDING_SQL}) AND purpose IS NULL
         UNION ALL SELECT expires_at FROM pending_plan_changes WHERE user_id = @user
         UNION ALL SELECT period_end FROM usage_periods WHERE user_id = @user
         UNION ALL SELECT expires_at FROM bonus_grants WHERE user_id = @user AND retired_at IS NULL
       ) WHERE t > @after`,
    )
      .pluck()
      .get({ user: userId, after, incomplete: incompleteExpiryMs }) as number | null;
  }

  // Payments -----------------------------------------------------------------

  insertPayment(row: Omit<PaymentRow, 'seq' | 'id'>): PaymentRow {
    const full = { id: newId('py'), ...row };
    const info = this.stmt(
      `INSERT INTO payments (id, user_id, invoice_id, payment_method_id, status, amount, card_brand, card_last4, decline_code, refund_of, created_at)
       VALUES (@id, @user_id, @invoice_id, @payment_method_id, @status, @amount, @card_brand, @card_last4, @decline_code, @refund_of, @created_at)`,
    ).run(full);
    return { ...full, seq: Number(info.lastInsertRowid) };
  }

  paymentById(id: string): PaymentWithInvoice | undefined {
    return this.stmt('SELECT p.*, i.number AS invoice_number FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.id = ?').get(id) as
      | PaymentWithInvoice
      | undefined;
  }

  /** An invoice's attempts and refunds, oldest first. */
  paymentsOfInvoice(invoiceId: string): PaymentWithInvoice[] {
    return this.stmt(
      'SELECT p.*, i.number AS invoice_number FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.invoice_id = ? ORDER BY p.created_at, p.seq',
    ).all(invoiceId) as PaymentWithInvoice[];
  }

  /** Newest first; `after` is the last row of the previous page. */
  listPayments(userId: string, limit: number, after?: PaymentRow): PaymentWithInvoice[] {
    const select = 'SELECT p.*, i.number AS invoice_number FROM payments p JOIN invoices i ON i.id = p.invoice_id';
    if (!after) {
      return this.stmt(`${select} WHERE p.user_id = ? ORDER BY p.created_at DESC, p.seq DESC LIMIT ?`).all(userId, limit) as PaymentWithInvoice[];
    }
    return this.stmt(
      `${select} WHERE p.user_id = ? AND (p.created_at < ? OR (p.created_at = ? AND p.seq < ?)) ORDER BY p.created_at DESC, p.seq DESC LIMIT ?`,
    ).all(userId, after.created_at, after.created_at, after.seq, limit) as PaymentWithInvoice[];
  }

  /** Cents already given back of a charge. */
  refundedCents(paymentId: string): number {
    const row = this.stmt("SELECT COALESCE(SUM(amount), 0) AS total FROM payments WHERE refund_of = ? AND status = 'refunded'").get(paymentId) as { total: number };
    return row.total;
  }

  // Outbox -------------------------------------------------------------------

  insertOutbox(row: Omit<OutboxRow, 'seq' | 'id'>): void {
    this.stmt('INSERT INTO outbox (id, user_id, kind, subject, body, created_at) VALUES (@id, @user_id, @kind, @subject, @body, @created_at)').run({
      id: newId('msg'),
      ...row,
    });
  }

  listOutbox(userId?: string): OutboxRow[] {
    if (userId) return this.stmt('SELECT * FROM outbox WHERE user_id = ? ORDER BY seq').all(userId) as OutboxRow[];
    return this.stmt('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[];
  }
}
