/**
 * All the SQL of the sandbox, on one statement cache: the billing tables
 * (rows, their mapping to contract shapes, and the queries the billing code
 * needs) here, the other tables by group in sandbox/db/*Records.ts, reached as
 * fields of the Repository. Services call methods, never SQL. Callers own
 * transactions.
 */
import type { PaymentMethod, PlanId, Subscription, SubscriptionStatus, CardBrand } from '../../shared/contract/account';
import type { Address, BillingDetails, TaxId } from '../../shared/contract/billingDetails';
import type { Invoice, InvoiceLine, InvoiceStatus } from '../../shared/contract/invoices';
import type { ChargeOutcome, OutboxKind, OutboxMessage } from '../../shared/contract/sandboxAdmin';
import { readMeta, statementCache, writeMeta, type Db, type Statements } from '../db/database';
import { EntitlementTokenRecords } from '../db/entitlementTokenRecords';
import { IdempotencyKeyRecords } from '../db/idempotencyKeyRecords';
import { OAuthRecords } from '../db/oauthRecords';
import { PortalSessionRecords } from '../db/portalSessionRecords';
import { newId } from './ids';
import { usd } from './money';
import { iso, isoOrNull } from './time';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  created_at: number;
  billing_name: string;
  billing_address: string | null;
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
  total: number;
  amount_paid: number;
  attempt_count: number;
  lines: string;
  billing_details: string;
  first_failed_at: number | null;
  last_failed_at: number | null;
  decline_code: string | null;
  next_retry_at: number | null;
  dunning_ends_at: number | null;
}

export interface OutboxRow {
  seq: number;
  id: string;
  user_id: string;
  kind: OutboxKind;
  subject: string;
  body: string;
  created_at: number;
}

export const PRO_PLAN = { id: 'pro' as const, name: 'Pro', priceCents: 2000, interval: 'month' as const };
export const FREE_PLAN = { id: 'free' as const, name: 'Free' };

/** Statuses of a finalized invoice whose amount is still owed. */
const OUTSTANDING_STATUSES: readonly InvoiceStatus[] = ['open', 'uncollectible'];
const OUTSTANDING_SQL = OUTSTANDING_STATUSES.map((status) => `'${status}'`).join(', ');

// ---------------------------------------------------------------------------
// Mapping to the contract

export function billingDetailsOf(user: UserRow): BillingDetails {
  return {
    name: user.billing_name,
    email: user.email,
    address: user.billing_address === null ? null : (JSON.parse(user.billing_address) as Address),
    taxIds: JSON.parse(user.billing_tax_ids) as TaxId[],
  };
}

export function toPaymentMethod(card: CardRow): PaymentMethod {
  return { id: card.id, brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year };
}

export function toSubscription(sub: SubscriptionRow): Subscription {
  return {
    id: sub.id,
    planId: sub.plan_id,
    planName: sub.plan_id === 'pro' ? PRO_PLAN.name : FREE_PLAN.name,
    price: usd(sub.price_amount),
    interval: sub.interval,
    status: sub.status,
    currentPeriodStart: iso(sub.current_period_start),
    currentPeriodEnd: iso(sub.current_period_end),
    trialEnd: isoOrNull(sub.trial_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end === 1,
    canceledAt: isoOrNull(sub.canceled_at),
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
    total: usd(inv.total),
    amountPaid: usd(inv.amount_paid),
    amountDue: usd(amountDueOf(inv)),
    attemptCount: inv.attempt_count,
    lines: JSON.parse(inv.lines) as InvoiceLine[],
    billingDetails: JSON.parse(inv.billing_details) as BillingDetails,
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

  constructor(readonly db: Db) {
    this.stmt = statementCache(db);
    this.oauth = new OAuthRecords(this.stmt);
    this.portalSessions = new PortalSessionRecords(this.stmt);
    this.idempotencyKeys = new IdempotencyKeyRecords(this.stmt);
    this.entitlementTokens = new EntitlementTokenRecords(this.stmt);
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

  defaultCard(user: UserRow): CardRow | undefined {
    if (!user.default_payment_method_id) return undefined;
    const card = this.cardById(user.default_payment_method_id);
    return card && card.detached_at === null ? card : undefined;
  }

  /** Saves a card as the user's only (default) card; earlier cards are detached. */
  attachCard(userId: string, card: Omit<CardRow, 'id' | 'user_id' | 'detached_at'>): CardRow {
    const row: CardRow = { id: newId('pm'), user_id: userId, detached_at: null, ...card };
    this.stmt('UPDATE payment_methods SET detached_at = ? WHERE user_id = ? AND detached_at IS NULL').run(card.created_at, userId);
    this.stmt(
      `INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, cardholder_name, charge_outcome, created_at)
       VALUES (@id, @user_id, @brand, @last4, @exp_month, @exp_year, @cardholder_name, @charge_outcome, @created_at)`,
    ).run(row);
    this.updateUser(userId, { default_payment_method_id: row.id });
    return row;
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

  insertSubscription(row: SubscriptionRow): void {
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
         total, amount_paid, attempt_count, lines, billing_details, first_failed_at, last_failed_at, decline_code,
         next_retry_at, dunning_ends_at)
       VALUES (@id, @number, @user_id, @subscription_id, @status, @created, @period_start, @period_end, @due_date, @paid_at,
         @total, @amount_paid, @attempt_count, @lines, @billing_details, @first_failed_at, @last_failed_at, @decline_code,
         @next_retry_at, @dunning_ends_at)`,
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

  /** Open and uncollectible invoices of a user, oldest first. */
  outstandingInvoices(userId: string): InvoiceRow[] {
    return this.stmt(
      `SELECT * FROM invoices WHERE user_id = ? AND status IN (${OUTSTANDING_SQL}) ORDER BY created, seq`,
    ).all(userId) as InvoiceRow[];
  }

  allOpenInvoices(): InvoiceRow[] {
    return this.stmt("SELECT * FROM invoices WHERE status = 'open'").all() as InvoiceRow[];
  }

  insertCharge(row: { invoice_id: string; payment_method_id: string | null; amount: number; outcome: string; created_at: number }): void {
    this.stmt(
      'INSERT INTO charges (invoice_id, payment_method_id, amount, outcome, created_at) VALUES (@invoice_id, @payment_method_id, @amount, @outcome, @created_at)',
    ).run(row);
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
