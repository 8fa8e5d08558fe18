/**
 * Demo accounts (one per state) and the builder that puts an account into a
 * demo state with a consistent subscription, card, invoices and outbox —
 * used both for the first-start seed and for POST /sandbox/accounts/:id/state.
 */
import type { Address, TaxId } from '../../shared/contract/billingDetails';
import type { DemoState } from '../../shared/contract/sandboxAdmin';
import type { BillingContext } from './context';
import { newId, stableId } from './ids';
import { finalizeInvoice } from './invoices';
import { notify } from './notifications';
import { nextRetryAfter } from './payments';
import { PRO_PLAN, type CardRow, type SubscriptionRow, type UserRow } from './repository';
import { addMonths, DAY, HOUR, MINUTE, startOfUtcMonth } from './time';
import { readMeta, writeMeta } from '../db/database';
import { declineFor } from './cards';

interface DemoAccount {
  readonly email: string;
  readonly name: string;
  readonly state: DemoState;
  readonly address: Address | null;
  readonly taxIds: TaxId[];
  /** Monthly paid invoices before the current period. */
  readonly history: number;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'free@sandbox.test', name: 'Frida Free', state: 'free', address: null, taxIds: [], history: 0 },
  {
    email: 'trialing@sandbox.test',
    name: 'Tariq Trial',
    state: 'trialing',
    address: { line1: '1 Market Street', line2: 'Suite 300', city: 'San Francisco', state: 'CA', postalCode: '94105', country: 'US' },
    taxIds: [],
    history: 0,
  },
  {
    email: 'pro@sandbox.test',
    name: 'Priya Pro',
    state: 'active',
    address: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    taxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
    history: 12,
  },
  {
    email: 'canceling@sandbox.test',
    name: 'Cam Canceling',
    state: 'active_canceling',
    address: { line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
    taxIds: [{ type: 'gb_vat', value: 'GB123456789' }],
    history: 4,
  },
  {
    email: 'pastdue@sandbox.test',
    name: 'Pat Pastdue',
    state: 'past_due',
    address: { line1: '1 Macquarie Street', city: 'Sydney', state: 'NSW', postalCode: '2000', country: 'AU' },
    taxIds: [{ type: 'au_abn', value: '51824753556' }],
    history: 6,
  },
  {
    email: 'ended@sandbox.test',
    name: 'Eda Ended',
    state: 'canceled',
    address: { line1: '290 Bremner Blvd', city: 'Toronto', state: 'ON', postalCode: 'M5V 3L9', country: 'CA' },
    taxIds: [],
    history: 5,
  },
  {
    email: 'unpaid@sandbox.test',
    name: 'Uma Unpaid',
    state: 'unpaid',
    address: { line1: 'Nariman Point', city: 'Mumbai', state: 'MH', postalCode: '400021', country: 'IN' },
    taxIds: [{ type: 'in_gst', value: '27AAPFU0939F1ZV' }],
    history: 3,
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
    billing_tax_ids: JSON.stringify(taxIds),
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
      applyDemoState(ctx, user, account.state, now, {
        history: account.history,
        // pro@'s card expires at the end of this month, before the next renewal.
        expiringCard: account.email === 'pro@sandbox.test',
        voidInvoiceMonthsAgo: account.email === 'pro@sandbox.test' ? 7 : undefined,
        withCard: true,
      });
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
}

/**
 * Puts an account into a demo state as of `at`: clears what it owed (voids
 * open invoices), replaces the subscription, makes the card fit the state
 * (a failing card for the failure states), and writes the invoices and
 * notices that state implies.
 */
export function applyDemoState(ctx: BillingContext, user: UserRow, state: DemoState, at: number, options: DemoStateOptions = {}): void {
  const { repo, config } = ctx;
  for (const inv of repo.outstandingInvoices(user.id)) repo.updateInvoice(inv.id, { status: 'void', next_retry_at: null, dunning_ends_at: null });
  repo.deleteSubscriptionOf(user.id);
  if (state === 'free') return;

  // A trial may run without a card (it then ends on Free); paid states get a card that fits them.
  const failing = state === 'past_due' || state === 'canceled' || state === 'unpaid';
  if (failing) failingCard(ctx, user, at);
  else if (state !== 'trialing' || options.withCard) goodCard(ctx, user, at, options.expiringCard === true);
  const fresh = repo.userById(user.id)!;

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
  const periodEnd = state === 'trialing' ? at + 3 * DAY : addMonths(periodStart, 1);
  const history = options.history ?? 0;
  const sub: SubscriptionRow = {
    id: newId('sub'),
    user_id: user.id,
    plan_id: PRO_PLAN.id,
    price_amount: PRO_PLAN.priceCents,
    interval: PRO_PLAN.interval,
    status: state === 'active_canceling' ? 'active' : state,
    current_period_start: periodStart,
    current_period_end: periodEnd,
    trial_end: state === 'trialing' ? periodEnd : null,
    cancel_at_period_end: state === 'active_canceling' ? 1 : 0,
    canceled_at: state === 'active_canceling' ? at - 2 * DAY : null,
    ended_at: null,
    created_at: addMonths(periodStart, -history),
    trial_notice_sent: 0,
    card_notice_key: null,
  };

  for (let k = history; k >= 1; k--) {
    const start = addMonths(periodStart, -k);
    const spec = { subscriptionId: sub.id, created: start, periodStart: start, periodEnd: addMonths(start, 1), total: PRO_PLAN.priceCents };
    if (k === options.voidInvoiceMonthsAgo) {
      finalizeInvoice(repo, fresh, { ...spec, status: 'void', description: `${PRO_PLAN.name} plan (monthly), issued twice in error` });
    }
    finalizeInvoice(repo, fresh, { ...spec, status: 'paid', paidAt: start + 2 * MINUTE });
  }

  const current = { subscriptionId: sub.id, created: periodStart, periodStart, periodEnd };
  if (state === 'trialing') {
    finalizeInvoice(repo, fresh, { ...current, status: 'paid', total: 0, description: `${PRO_PLAN.name} plan (free trial)` });
  } else if (state === 'active' || state === 'active_canceling') {
    finalizeInvoice(repo, fresh, { ...current, status: 'paid', total: PRO_PLAN.priceCents, paidAt: periodStart + 2 * MINUTE });
  } else {
    const exhausted = state !== 'past_due';
    const lastFailedAt = exhausted ? periodStart + lastRetryDay * DAY : periodStart;
    const firstRetryAt = nextRetryAfter(periodStart, periodStart, config.retryDays);
    const nextRetryAt = exhausted ? null : firstRetryAt;
    const invoice = finalizeInvoice(repo, fresh, {
      ...current,
      status: exhausted ? 'uncollectible' : 'open',
      total: PRO_PLAN.priceCents,
      attemptCount: exhausted ? 1 + config.retryDays.length : 1,
    });
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

function goodCard(ctx: BillingContext, user: UserRow, at: number, expiring: boolean): void {
  const current = ctx.repo.defaultCard(user);
  const today = new Date(at);
  if (current && current.charge_outcome === 'succeed' && !expiring) {
    const months = current.exp_year * 12 + current.exp_month - (today.getUTCFullYear() * 12 + today.getUTCMonth() + 1);
    if (months >= 2) return;
  }
  attachDemoCard(ctx, user, at, {
    last4: '4242',
    charge_outcome: 'succeed',
    exp_month: today.getUTCMonth() + 1,
    exp_year: expiring ? today.getUTCFullYear() : today.getUTCFullYear() + 3,
  });
}

/** The card on file now fails with insufficient funds (a new card or a sandbox card outcome fixes it). */
function failingCard(ctx: BillingContext, user: UserRow, at: number): void {
  const current = ctx.repo.defaultCard(user);
  if (current) {
    ctx.repo.updateCard(current.id, { charge_outcome: 'insufficient_funds' });
    return;
  }
  const today = new Date(at);
  attachDemoCard(ctx, user, at, { last4: '9995', charge_outcome: 'insufficient_funds', exp_month: today.getUTCMonth() + 1, exp_year: today.getUTCFullYear() + 2 });
}

function attachDemoCard(ctx: BillingContext, user: UserRow, at: number, card: Pick<CardRow, 'last4' | 'charge_outcome' | 'exp_month' | 'exp_year'>): void {
  ctx.repo.attachCard(user.id, { brand: 'visa', cardholder_name: user.name, created_at: at - 400 * DAY, ...card });
}
