/**
 * Contract-shaped panel states for the webview tests, modelled on the
 * sandbox's demo accounts. Every fixture is checked against the protocol's
 * schema (fixtures.test.ts), so the UI is tested with data the host can send.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type BillingDetails } from '../../shared/contract/billingDetails';
import { type Money } from '../../shared/contract/common';
import { type Invoice, type InvoiceStatus } from '../../shared/contract/invoices';
import { type PanelViewState } from '../../shared/panelProtocol';

/** The pinned "now" of every test: Saturday 28 November 2026, 15:00 UTC. */
export const NOW = Date.parse('2026-11-28T15:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
export const usd = (amount: number): Money => ({ amount, currency: 'USD' });

export const BILLING_DETAILS: BillingDetails = {
  name: 'Ada Lovelace',
  email: 'pro@sandbox.test',
  address: { line1: '12 Analytical Row', line2: 'Flat 3', city: 'London', postalCode: 'EC1A 1BB', country: 'GB' },
  taxIds: [{ type: 'gb_vat', value: 'GB123456789' }],
};

const EMPTY_DETAILS = (email: string): BillingDetails => ({ name: '', email, address: null, taxIds: [] });

/** A monthly Pro invoice for the period starting at `start`. */
export function proInvoice(
  index: number,
  start: number,
  options: { status?: InvoiceStatus; total?: number; attemptCount?: number } = {},
): Invoice {
  const status = options.status ?? 'paid';
  const total = options.total ?? 2000;
  const paid = status === 'paid';
  return {
    id: `in_${String(index).padStart(4, '0')}`,
    number: `PB-2026-${String(index).padStart(4, '0')}`,
    status,
    created: iso(start),
    periodStart: iso(start),
    periodEnd: iso(start + 30 * DAY),
    dueDate: status === 'open' ? iso(start + 7 * DAY) : null,
    paidAt: paid ? iso(start + 60_000) : null,
    total: usd(total),
    amountPaid: usd(paid ? total : 0),
    amountDue: usd(paid || status === 'void' ? 0 : total),
    attemptCount: options.attemptCount ?? (status === 'draft' ? 0 : 1),
    lines: [
      {
        description: total < 0 ? 'Refund: Pro (monthly)' : 'Pro (monthly)',
        quantity: 1,
        amount: usd(total),
        periodStart: iso(start),
        periodEnd: iso(start + 30 * DAY),
      },
    ],
    billingDetails: BILLING_DETAILS,
  };
}

/** A year of paid monthly invoices, newest first (the last one on 2026-11-01). */
export const YEAR_OF_INVOICES: Invoice[] = Array.from({ length: 12 }, (_, i) =>
  proInvoice(12 - i, Date.UTC(2026, 10 - i, 1, 9, 0, 0)),
);

/** One invoice of each status, plus a zero-amount and a refund (credit) invoice. */
export const MIXED_INVOICES: Invoice[] = [
  proInvoice(21, Date.UTC(2026, 10, 20), { status: 'draft' }),
  proInvoice(20, Date.UTC(2026, 10, 1), { status: 'open', attemptCount: 2 }),
  proInvoice(19, Date.UTC(2026, 9, 1), { status: 'uncollectible', attemptCount: 4 }),
  proInvoice(18, Date.UTC(2026, 8, 15), { status: 'void' }),
  proInvoice(17, Date.UTC(2026, 8, 1), { total: 0 }),
  proInvoice(16, Date.UTC(2026, 7, 10), { total: -500 }),
  proInvoice(15, Date.UTC(2026, 7, 1)),
];

function subscription(overrides: Partial<NonNullable<AccountSummary['subscription']>> = {}) {
  return {
    id: 'sub_pro',
    planId: 'pro' as const,
    planName: 'Pro',
    price: usd(2000),
    interval: 'month' as const,
    status: 'active' as const,
    currentPeriodStart: iso(Date.UTC(2026, 10, 1, 9)),
    currentPeriodEnd: iso(Date.UTC(2026, 11, 1, 9)),
    trialEnd: null,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    ...overrides,
  };
}

function account(overrides: Partial<AccountSummary> & { email: string }): AccountSummary {
  const { email, ...rest } = overrides;
  return {
    user: { id: `usr_${email.split('@')[0]}`, email, name: 'Ada Lovelace' },
    plan: { id: 'pro', name: 'Pro' },
    subscription: subscription(),
    upcomingInvoice: { date: iso(Date.UTC(2026, 11, 1, 9)), amountDue: usd(2000) },
    paymentMethod: { id: 'pm_visa', brand: 'visa', last4: '4242', expMonth: 4, expYear: 2029 },
    billingDetails: { ...BILLING_DETAILS, email },
    outstandingBalance: usd(0),
    latestPaymentFailure: null,
    asOf: iso(NOW - 120_000),
    ...rest,
  };
}

/** A complete panel state; override what a scenario changes. */
export function viewState(overrides: Partial<PanelViewState> = {}): PanelViewState {
  return {
    kind: 'active',
    account: null,
    lastVerifiedAt: iso(NOW - 120_000),
    stale: false,
    offlineUntil: null,
    refreshing: false,
    error: null,
    invoices: { items: [], hasMore: false, loading: false, error: null },
    portal: { waiting: false, flow: null, confirmation: null },
    ...overrides,
  };
}

const invoices = (items: Invoice[], hasMore = false) => ({ items, hasMore, loading: false, error: null });

export const FREE_ACCOUNT = account({
  email: 'free@sandbox.test',
  plan: { id: 'free', name: 'Free' },
  subscription: null,
  upcomingInvoice: null,
  paymentMethod: null,
  billingDetails: EMPTY_DETAILS('free@sandbox.test'),
});

export const PRO_EXPIRING_CARD_ACCOUNT = account({
  email: 'pro@sandbox.test',
  // Valid through November 2026; the next renewal is on 1 December 2026.
  paymentMethod: { id: 'pm_mc', brand: 'mastercard', last4: '5454', expMonth: 11, expYear: 2026 },
});

const failedAt = Date.UTC(2026, 10, 26, 9);

export const fixtures = {
  free: viewState({ kind: 'free', account: FREE_ACCOUNT, invoices: invoices([]) }),

  trialing: viewState({
    kind: 'trialing',
    account: account({
      email: 'trialing@sandbox.test',
      subscription: subscription({
        status: 'trialing',
        currentPeriodStart: iso(Date.UTC(2026, 10, 17, 15)),
        currentPeriodEnd: iso(Date.UTC(2026, 11, 1, 15)),
        trialEnd: iso(Date.UTC(2026, 11, 1, 15)),
      }),
      upcomingInvoice: { date: iso(Date.UTC(2026, 11, 1, 15)), amountDue: usd(2000) },
    }),
    invoices: invoices([proInvoice(1, Date.UTC(2026, 10, 17, 15), { total: 0 })]),
  }),

  activeExpiringCard: viewState({
    kind: 'active',
    account: PRO_EXPIRING_CARD_ACCOUNT,
    invoices: invoices(YEAR_OF_INVOICES.slice(0, 10), true),
  }),

  canceling: viewState({
    kind: 'activeCanceling',
    account: account({
      email: 'canceling@sandbox.test',
      subscription: subscription({ cancelAtPeriodEnd: true }),
      upcomingInvoice: null,
    }),
    invoices: invoices(YEAR_OF_INVOICES.slice(0, 3)),
  }),

  pastDue: viewState({
    kind: 'pastDue',
    account: account({
      email: 'pastdue@sandbox.test',
      subscription: subscription({ status: 'past_due' }),
      upcomingInvoice: null,
      paymentMethod: { id: 'pm_visa', brand: 'visa', last4: '9995', expMonth: 8, expYear: 2028 },
      outstandingBalance: usd(2000),
      latestPaymentFailure: {
        invoiceId: 'in_0020',
        amountDue: usd(2000),
        declineCode: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
        attemptCount: 2,
        failedAt: iso(failedAt),
        nextRetryAt: iso(Date.UTC(2026, 10, 30, 9)),
      },
    }),
    invoices: invoices([proInvoice(20, Date.UTC(2026, 10, 1, 9), { status: 'open', attemptCount: 2 }), ...YEAR_OF_INVOICES.slice(1, 4)]),
  }),

  endedWithBalance: viewState({
    kind: 'ended',
    account: account({
      email: 'ended@sandbox.test',
      plan: { id: 'free', name: 'Free' },
      subscription: subscription({ status: 'canceled', canceledAt: iso(Date.UTC(2026, 10, 22, 9)) }),
      upcomingInvoice: null,
      outstandingBalance: usd(2000),
      latestPaymentFailure: {
        invoiceId: 'in_0019',
        amountDue: usd(2000),
        declineCode: 'generic_decline',
        message: 'Your card was declined.',
        attemptCount: 4,
        failedAt: iso(Date.UTC(2026, 10, 22, 9)),
        nextRetryAt: null,
      },
    }),
    invoices: invoices([proInvoice(19, Date.UTC(2026, 9, 1), { status: 'uncollectible', attemptCount: 4 })]),
  }),

  unpaid: viewState({
    kind: 'ended',
    account: account({
      email: 'unpaid@sandbox.test',
      plan: { id: 'free', name: 'Free' },
      subscription: subscription({ status: 'unpaid' }),
      upcomingInvoice: null,
      outstandingBalance: usd(2000),
      latestPaymentFailure: {
        invoiceId: 'in_0030',
        amountDue: usd(2000),
        declineCode: 'expired_card',
        message: 'Your card has expired.',
        attemptCount: 4,
        failedAt: iso(Date.UTC(2026, 10, 20, 9)),
        nextRetryAt: null,
      },
    }),
  }),

  /** Unresolved after sign-in: the cached summary of a Free account must not read as Free yet. */
  checking: viewState({ kind: 'checking', account: FREE_ACCOUNT, lastVerifiedAt: null }),

  checkingNoData: viewState({ kind: 'checking', account: null, lastVerifiedAt: null }),

  signedOut: viewState({ kind: 'signedOut', account: null, lastVerifiedAt: null }),

  loading: viewState({ kind: 'active', account: null, lastVerifiedAt: null, refreshing: true }),

  error: viewState({
    kind: 'active',
    account: null,
    lastVerifiedAt: null,
    error: { kind: 'server', message: 'HTTP 503 from GET /v1/account' },
  }),

  staleOffline: viewState({
    kind: 'offlineGrace',
    account: PRO_EXPIRING_CARD_ACCOUNT,
    lastVerifiedAt: iso(NOW - 3 * 3_600_000),
    stale: true,
    offlineUntil: iso(Date.UTC(2026, 11, 1, 9)),
    error: { kind: 'offline', message: 'connect ECONNREFUSED 127.0.0.1:4242' },
    invoices: invoices(YEAR_OF_INVOICES.slice(0, 3)),
  }),
} satisfies Record<string, PanelViewState>;

export type FixtureName = keyof typeof fixtures;
