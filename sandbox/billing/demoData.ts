/**
 * Demo accounts (one per state, each with a tax situation of its own) and the
 * builder that puts an account into a demo state with a consistent
 * subscription, cards, invoices, payments and outbox — used both for the
 * first-start seed and for POST /sandbox/accounts/:id/state.
 */
import type { BillingInterval } from '../../shared/contract/account';
import type { PlanId } from '../../shared/contract/planId';
import type { Address, TaxId } from '../../shared/contract/billingDetails';
import type { CardBrand, CardFunding } from '../../shared/contract/paymentMethods';
import type { ChargeOutcome, DemoState } from '../../shared/contract/sandboxAdmin';
import type { BillingContext } from './context';
import { newId, stableId } from './ids';
import { finalizeInvoice } from './invoices';
import { notify } from './notifications';
import { nextRetryAfter } from './payments';
import { monthsOf, planLineDescription, PLANS } from './plans';
import { billingAddressOf, type CardRow, type InvoiceRow, type UserRow } from './repository';
import { verifyTaxIds } from './tax';
import { addMonths, DAY, HOUR, MINUTE, startOfUtcMonth } from './time';
import { readMeta, writeMeta } from '../db/database';
import { declineFor } from './cards';
import { DEMO_USAGE, seedDemoUsage } from './demoUsage';

/** A card of a demo account; the number is never stored, so only what a saved card keeps. */
interface DemoCard {
  readonly brand: CardBrand;
  readonly last4: string;
  readonly funding: CardFunding;
}

interface DemoAccount {
  readonly email: string;
  readonly name: string;
  readonly state: DemoState;
  readonly address: Address | null;
  readonly taxIds: TaxId[];
  /** Monthly paid invoices before the current period. */
  readonly history: number;
  /** The card the state's charges use (default: a Visa credit card). */
  readonly primaryCard?: DemoCard;
  /** Further saved cards, not the default (the help page's "several cards"). */
  readonly otherCards?: readonly DemoCard[];
  /** The paid plan of the state (default Pro). */
  readonly plan?: PaidPlanId;
}

export type PaidPlanId = Exclude<PlanId, 'free'>;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'free@sandbox.test', name: 'Frida Free', state: 'free', address: null, taxIds: [], history: 0 },
  {
    email: 'trialing@sandbox.test',
    name: 'Tariq Trial',
    state: 'trialing',
    address: { line1: '1 Market Street', line2: 'Suite 300', city: 'San Francisco', state: 'CA', postalCode: '94105', country: 'US' },
    // A US consumer: no tax.
    taxIds: [],
    history: 0,
  },
  {
    email: 'pro@sandbox.test',
    name: 'Priya Pro',
    state: 'active',
    // An EU business with a valid VAT ID (python-stdnum's example), from a seller outside Germany: reverse charge.
    address: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    taxIds: [{ type: 'eu_vat', value: 'DE136695976' }],
    history: 12,
    otherCards: [{ brand: 'mastercard', last4: '8210', funding: 'debit' }],
  },
  {
    email: 'canceling@sandbox.test',
    name: 'Cam Canceling',
    state: 'active_canceling',
    // An EU consumer: French VAT at 20%.
    address: { line1: '8 Rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'FR' },
    taxIds: [],
    history: 4,
    primaryCard: { brand: 'amex', last4: '0005', funding: 'credit' },
  },
  {
    email: 'pastdue@sandbox.test',
    name: 'Pat Pastdue',
    state: 'past_due',
    // An Australian GST-registered business: reverse charge from an overseas seller.
    address: { line1: '1 Macquarie Street', city: 'Sydney', state: 'NSW', postalCode: '2000', country: 'AU' },
    taxIds: [{ type: 'au_abn', value: '51824753556' }],
    history: 6,
    // A working card that is not the default: making it the default pays what is owed at once.
    otherCards: [{ brand: 'discover', last4: '1117', funding: 'credit' }],
  },
  {
    email: 'ended@sandbox.test',
    name: 'Eda Ended',
    state: 'canceled',
    // An Ontario consumer: HST 13%.
    address: { line1: '290 Bremner Blvd', city: 'Toronto', state: 'ON', postalCode: 'M5V 3L9', country: 'CA' },
    taxIds: [],
    history: 5,
  },
  {
    email: 'unpaid@sandbox.test',
    name: 'Uma Unpaid',
    state: 'unpaid',
    // An Indian GST-registered business: IGST under reverse charge from an overseas seller.
    address: { line1: 'Nariman Point', city: 'Mumbai', state: 'MH', postalCode: '400021', country: 'IN' },
    taxIds: [{ type: 'in_gst', value: '27AAPFU0939F1ZV' }],
    history: 3,
    primaryCard: { brand: 'mastercard', last4: '4444', funding: 'credit' },
  },
  {
    email: 'proplus@sandbox.test',
    name: 'Pia Plus',
    state: 'active',
    plan: 'pro_plus',
    // A UK consumer: VAT at 20%.
    address: { line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
    taxIds: [],
    history: 2,
  },
  {
    email: 'power@sandbox.test',
    name: 'Pow Power',
    state: 'active',
    plan: 'power',
    // A US business in a state without tax on this service.
    address: { line1: '350 Fifth Avenue', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' },
    taxIds: [],
    history: 1,
  },
];

export function createUser(ctx: BillingContext, email: string, name: string, at: number, address: Address | null = null, taxIds: TaxId[] = []): UserRow {
  ctx.repo.insertUser({
    id: stableId('usr', email.toLowerCase()),
    email: email.toLowerCase(),
    name,
    created_at: at,
    billing_name: name,
    billing_address: address === null ? null : JSON.stringify(address),
    billing_tax_ids: JSON.stringify(verifyTaxIds(taxIds)),
  });
  return ctx.repo.userByEmail(email)!;
}

/** Seeds the demo accounts once per database. */
export function seedDemoData(ctx: BillingContext): boolean {
  const { repo } = ctx;
  if (readMeta(repo.db, 'seeded_at')) return false;
  const now = ctx.clock.now();
  repo.transaction(() => {
    for (const account of DEMO_ACCOUNTS) {
      const user = createUser(ctx, account.email, account.name, now - (account.history + 1) * 31 * DAY, account.address, account.taxIds);
      // Older than the cards the state attaches, so the state's card stays the newest and the default.
      for (const [i, card] of (account.otherCards ?? []).entries()) insertDemoCard(ctx, user, now - (500 + i) * DAY, card, 'succeed', 4);
      applyDemoState(ctx, user, account.state, now, {
        history: account.history,
        // pro@'s card expires at the end of this month, before the next renewal.
        expiringCard: account.email === 'pro@sandbox.test',
        voidInvoiceMonthsAgo: account.email === 'pro@sandbox.test' ? 7 : undefined,
        withCard: true,
        primaryCard: account.primaryCard,
        plan: account.plan,
      });
      const usage = DEMO_USAGE[account.email];
      if (usage) seedDemoUsage(ctx, repo.userById(user.id)!, usage, now);
    }
    writeMeta(repo.db, 'seeded_at', String(now));
  });
  return true;
}

export interface DemoStateOptions {
  readonly history?: number;
  readonly expiringCard?: boolean;
  readonly voidInvoiceMonthsAgo?: number;
  /** For a trial: put a good card on file (other paid states always get one). */
  readonly withCard?: boolean;
  /** The card to attach when the state needs a new one (default: a Visa credit card). */
  readonly primaryCard?: DemoCard;
  /** The subscription's plan and interval (default Pro, monthly). */
  readonly plan?: PaidPlanId;
  readonly interval?: BillingInterval;
}

/**
 * Puts an account into a demo state as of `at`: clears what it owed (voids
 * open invoices), replaces the subscription, makes the default card fit the
 * state (a failing card for the failure states; other cards stay), and writes
 * the invoices, payments and notices that state implies.
 */
export function applyDemoState(ctx: BillingContext, user: UserRow, state: DemoState, at: number, options: DemoStateOptions = {}): void {
  const { repo, config } = ctx;
  for (const inv of repo.outstandingInvoices(user.id)) repo.updateInvoice(inv.id, { status: 'void', next_retry_at: null, dunning_ends_at: null });
  const pending = repo.pendingChangeOf(user.id);
  if (pending) {
    repo.updateInvoice(pending.invoice_id, { status: 'void' });
    repo.deletePendingChange(user.id);
  }
  repo.deleteSubscriptionOf(user.id);
  if (state === 'free') return;

  // A trial may run without a card (it then ends on Free); paid states get a card that fits them.
  const failing = state === 'past_due' || state === 'canceled' || state === 'unpaid';
  const primary = options.primaryCard ?? VISA;
  if (failing) failingCard(ctx, user, at, primary);
  else if (state !== 'trialing' || options.withCard) goodCard(ctx, user, at, options.expiringCard === true, primary);
  const fresh = repo.userById(user.id)!;
  const card = repo.defaultCard(fresh);

  const lastRetryDay = config.retryDays.at(-1) ?? 0;
  const periodStart = ((): number => {
    switch (state) {
      case 'trialing':
        return at - 11 * DAY;
      case 'active':
        return options.expiringCard ? expiringCardPeriodStart(at) : at - 10 * DAY;
      case 'active_canceling':
        return at - 15 * DAY;
      case 'past_due':
        return at - 12 * HOUR;
      default:
        return at - (lastRetryDay + 2) * DAY;
    }
  })();
  const planId = options.plan ?? 'pro';
  const interval = options.interval ?? 'month';
  const months = monthsOf(interval);
  const price = PLANS[planId].prices[interval];
  const planLine = planLineDescription(planId, interval);
  const periodEnd = state === 'trialing' ? at + 3 * DAY : addMonths(periodStart, months);
  const history = options.history ?? 0;
  const sub: Parameters<typeof repo.insertSubscription>[0] = {
    id: newId('sub'),
    user_id: user.id,
    plan_id: planId,
    price_amount: price,
    interval,
    status: state === 'active_canceling' ? 'active' : state,
    current_period_start: periodStart,
    current_period_end: periodEnd,
    trial_end: state === 'trialing' ? periodEnd : null,
    cancel_at_period_end: state === 'active_canceling' ? 1 : 0,
    canceled_at: state === 'active_canceling' ? at - 2 * DAY : null,
    ended_at: null,
    created_at: addMonths(periodStart, -history * months),
    trial_notice_sent: 0,
    card_notice_key: null,
  };

  const paidInvoice = (spec: Parameters<typeof finalizeInvoice>[2] & { paidAt: number }): void => {
    const invoice = finalizeInvoice(ctx, fresh, spec);
    if (invoice.total > 0) recordDemoPayment(ctx, invoice, card, spec.paidAt, null);
  };
  for (let k = history; k >= 1; k--) {
    const start = addMonths(periodStart, -k * months);
    const spec = { subscriptionId: sub.id, created: start, periodStart: start, periodEnd: addMonths(start, months), amount: price, description: planLine };
    if (k === options.voidInvoiceMonthsAgo) {
      finalizeInvoice(ctx, fresh, { ...spec, status: 'void', description: `${planLine}, issued twice in error` });
    }
    paidInvoice({ ...spec, status: 'paid', paidAt: start + 2 * MINUTE });
  }

  const current = { subscriptionId: sub.id, created: periodStart, periodStart, periodEnd, description: planLine };
  if (state === 'trialing') {
    finalizeInvoice(ctx, fresh, { ...current, status: 'paid', amount: 0, description: `${PLANS[planId].name} plan (free trial)` });
  } else if (state === 'active' || state === 'active_canceling') {
    paidInvoice({ ...current, status: 'paid', amount: price, paidAt: periodStart + 2 * MINUTE });
  } else {
    const exhausted = state !== 'past_due';
    const lastFailedAt = exhausted ? periodStart + lastRetryDay * DAY : periodStart;
    const firstRetryAt = nextRetryAfter(periodStart, periodStart, config.retryDays);
    const nextRetryAt = exhausted ? null : firstRetryAt;
    const invoice = finalizeInvoice(ctx, fresh, {
      ...current,
      status: exhausted ? 'uncollectible' : 'open',
      amount: price,
      attemptCount: exhausted ? 1 + config.retryDays.length : 1,
    });
    // The renewal's attempt, and for an exhausted one every retry after it.
    for (const attemptAt of [periodStart, ...(exhausted ? config.retryDays.map((d) => periodStart + d * DAY) : [])]) {
      recordDemoPayment(ctx, invoice, card, attemptAt, 'insufficient_funds');
    }
    repo.updateInvoice(invoice.id, {
      first_failed_at: periodStart,
      last_failed_at: lastFailedAt,
      decline_code: 'insufficient_funds',
      next_retry_at: nextRetryAt,
      dunning_ends_at: periodStart + lastRetryDay * DAY,
    });
    notify.paymentFailed(repo, fresh, repo.invoiceById(invoice.id)!, declineFor('insufficient_funds'), firstRetryAt, periodStart);
    if (state === 'canceled') {
      sub.canceled_at = lastFailedAt;
      sub.ended_at = lastFailedAt;
      notify.subscriptionEnded(repo, fresh, 'retries_exhausted', lastFailedAt);
    } else if (state === 'unpaid') {
      notify.subscriptionEnded(repo, fresh, 'unpaid', lastFailedAt);
    }
  }
  repo.insertSubscription(sub);
}

/**
 * A period that started on or before `at` and renews just after the end of
 * this month, so a card expiring this month expires before the renewal.
 */
function expiringCardPeriodStart(at: number): number {
  const monthStart = startOfUtcMonth(at);
  return monthStart + Math.min(2 * DAY, Math.max(0, at - monthStart - MINUTE));
}

const VISA: DemoCard = { brand: 'visa', last4: '4242', funding: 'credit' };

function goodCard(ctx: BillingContext, user: UserRow, at: number, expiring: boolean, primary: DemoCard): void {
  const current = ctx.repo.defaultCard(user);
  const today = new Date(at);
  if (current && current.charge_outcome === 'succeed' && !expiring) {
    const months = current.exp_year * 12 + current.exp_month - (today.getUTCFullYear() * 12 + today.getUTCMonth() + 1);
    if (months >= 2) return;
  }
  replaceDemoDefault(ctx, user, at, primary, 'succeed', expiring ? 0 : 3);
}

/** The card on file now fails with insufficient funds (a new card, another default or a sandbox card outcome fixes it). */
function failingCard(ctx: BillingContext, user: UserRow, at: number, primary: DemoCard): void {
  const current = ctx.repo.defaultCard(user);
  if (current) {
    ctx.repo.updateCard(current.id, { charge_outcome: 'insufficient_funds' });
    return;
  }
  replaceDemoDefault(ctx, user, at, primary === VISA ? { ...VISA, last4: '9995' } : primary, 'insufficient_funds', 2);
}

/** A saved card, expiring `years` after this month (0: at the end of this month), with the account's billing address. */
function insertDemoCard(ctx: BillingContext, user: UserRow, createdAt: number, card: DemoCard, outcome: ChargeOutcome, years: number): CardRow {
  const today = new Date(ctx.clock.now());
  const address = billingAddressOf(user);
  return ctx.repo.insertCard(user.id, {
    ...card,
    cardholder_name: user.name,
    charge_outcome: outcome,
    exp_month: today.getUTCMonth() + 1,
    exp_year: today.getUTCFullYear() + years,
    billing_address: address === null ? null : JSON.stringify(address),
    created_at: createdAt,
  });
}

/** Like the portal's card update: the new card replaces the default, other cards stay. */
function replaceDemoDefault(ctx: BillingContext, user: UserRow, at: number, card: DemoCard, outcome: ChargeOutcome, years: number): void {
  const previous = ctx.repo.defaultCard(user);
  if (previous) ctx.repo.detachCard(previous.id, at);
  const row = insertDemoCard(ctx, user, at - 400 * DAY, card, outcome, years);
  ctx.repo.setDefaultCard(user.id, row.id);
}

/** The payment record a demo invoice implies: a succeeded charge, or a failed attempt with its decline. */
function recordDemoPayment(ctx: BillingContext, invoice: InvoiceRow, card: CardRow | undefined, at: number, decline: ChargeOutcome | null): void {
  ctx.repo.insertPayment({
    user_id: invoice.user_id,
    invoice_id: invoice.id,
    payment_method_id: card?.id ?? null,
    status: decline === null ? 'succeeded' : 'failed',
    amount: invoice.total,
    card_brand: card?.brand ?? null,
    card_last4: card?.last4 ?? null,
    decline_code: decline,
    refund_of: null,
    created_at: at,
  });
}
