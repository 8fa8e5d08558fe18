/**
 * Billing API v1: usage in credits (GET /v1/usage, PUT /v1/usage/settings,
 * POST /v1/usage/events). Credits travel as decimal strings with two decimals
 * and are integer hundredths everywhere else (shared/credits.ts); the order
 * in which the pools are consumed is in docs/lifecycle.md ("Usage").
 */
import { Type, type Static } from '@sinclair/typebox';
import { Credits, Money, Nullable, Timestamp } from './common';
import { PlanId } from './planId';

/** The plan's included credits for the current period. */
export const PlanCreditsPool = Type.Object(
  { included: Credits, used: Credits, remaining: Credits },
  { $id: 'PlanCreditsPool', additionalProperties: false },
);
export type PlanCreditsPool = Static<typeof PlanCreditsPool>;

/** A grant of bonus credits (trial, promotion), used after the plan's credits, until it expires. */
export const BonusGrant = Type.Object(
  {
    id: Type.String(),
    /** What the grant is, e.g. "Welcome bonus". */
    description: Type.String(),
    granted: Credits,
    used: Credits,
    remaining: Credits,
    expiresAt: Timestamp,
  },
  { $id: 'BonusGrant', additionalProperties: false },
);
export type BonusGrant = Static<typeof BonusGrant>;

/** Credits beyond the plan and bonus pools, billed on the next invoice at pricePerCredit, up to spendCap. */
export const OveragePool = Type.Object(
  {
    enabled: Type.Boolean(),
    /** The most the period's overage may cost (0 = nothing beyond the plan even when enabled). */
    spendCap: Money,
    /** Price of one credit beyond the plan, in cents (e.g. 4). */
    pricePerCredit: Money,
    used: Credits,
    /** What the used overage costs so far (billed at the renewal): round(used × price) to the cent. */
    accrued: Money,
    /** True once the next event's overage would pass the cap. */
    capReached: Type.Boolean(),
  },
  { $id: 'OveragePool', additionalProperties: false },
);
export type OveragePool = Static<typeof OveragePool>;

export const DailyUsage = Type.Object(
  {
    /** The UTC calendar day, YYYY-MM-DD. */
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    credits: Credits,
  },
  { $id: 'DailyUsage', additionalProperties: false },
);
export type DailyUsage = Static<typeof DailyUsage>;

/** A closed billing period's totals. */
export const UsagePeriodTotal = Type.Object(
  {
    periodStart: Timestamp,
    periodEnd: Timestamp,
    planId: PlanId,
    included: Credits,
    /** Every credit consumed in the period (plan + bonus + overage). */
    used: Credits,
    overageCredits: Credits,
    overageAmount: Money,
  },
  { $id: 'UsagePeriodTotal', additionalProperties: false },
);
export type UsagePeriodTotal = Static<typeof UsagePeriodTotal>;

/** Why credit-consuming features are refused right now, or null when they are not. */
export const QuotaState = Type.Union([Type.Literal('credits_exhausted'), Type.Literal('spend_cap_reached')]);
export type QuotaState = Static<typeof QuotaState>;

/** GET /v1/usage (ETag / If-None-Match → 304). */
/**
 * The period's meters: what every check needs (the status bar, the gate, the alerts). The account
 * summary carries them, so a background check is one request; GET /v1/usage adds the charts.
 */
const meterProperties = {
  planId: PlanId,
  /** The current period; credits reset at periodEnd. */
  periodStart: Timestamp,
  periodEnd: Timestamp,
  plan: PlanCreditsPool,
  /** Grants still active, the one expiring soonest first (the order they are consumed in). */
  bonus: Type.Array(BonusGrant),
  /** Null on Free (no overage). */
  overage: Nullable(OveragePool),
  /** Plan + active bonus credits left. */
  remaining: Credits,
  /** Every credit consumed this period (plan + bonus + overage). */
  used: Credits,
  quotaExceeded: Nullable(QuotaState),
};

export const UsageMeters = Type.Object(meterProperties, { $id: 'UsageMeters', additionalProperties: false });
export type UsageMeters = Static<typeof UsageMeters>;

/** GET /v1/usage: the meters, the days of this period and the closed periods. */
export const Usage = Type.Object(
  {
    ...meterProperties,
    /** Each day of the current period up to today (UTC), zeros included. */
    daily: Type.Array(DailyUsage),
    /** The last 12 closed periods, newest first. */
    history: Type.Array(UsagePeriodTotal),
    asOf: Timestamp,
  },
  { $id: 'Usage', additionalProperties: false },
);
export type Usage = Static<typeof Usage>;

/** PUT /v1/usage/settings. */
export const UsageSettingsRequest = Type.Object(
  {
    overageEnabled: Type.Boolean(),
    /** In cents; 0 to 100,000 ($1,000.00) and not below what is already accrued this period. */
    spendCap: Type.Integer(),
  },
  { $id: 'UsageSettingsRequest', additionalProperties: false },
);
export type UsageSettingsRequest = Static<typeof UsageSettingsRequest>;


/**
 * POST /v1/usage/events: one credit-consuming action. In production the
 * vendor's AI backend sends these with its own credentials; the sandbox takes
 * them with the user's token in its place (docs/security.md).
 */
export const UsageEventRequest = Type.Object(
  {
    /** The caller's id for the action: a retry with the same id and content counts once. */
    eventId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' }),
    /** A feature key of the catalogue (e.g. "ai.agent"). */
    feature: Type.String({ minLength: 1, maxLength: 64 }),
    /** Greater than 0, at most two decimals: "1.25" or 1.25. */
    credits: Type.Union([Type.String({ maxLength: 32 }), Type.Number()]),
    occurredAt: Timestamp,
  },
  { $id: 'UsageEventRequest', additionalProperties: false },
);
export type UsageEventRequest = Static<typeof UsageEventRequest>;

/** Where an accepted event's credits came from. */
export const UsageEventResult = Type.Object(
  {
    eventId: Type.String(),
    credits: Credits,
    fromPlan: Credits,
    fromBonus: Credits,
    fromOverage: Credits,
    /** True when this eventId had been counted before (nothing counted again). */
    duplicate: Type.Boolean(),
    /** Plan + bonus credits left after it. */
    remaining: Credits,
  },
  { $id: 'UsageEventResult', additionalProperties: false },
);
export type UsageEventResult = Static<typeof UsageEventResult>;


