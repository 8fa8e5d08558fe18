/** Billing API v1: the account summary and what it is made of (docs/contract.md). */
import { Type, type Static } from '@sinclair/typebox';
import { BillingDetails } from './billingDetails';
import { Money, Nullable, Timestamp } from './common';
import { TaxLine } from './invoices';
import { PaymentMethod } from './paymentMethods';
import { PlanId } from './planId';
import { UsageMeters } from './usage';

/** The tiers, in ascending order of price (GET /v1/plans). */

/** Stripe's subscription states. */
export const SubscriptionStatus = Type.Union([
  Type.Literal('trialing'),
  Type.Literal('active'),
  Type.Literal('past_due'),
  Type.Literal('unpaid'),
  Type.Literal('canceled'),
  Type.Literal('incomplete'),
  Type.Literal('incomplete_expired'),
]);
export type SubscriptionStatus = Static<typeof SubscriptionStatus>;

export const BillingInterval = Type.Union([Type.Literal('month'), Type.Literal('year')]);
export type BillingInterval = Static<typeof BillingInterval>;

/** The plan a subscription is on or moves to, as a preview or a schedule names it. */
export const PlanAtPrice = Type.Object(
  { planId: PlanId, planName: Type.String(), interval: BillingInterval, price: Money },
  { $id: 'PlanAtPrice', additionalProperties: false },
);
export type PlanAtPrice = Static<typeof PlanAtPrice>;

/** Why a change waits for the cardholder in the portal. */
export const PaymentRequiredReason = Type.Union([
  Type.Literal('authentication_required'),
  Type.Literal('card_declined'),
  Type.Literal('no_payment_method'),
]);
export type PaymentRequiredReason = Static<typeof PaymentRequiredReason>;

/**
 * An upgrade whose payment did not go through. The plan does not change until
 * it is paid through the portal flow `plan_change_payment`; it lapses (invoice
 * voided, nothing changed) at expiresAt.
 */
export const PendingPlanChange = Type.Object(
  {
    to: PlanAtPrice,
    invoiceId: Type.String(),
    amountDue: Money,
    reason: PaymentRequiredReason,
    /** For card_declined: the decline code, e.g. "insufficient_funds". */
    declineCode: Nullable(Type.String()),
    /** The reason in words, for the user. */
    message: Type.String(),
    expiresAt: Timestamp,
  },
  { $id: 'PendingPlanChange', additionalProperties: false },
);
export type PendingPlanChange = Static<typeof PendingPlanChange>;

/** A downgrade waiting for the period end (undone by DELETE /v1/subscription/scheduled-change). */
export const ScheduledPlanChange = Type.Object(
  { to: PlanAtPrice, effectiveAt: Timestamp },
  { $id: 'ScheduledPlanChange', additionalProperties: false },
);
export type ScheduledPlanChange = Static<typeof ScheduledPlanChange>;


export const Subscription = Type.Object(
  {
    id: Type.String(),
    planId: PlanId,
    planName: Type.String(),
    price: Money,
    interval: BillingInterval,
    status: SubscriptionStatus,
    currentPeriodStart: Timestamp,
    currentPeriodEnd: Timestamp,
    trialEnd: Nullable(Timestamp),
    cancelAtPeriodEnd: Type.Boolean(),
    canceledAt: Nullable(Timestamp),
    /** A downgrade that applies at currentPeriodEnd, if one is scheduled. */
    scheduledChange: Nullable(ScheduledPlanChange),
  },
  { $id: 'Subscription', additionalProperties: false },
);
export type Subscription = Static<typeof Subscription>;

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
  },
  { $id: 'User', additionalProperties: false },
);
export type User = Static<typeof User>;

/** The next renewal's invoice as it would be finalized now (tax from today's billing details). */
export const UpcomingInvoice = Type.Object(
  {
    date: Timestamp,
    /** Before tax. */
    subtotal: Money,
    taxLines: Type.Array(TaxLine),
    tax: Money,
    /** subtotal + tax, less any credit. */
    amountDue: Money,
  },
  { $id: 'UpcomingInvoice', additionalProperties: false },
);
export type UpcomingInvoice = Static<typeof UpcomingInvoice>;

export const PaymentFailure = Type.Object(
  {
    invoiceId: Type.String(),
    amountDue: Money,
    /** Stripe-style decline code, e.g. "insufficient_funds", "expired_card", "lost_card", "generic_decline". */
    declineCode: Type.String(),
    /** The reason in words, suitable for the user. */
    message: Type.String(),
    attemptCount: Type.Integer({ minimum: 1 }),
    failedAt: Timestamp,
    /** Null when no automatic retry is scheduled (hard decline, or retries exhausted). */
    nextRetryAt: Nullable(Timestamp),
  },
  { $id: 'PaymentFailure', additionalProperties: false },
);
export type PaymentFailure = Static<typeof PaymentFailure>;

/** GET /v1/account: everything the panel's first screen needs in one round trip. */
export const AccountSummary = Type.Object(
  {
    user: User,
    /**
     * The account's plan: the subscription's plan, or Free when there is no
     * subscription or it has ended. What the plan grants right now (none of the
     * paid features while past due) is in the entitlement token.
     */
    plan: Type.Object({ id: PlanId, name: Type.String() }, { additionalProperties: false }),
    /** Null for accounts that never had a paid subscription (Free). */
    subscription: Nullable(Subscription),
    upcomingInvoice: Nullable(UpcomingInvoice),
    /** The default card (every card: GET /v1/payment-methods). */
    paymentMethod: Nullable(PaymentMethod),
    billingDetails: BillingDetails,
    outstandingBalance: Money,
    latestPaymentFailure: Nullable(PaymentFailure),
    /** An upgrade waiting for the cardholder in the portal (3-D Secure, a declined card, no card yet). */
    pendingPlanChange: Nullable(PendingPlanChange),
    /** The period's credits (the meters; GET /v1/usage adds daily totals and history), null when the account has none. */
    usage: Nullable(UsageMeters),
    /** Server time at which this summary was produced. */
    asOf: Timestamp,
    /**
     * The current entitlement token (as GET /v1/entitlements answers it), so a
     * check is one conditional request (docs/refreshPolicy.md). Optional: a
     * client falls back to GET /v1/entitlements when a service omits it.
     */
    entitlementToken: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
  },
  { $id: 'AccountSummary', additionalProperties: false },
);
export type AccountSummary = Static<typeof AccountSummary>;
