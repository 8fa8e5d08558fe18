/**
 * Billing API v1: the plan catalogue (GET /v1/plans) and plan changes
 * (POST /v1/subscription/preview, /change, /cancel, /resume and
 * DELETE /v1/subscription/scheduled-change). The rules are in
 * docs/lifecycle.md ("Plan changes"); the wire shapes here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { BillingInterval, PlanAtPrice, PendingPlanChange, Subscription } from './account';
import { PlanId } from './planId';
import { Credits, Money, Nullable, Timestamp } from './common';
import { InvoiceLine, TaxLine } from './invoices';


export const PlanFeature = Type.Object(
  {
    key: Type.String(),
    /** One sentence for the user, e.g. "Agent mode: multi-step edits across files". */
    description: Type.String(),
  },
  { $id: 'PlanFeature', additionalProperties: false },
);
export type PlanFeature = Static<typeof PlanFeature>;

export const Plan = Type.Object(
  {
    id: PlanId,
    name: Type.String(),
    /** A short line under the name, e.g. "For daily AI pair programming". */
    tagline: Type.String(),
    /** List price per interval before tax; the annual price carries the discount. Free: 0 for both. */
    prices: Type.Object({ month: Money, year: Money }, { additionalProperties: false }),
    /** Credits included in each billing period of that interval (a year includes twelve months' worth). */
    includedCredits: Type.Object({ month: Credits, year: Credits }, { additionalProperties: false }),
    /** Every feature the plan grants, including those of the plans below it. */
    features: Type.Array(PlanFeature),
    /** True for the account's plan right now. */
    current: Type.Boolean(),
  },
  { $id: 'Plan', additionalProperties: false },
);
export type Plan = Static<typeof Plan>;

/** GET /v1/plans: the tiers in ascending order of price. */
export const PlanCatalogue = Type.Object(
  {
    plans: Type.Array(Plan),
    /** The account's plan and interval (interval null on Free). */
    current: Type.Object({ planId: PlanId, interval: Nullable(BillingInterval) }, { additionalProperties: false }),
  },
  { $id: 'PlanCatalogue', additionalProperties: false },
);
export type PlanCatalogue = Static<typeof PlanCatalogue>;

/** A paid plan a subscription can change to (Free is reached by canceling). */
export const PlanChangeTarget = Type.Object(
  { planId: PlanId, interval: BillingInterval },
  { $id: 'PlanChangeTarget', additionalProperties: false },
);
export type PlanChangeTarget = Static<typeof PlanChangeTarget>;

export const ChangeDirection = Type.Union([Type.Literal('upgrade'), Type.Literal('downgrade')]);
export type ChangeDirection = Static<typeof ChangeDirection>;

/**
 * POST /v1/subscription/preview: what a change would do, computed by the
 * service and charged by nothing. Valid until expiresAt and only while the
 * subscription (plan, price, period) is as it was when previewed.
 */
export const SubscriptionChangePreview = Type.Object(
  {
    /** Pass back as previewId to apply exactly this. */
    id: Type.String(),
    from: PlanAtPrice,
    to: PlanAtPrice,
    /** Upgrades take effect now; downgrades at the period end. */
    direction: ChangeDirection,
    effectiveAt: Timestamp,
    /** The proration lines charged now (empty for a downgrade or a change during a trial). */
    lines: Type.Array(InvoiceLine),
    /** Sum of lines, before tax. */
    subtotal: Money,
    taxLines: Type.Array(TaxLine),
    tax: Money,
    /** What the default card is charged on confirmation (subtotal + tax, never below 0). */
    amountDueNow: Money,
    /** The first invoice after the change: its date and amount with tax. */
    nextInvoice: Type.Object({ date: Timestamp, amount: Money }, { additionalProperties: false }),
    /** Credits included per period on the new plan. */
    includedCredits: Credits,
    expiresAt: Timestamp,
  },
  { $id: 'SubscriptionChangePreview', additionalProperties: false },
);
export type SubscriptionChangePreview = Static<typeof SubscriptionChangePreview>;

export const SubscriptionChangeRequest = Type.Object(
  { planId: PlanId, interval: BillingInterval, previewId: Type.String({ minLength: 1, maxLength: 64 }) },
  { $id: 'SubscriptionChangeRequest', additionalProperties: false },
);
export type SubscriptionChangeRequest = Static<typeof SubscriptionChangeRequest>;


export const ChangeOutcome = Type.Union([Type.Literal('applied'), Type.Literal('scheduled'), Type.Literal('requires_payment')]);
export type ChangeOutcome = Static<typeof ChangeOutcome>;

/** POST /v1/subscription/change: what happened. */
export const SubscriptionChangeResult = Type.Object(
  {
    outcome: ChangeOutcome,
    /** The subscription after the change (for requires_payment: unchanged; null when the account never subscribed). */
    subscription: Nullable(Subscription),
    /** The proration invoice, when one was issued (paid for applied, open for requires_payment). */
    invoiceId: Nullable(Type.String()),
    /** Set when outcome is requires_payment. */
    pendingPlanChange: Nullable(PendingPlanChange),
  },
  { $id: 'SubscriptionChangeResult', additionalProperties: false },
);
export type SubscriptionChangeResult = Static<typeof SubscriptionChangeResult>;

export const CancellationReasonCode = Type.Union([
  Type.Literal('too_expensive'),
  Type.Literal('not_using'),
  Type.Literal('missing_features'),
  Type.Literal('switching_service'),
  Type.Literal('technical_issues'),
  Type.Literal('other'),
]);
export type CancellationReasonCode = Static<typeof CancellationReasonCode>;

export const CancelSubscriptionRequest = Type.Object(
  {
    /** Optional: why the user leaves (a choice and free text). */
    reason: Type.Optional(
      Type.Object(
        { code: CancellationReasonCode, comment: Type.Optional(Type.String({ maxLength: 1000 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'CancelSubscriptionRequest', additionalProperties: false },
);
export type CancelSubscriptionRequest = Static<typeof CancelSubscriptionRequest>;

