/**
 * Contract-shaped panel states for the webview tests, modelled on the
 * sandbox's demo accounts. Every fixture is checked against the protocol's
 * schema (fixtures.test.ts), so the UI is tested with data the host can send.
 */
import { type AccountSummary, type PendingPlanChange, type PlanAtPrice, type UpcomingInvoice } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type BillingDetails } from '../../shared/contract/billingDetails';
import { type Money } from '../../shared/contract/common';
import { type Invoice, type InvoiceDetails, type InvoiceStatus, type Payment, type TaxLine } from '../../shared/contract/invoices';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { type Usage, type UsagePeriodTotal } from '../../shared/contract/usage';
import { type Plan, type PlanCatalogue, type SubscriptionChangePreview } from '../../shared/contract/plans';
import { type PanelViewState, type PaymentMethodsView, type PlansView, type UsagePanelView } from '../../shared/panelProtocol';

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

/** A saved card: the default Visa credit card unless overridden. */
export function card(overrides: Partial<PaymentMethod> = {}): PaymentMethod {
  return {
    id: 'pm_visa',
    brand: 'visa',
    last4: '4242',
    expMonth: 4,
    expYear: 2029,
    funding: 'credit',
    cardholderName: 'Ada Lovelace',
    billingAddress: BILLING_DETAILS.address,
    isDefault: true,
    created: iso(Date.UTC(2025, 0, 5, 10)),
    ...overrides,
  };
}

/** The second card the journeys add: a Mastercard debit card ending 8210, not the default. */
export const MASTERCARD_DEBIT = card({ id: 'pm_mc_debit', brand: 'mastercard', last4: '8210', funding: 'debit', expMonth: 9, expYear: 2030, isDefault: false, created: iso(Date.UTC(2026, 10, 20, 10)) });

/** The card list the host posts once it fetched the saved cards. */
export const cardsView = (items: PaymentMethod[], overrides: Partial<PaymentMethodsView> = {}): PaymentMethodsView => ({
  items,
  loaded: true,
  loading: false,
  error: null,
  pending: null,
  ...overrides,
});

/** German VAT at 19% on `taxable` cents. */
export function vatLine(taxable: number): TaxLine {
  return { kind: 'vat', jurisdiction: 'DE', label: 'VAT 19%', rateMilliPercent: 19_000, taxableAmount: usd(taxable), amount: usd(Math.round(taxable * 0.19)), note: null };
}

/** The EU reverse charge of a business customer with a valid VAT ID. */
export function reverseChargeLine(taxable: number): TaxLine {
  return {
    kind: 'reverse_charge',
    jurisdiction: 'DE',
    label: 'VAT reverse charge',
    rateMilliPercent: 0,
    taxableAmount: usd(taxable),
    amount: usd(0),
    note: 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).',
  };
}

/** The next renewal's invoice: `subtotal` cents plus the given tax lines. */
export function upcoming(date: string, subtotal = 2000, taxLines: TaxLine[] = []): UpcomingInvoice {
  const tax = taxLines.reduce((sum, line) => sum + line.amount.amount, 0);
  return { date, subtotal: usd(subtotal), taxLines, tax: usd(tax), amountDue: usd(subtotal + tax) };
}

/** A monthly Pro invoice for the period starting at `start`; `total` is before tax, `taxLines` add to it. */
export function proInvoice(
  index: number,
  start: number,
  options: { status?: InvoiceStatus; total?: number; attemptCount?: number; taxLines?: TaxLine[] } = {},
): Invoice {
  const status = options.status ?? 'paid';
  const subtotal = options.total ?? 2000;
  const taxLines = options.taxLines ?? [];
  const tax = taxLines.reduce((sum, line) => sum + line.amount.amount, 0);
  const total = subtotal + tax;
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
    subtotal: usd(subtotal),
    taxLines,
    tax: usd(tax),
    total: usd(total),
    amountPaid: usd(paid ? total : 0),
    amountDue: usd(paid || status === 'void' ? 0 : total),
    attemptCount: options.attemptCount ?? (status === 'draft' ? 0 : 1),
    lines: [
      {
        kind: 'subscription',
        description: subtotal < 0 ? 'Refund: Pro (monthly)' : 'Pro (monthly)',
        quantity: 1,
        amount: usd(subtotal),
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

/** A charge attempt of `invoice`; a failed one carries its decline. */
export function payment(invoice: Invoice, index: number, options: { status?: Payment['status']; declineCode?: string; at?: string; card?: Payment['card'] } = {}): Payment {
  const status = options.status ?? 'succeeded';
  return {
    id: `py_${invoice.id}_${index}`,
    created: options.at ?? invoice.paidAt ?? invoice.created,
    amount: invoice.total,
    status,
    card: options.card === undefined ? { brand: 'visa', last4: '4242' } : options.card,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    declineCode: status === 'failed' ? (options.declineCode ?? 'insufficient_funds') : null,
    declineMessage: status === 'failed' ? 'Your card has insufficient funds.' : null,
  };
}

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
    scheduledChange: null,
    ...overrides,
  };
}

function account(overrides: Partial<AccountSummary> & { email: string }): AccountSummary {
  const { email, ...rest } = overrides;
  return {
    user: { id: `usr_${email.split('@')[0]}`, email, name: 'Ada Lovelace' },
    plan: { id: 'pro', name: 'Pro' },
    subscription: subscription(),
    upcomingInvoice: upcoming(iso(Date.UTC(2026, 11, 1, 9))),
    paymentMethod: card(),
    billingDetails: { ...BILLING_DETAILS, email },
    outstandingBalance: usd(0),
    latestPaymentFailure: null,
    pendingPlanChange: null,
    usage: null,
    asOf: iso(NOW - 120_000),
    ...rest,
  };
}

/** No usage fetched yet. */
export const NO_USAGE: UsagePanelView = { usage: null, loading: false, stale: false, error: null, saving: false, refusal: null, export: null };

/** No catalogue fetched, no change in progress. */
export const NO_PLANS: PlansView = { catalogue: null, loading: false, error: null, target: null, preview: null, busy: null, outcome: null, refusal: null };

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
    // The host fetches the card list on open; its default card comes with the account.
    paymentMethods: overrides.account ? cardsView(overrides.account.paymentMethod ? [overrides.account.paymentMethod] : []) : cardsView([], { loaded: false }),
    invoiceDetails: { invoiceId: null, details: null, loading: false, error: null },
    payments: { items: [], hasMore: false, loading: false, error: null },
    plans: NO_PLANS,
    usage: NO_USAGE,
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
  paymentMethod: card({ id: 'pm_mc', brand: 'mastercard', last4: '5454', expMonth: 11, expYear: 2026 }),
});

const failedAt = Date.UTC(2026, 10, 26, 9);

export const PRO_ACCOUNT = account({ email: 'pro@sandbox.test' });

const DE_ADDRESS = { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

export const VAT_CONSUMER_ACCOUNT = account({
  email: 'vat@sandbox.test',
  upcomingInvoice: upcoming(iso(Date.UTC(2026, 11, 1, 9)), 2000, [vatLine(2000)]),
  billingDetails: { name: 'Erika Mustermann', email: 'vat@sandbox.test', address: DE_ADDRESS, taxIds: [] },
});

/** Three monthly invoices with 19% VAT, newest first: $23.80 each. */
export const VAT_INVOICES: Invoice[] = [2, 1, 0].map((i) => ({
  ...proInvoice(40 + i, Date.UTC(2026, 8 + i, 1, 9), { taxLines: [vatLine(2000)] }),
  billingDetails: { name: 'Erika Mustermann', email: 'vat@sandbox.test', address: DE_ADDRESS, taxIds: [] },
}));

/** The newest VAT invoice: declined once (insufficient funds), paid by the retry two days later. */
export const VAT_INVOICE_DETAILS: InvoiceDetails = {
  invoice: VAT_INVOICES[0]!,
  payments: [
    payment(VAT_INVOICES[0]!, 1, { status: 'failed', at: iso(Date.UTC(2026, 10, 1, 9)) }),
    payment(VAT_INVOICES[0]!, 2, { at: iso(Date.UTC(2026, 10, 3, 9)) }),
  ],
};

export const REVERSE_CHARGE_INVOICE: Invoice = {
  ...proInvoice(50, Date.UTC(2026, 10, 1, 9), { taxLines: [reverseChargeLine(2000)] }),
  billingDetails: { name: 'Analytical Engines GmbH', email: 'pro@sandbox.test', address: DE_ADDRESS, taxIds: [{ type: 'eu_vat', value: 'DE123456788' }] },
};

/** Every payment of the VAT consumer, newest first. */
export const PAYMENTS: Payment[] = [
  VAT_INVOICE_DETAILS.payments[1]!,
  VAT_INVOICE_DETAILS.payments[0]!,
  payment(VAT_INVOICES[1]!, 1, { card: { brand: 'mastercard', last4: '8210' } }),
  payment(VAT_INVOICES[2]!, 1, { status: 'refunded' }),
];

// ---------------------------------------------------------------------------
// Plans (GET /v1/plans as the sandbox serves it) and plan changes

const FEATURE_TEXT = {
  'ai.completions.basic': 'Basic completions',
  'ai.completions.unlimited': 'Unlimited completions',
  'ai.agent': 'Agent mode: multi-step edits across files',
  'ai.premiumModels': 'Premium models',
  'ai.agent.parallel': 'Parallel agents',
  'ai.agent.background': 'Background agents',
} as const;

function tier(id: PlanId, name: string, tagline: string, month: number, year: number, credits: number, features: Array<keyof typeof FEATURE_TEXT>, current = false): Plan {
  return {
    id,
    name,
    tagline,
    prices: { month: usd(month), year: usd(year) },
    includedCredits: { month: `${credits}.00`, year: `${credits * 12}.00` },
    features: features.map((key) => ({ key, description: FEATURE_TEXT[key] })),
    current,
  };
}

const PRO_FEATURES: Array<keyof typeof FEATURE_TEXT> = ['ai.completions.basic', 'ai.completions.unlimited', 'ai.agent', 'ai.premiumModels'];

/** The four tiers; `current` marks the account's plan. */
export function planCatalogue(current: PlanId = 'pro', interval: 'month' | 'year' | null = 'month'): PlanCatalogue {
  return {
    plans: [
      tier('free', 'Free', 'To try it out', 0, 0, 50, ['ai.completions.basic'], current === 'free'),
      tier('pro', 'Pro', 'For daily AI pair programming', 2000, 20000, 1000, PRO_FEATURES, current === 'pro'),
      tier('pro_plus', 'Pro+', 'For heavier agent use', 4000, 40000, 2000, [...PRO_FEATURES, 'ai.agent.parallel'], current === 'pro_plus'),
      tier('power', 'Power', 'For agents that never stop', 20000, 200000, 10000, [...PRO_FEATURES, 'ai.agent.parallel', 'ai.agent.background'], current === 'power'),
    ],
    current: { planId: current, interval: current === 'free' ? null : interval },
  };
}

export const atPrice = (planId: PlanId, name: string, price: number, interval: 'month' | 'year' = 'month'): PlanAtPrice => ({ planId, planName: name, interval, price: usd(price) });

/** Pro → Pro+ in the middle of the period: the unused Pro credited, the rest of Pro+ charged, 19% VAT... rounded. */
export const UPGRADE_PREVIEW: SubscriptionChangePreview = {
  id: 'pv_upgrade',
  from: atPrice('pro', 'Pro', 2000),
  to: atPrice('pro_plus', 'Pro+', 4000),
  direction: 'upgrade',
  effectiveAt: iso(NOW),
  lines: [
    { kind: 'proration', description: 'Unused time on Pro', quantity: 1, amount: usd(-1000), periodStart: iso(NOW), periodEnd: iso(Date.UTC(2026, 11, 1, 9)) },
    { kind: 'proration', description: 'Remaining time on Pro+', quantity: 1, amount: usd(2082), periodStart: iso(NOW), periodEnd: iso(Date.UTC(2026, 11, 1, 9)) },
  ],
  subtotal: usd(1082),
  taxLines: [{ kind: 'vat', jurisdiction: 'GB', label: 'VAT 24%', rateMilliPercent: 24000, taxableAmount: usd(1082), amount: usd(260), note: null }],
  tax: usd(260),
  amountDueNow: usd(1342),
  nextInvoice: { date: iso(Date.UTC(2026, 11, 1, 9)), amount: usd(4000) },
  includedCredits: '2000.00',
  expiresAt: iso(NOW + 30 * 60_000),
};

export const DOWNGRADE_PREVIEW: SubscriptionChangePreview = {
  ...UPGRADE_PREVIEW,
  id: 'pv_downgrade',
  from: atPrice('pro_plus', 'Pro+', 4000),
  to: atPrice('pro', 'Pro', 2000),
  direction: 'downgrade',
  effectiveAt: iso(Date.UTC(2026, 11, 1, 9)),
  lines: [],
  subtotal: usd(0),
  taxLines: [],
  tax: usd(0),
  amountDueNow: usd(0),
  nextInvoice: { date: iso(Date.UTC(2026, 11, 1, 9)), amount: usd(2000) },
  includedCredits: '1000.00',
};

export const FROM_FREE_PREVIEW: SubscriptionChangePreview = {
  ...UPGRADE_PREVIEW,
  id: 'pv_free',
  from: atPrice('free', 'Free', 0),
  to: atPrice('pro', 'Pro', 2000),
  lines: [{ kind: 'subscription', description: 'Pro (monthly)', quantity: 1, amount: usd(2000), periodStart: iso(NOW), periodEnd: iso(Date.UTC(2026, 11, 28, 15)) }],
  subtotal: usd(2000),
  taxLines: [],
  tax: usd(0),
  amountDueNow: usd(2000),
  nextInvoice: { date: iso(Date.UTC(2026, 11, 28, 15)), amount: usd(2000) },
  includedCredits: '1000.00',
};

/** An upgrade to Pro+ whose payment the bank wants confirmed (3-D Secure). */
export const PENDING_UPGRADE: PendingPlanChange = {
  to: atPrice('pro_plus', 'Pro+', 4000),
  invoiceId: 'in_pending',
  amountDue: usd(1342),
  reason: 'authentication_required',
  declineCode: null,
  message: 'Your bank asks you to confirm this payment.',
  expiresAt: iso(Date.UTC(2026, 10, 29, 15)),
};

const PRO_PLUS_ACCOUNT = account({
  email: 'proplus@sandbox.test',
  plan: { id: 'pro_plus', name: 'Pro+' },
  subscription: subscription({ id: 'sub_plus', planId: 'pro_plus', planName: 'Pro+', price: usd(4000) }),
  upcomingInvoice: upcoming(iso(Date.UTC(2026, 11, 1, 9)), 4000),
});


/** Credits text from hundredths ("820.00"), for fixtures. */
const cr = (hundredths: number): string => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

/** The current usage period: Nov 10 – Dec 10, 2026 (12:00 UTC), so it resets in 12 days of the pinned NOW. */
export const USAGE_PERIOD = { start: iso(Date.UTC(2026, 10, 10, 12)), end: iso(Date.UTC(2026, 11, 10, 12)) };

/** Closed periods, newest first: 12 months of Pro (the newest with overage). */
export const USAGE_HISTORY: UsagePeriodTotal[] = Array.from({ length: 12 }, (_, i) => ({
  periodStart: iso(Date.UTC(2026, 9 - i, 10, 12)),
  periodEnd: iso(Date.UTC(2026, 10 - i, 10, 12)),
  planId: 'pro' as const,
  included: '1000.00',
  used: i === 0 ? '1103.45' : cr(40_000 + i * 2_500),
  overageCredits: i === 0 ? '103.45' : '0.00',
  overageAmount: usd(i === 0 ? 414 : 0),
}));

/**
 * Pro's usage with `usedHundredths` of the 1,000 plan credits used, overage on
 * at 4 ¢ up to $25.00, 19 days of daily usage (Nov 10 – Nov 28, UTC).
 */
export function usageData(usedHundredths = 62_050, overrides: Partial<Usage> = {}): Usage {
  const used = Math.min(usedHundredths, 100_000);
  const daily = Array.from({ length: 19 }, (_, i) => ({ date: `2026-11-${String(10 + i).padStart(2, '0')}`, credits: '0.00' }));
  // Spread the usage over the days: all of it on the days given, the rest on the last one.
  let left = used;
  for (let i = 0; i < daily.length && left > 0; i++) {
    const day = i === daily.length - 1 ? left : Math.min(left, 3_000 + (i % 4) * 1_000);
    daily[i] = { ...daily[i]!, credits: cr(day) };
    left -= day;
  }
  return {
    planId: 'pro',
    periodStart: USAGE_PERIOD.start,
    periodEnd: USAGE_PERIOD.end,
    plan: { included: '1000.00', used: cr(used), remaining: cr(100_000 - used) },
    bonus: [],
    overage: { enabled: true, spendCap: usd(2500), pricePerCredit: usd(4), used: '0.00', accrued: usd(0), capReached: false },
    remaining: cr(100_000 - used),
    used: cr(used),
    quotaExceeded: null,
    daily,
    history: USAGE_HISTORY,
    asOf: iso(NOW - 60_000),
    ...overrides,
  };
}

export const usageView = (usage: Usage | null, overrides: Partial<UsagePanelView> = {}): UsagePanelView => ({ ...NO_USAGE, usage, ...overrides });

/** Pro, all plan credits used, overage off: features stop. */
export const USAGE_EXHAUSTED: Usage = (() => {
  const u = usageData(100_000, { quotaExceeded: 'credits_exhausted' });
  return { ...u, overage: { ...u.overage!, enabled: false } };
})();

/** Pro, overage up to the $25.00 cap (625 credits beyond the plan at 4 ¢). */
export const USAGE_CAP_REACHED: Usage = usageData(100_000, {
  quotaExceeded: 'spend_cap_reached',
  used: '1625.00',
  overage: { enabled: true, spendCap: usd(2500), pricePerCredit: usd(4), used: '625.00', accrued: usd(2500), capReached: true },
});

/** Pro with a welcome bonus of 200 credits (50 used), expiring Dec 5. */
export const USAGE_WITH_BONUS: Usage = usageData(100_000, {
  bonus: [{ id: 'grant_welcome', description: 'Welcome bonus', granted: '200.00', used: '50.00', remaining: '150.00', expiresAt: iso(Date.UTC(2026, 11, 5, 12)) }],
  remaining: '150.00',
  used: '1050.00',
});

/** Free: 50 credits, no overage. */
export const USAGE_FREE: Usage = usageData(1_250, {
  planId: 'free',
  plan: { included: '50.00', used: '12.50', remaining: '37.50' },
  remaining: '37.50',
  overage: null,
  history: [],
});

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
      upcomingInvoice: upcoming(iso(Date.UTC(2026, 11, 1, 15))),
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
      paymentMethod: card({ last4: '9995', expMonth: 8, expYear: 2028 }),
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

  /** Two saved cards (journey 13): the default Visa and a Mastercard debit card. */
  twoCards: viewState({
    kind: 'active',
    account: PRO_ACCOUNT,
    paymentMethods: cardsView([card(), MASTERCARD_DEBIT]),
    invoices: invoices(VAT_INVOICES),
  }),

  /** A consumer in Germany: the next payment and the invoices carry 19% VAT. */
  vatConsumer: viewState({
    kind: 'active',
    account: VAT_CONSUMER_ACCOUNT,
    invoices: invoices(VAT_INVOICES),
  }),

  /** The details of a paid invoice with VAT (journey 14), opened from the list. */
  invoiceDetailsVat: viewState({
    kind: 'active',
    account: VAT_CONSUMER_ACCOUNT,
    invoices: invoices(VAT_INVOICES),
    invoiceDetails: { invoiceId: VAT_INVOICES[0]!.id, details: VAT_INVOICE_DETAILS, loading: false, error: null },
  }),

  /** A business with a valid VAT ID: the reverse charge and its note. */
  invoiceDetailsReverseCharge: viewState({
    kind: 'active',
    account: PRO_ACCOUNT,
    invoices: invoices([REVERSE_CHARGE_INVOICE]),
    invoiceDetails: { invoiceId: REVERSE_CHARGE_INVOICE.id, details: { invoice: REVERSE_CHARGE_INVOICE, payments: [payment(REVERSE_CHARGE_INVOICE, 1)] }, loading: false, error: null },
  }),

  /** The Payments view's data: a failed renewal, then the retry that recovered it. */
  payments: viewState({
    kind: 'active',
    account: VAT_CONSUMER_ACCOUNT,
    invoices: invoices(VAT_INVOICES),
    payments: { items: PAYMENTS, hasMore: true, loading: false, error: null },
  }),

  /** Pro, the catalogue loaded (the Change plan view). */
  proWithPlans: viewState({ kind: 'active', account: PRO_ACCOUNT, plans: { ...NO_PLANS, catalogue: planCatalogue('pro') } }),

  /** Pro+ with a downgrade to Pro at the period end ("Keep Pro+"). */
  scheduledDowngrade: viewState({
    kind: 'active',
    account: {
      ...PRO_PLUS_ACCOUNT,
      subscription: { ...PRO_PLUS_ACCOUNT.subscription!, scheduledChange: { to: atPrice('pro', 'Pro', 2000), effectiveAt: iso(Date.UTC(2026, 11, 1, 9)) } },
    },
  }),

  /** Pro, an upgrade to Pro+ waiting for the bank's confirmation in the portal. */
  pendingUpgrade: viewState({ kind: 'active', account: { ...PRO_ACCOUNT, pendingPlanChange: PENDING_UPGRADE } }),

  /** Pro with 620.50 of 1,000 credits used this period, overage on up to $25.00. */
  proUsage: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(usageData()) }),
  /** Pro, 820 of 1,000 used (low: 180 left). */
  proUsageLow: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(usageData(82_000)) }),
  proUsageExhausted: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(USAGE_EXHAUSTED) }),
  proUsageCapReached: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(USAGE_CAP_REACHED) }),
  proUsageBonus: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(USAGE_WITH_BONUS) }),
  /** The last usage check failed: the last verified usage, marked. */
  proUsageStale: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(usageData(), { stale: true, error: { kind: 'offline', message: "Can't reach the billing service." } }) }),
  freeUsage: viewState({ kind: 'free', account: FREE_ACCOUNT, usage: usageView(USAGE_FREE) }),
} satisfies Record<string, PanelViewState>;

export type FixtureName = keyof typeof fixtures;

/** The past-due page's first tab stops: Refresh, the banner's fixes, the card, billing Edit, Payments, the first invoice. */
export const PAST_DUE_TAB_ORDER = [
  'Refresh',
  'Add payment method',
  'Pay now',
  'Add payment method',
  'Edit Visa ending in 9995',
  'Remove Visa ending in 9995',
  'Edit',
  'Payments',
  'View invoice PB-2026-0020',
  'Download PDF of invoice PB-2026-0020',
];
