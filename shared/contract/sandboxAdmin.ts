/**
 * Sandbox-only endpoints (under /sandbox/, present only when the service runs
 * in sandbox mode): demo sessions, account states, card outcomes, refunds, the
 * billing clock, fault injection and the notification outbox. The sandbox and the
 * tests use these; the extension never does, and lint keeps them out of its
 * bundle (docs/architecture.md).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common';

export const SandboxPaths = {
  accounts: '/sandbox/accounts',
  sessions: '/sandbox/sessions',
  accountState: '/sandbox/accounts/{id}/state',
  accountCard: '/sandbox/accounts/{id}/card',
  /** Refunds a succeeded payment (nothing else refunds in the sandbox). */
  paymentRefund: '/sandbox/payments/{id}/refund',
  clock: '/sandbox/clock',
  clockAdvance: '/sandbox/clock/advance',
  faults: '/sandbox/faults',
  outbox: '/sandbox/outbox',
  /** Grants bonus credits to an account (they are used after the plan's, until they expire). */
  accountBonusGrants: '/sandbox/accounts/{id}/bonus-grants',
} as const;

/** The demo states an account can be put into with POST /sandbox/accounts/{id}/state. */
export const DemoState = Type.Union([
  Type.Literal('free'),
  Type.Literal('trialing'),
  Type.Literal('active'),
  Type.Literal('active_canceling'),
  Type.Literal('past_due'),
  Type.Literal('canceled'),
  Type.Literal('unpaid'),
]);
export type DemoState = Static<typeof DemoState>;

export const SandboxAccount = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    /** Subscription status, or "free". */
    state: Type.String(),
  },
  { $id: 'SandboxAccount', additionalProperties: false },
);
export type SandboxAccount = Static<typeof SandboxAccount>;

export const SandboxAccountList = Type.Object({ data: Type.Array(SandboxAccount) }, { $id: 'SandboxAccountList' });
export type SandboxAccountList = Static<typeof SandboxAccountList>;

export const SandboxSessionRequest = Type.Object(
  { email: Type.String({ maxLength: 320 }) },
  { $id: 'SandboxSessionRequest', additionalProperties: false },
);
export type SandboxSessionRequest = Static<typeof SandboxSessionRequest>;

export const SandboxSetStateRequest = Type.Object(
  {
    state: DemoState,
    /** The paid plan of the state's subscription (default pro; ignored for free). */
    plan: Type.Optional(Type.Union([Type.Literal('pro'), Type.Literal('pro_plus'), Type.Literal('power')])),
    /** Its billing interval (default month). */
    interval: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('year')])),
  },
  { $id: 'SandboxSetStateRequest', additionalProperties: false },
);
export type SandboxSetStateRequest = Static<typeof SandboxSetStateRequest>;

/**
 * How charges to an account's default card turn out from now on (sandbox only):
 * "succeed", or a decline code. Stages e.g. a retry that succeeds because the
 * funds arrived, or a hard decline (lost_card, stolen_card, expired_card) that
 * is not retried until the card changes.
 */
export const ChargeOutcome = Type.Union([
  Type.Literal('succeed'),
  Type.Literal('generic_decline'),
  Type.Literal('insufficient_funds'),
  Type.Literal('expired_card'),
  Type.Literal('lost_card'),
  Type.Literal('stolen_card'),
]);
export type ChargeOutcome = Static<typeof ChargeOutcome>;

export const SandboxCardOutcomeRequest = Type.Object(
  { outcome: ChargeOutcome },
  { $id: 'SandboxCardOutcomeRequest', additionalProperties: false },
);
export type SandboxCardOutcomeRequest = Static<typeof SandboxCardOutcomeRequest>;

/**
 * Refund of a succeeded payment (sandbox only): the whole amount not yet
 * refunded, or `amount` cents of it. Answers the refund as a Payment with
 * status "refunded"; the invoice stays paid (a refund is not a credit note).
 */
export const SandboxRefundRequest = Type.Object(
  { amount: Type.Optional(Type.Integer({ minimum: 1 })) },
  { $id: 'SandboxRefundRequest', additionalProperties: false },
);
export type SandboxRefundRequest = Static<typeof SandboxRefundRequest>;

export const ClockAdvanceRequest = Type.Object(
  {
    days: Type.Optional(Type.Number({ minimum: 0, maximum: 3660 })),
    hours: Type.Optional(Type.Number({ minimum: 0, maximum: 87840 })),
  },
  { $id: 'ClockAdvanceRequest', additionalProperties: false },
);
export type ClockAdvanceRequest = Static<typeof ClockAdvanceRequest>;

export const ClockState = Type.Object({ now: Timestamp }, { $id: 'ClockState', additionalProperties: false });
export type ClockState = Static<typeof ClockState>;

export const FaultKind = Type.Union([
  Type.Literal('latency'),
  Type.Literal('status'),
  Type.Literal('reset'),
  Type.Literal('malformed'),
  Type.Literal('slow_body'),
]);
export type FaultKind = Static<typeof FaultKind>;

export const FaultRequest = Type.Object(
  {
    /** Matched against "METHOD /path" or "/path"; "*" is a wildcard, e.g. "GET /v1/account" or "/v1/*". */
    route: Type.String({ maxLength: 200 }),
    kind: FaultKind,
    /** How many matching requests the fault applies to. */
    count: Type.Integer({ minimum: 1, maximum: 10000 }),
    /** For latency: delay in milliseconds before the request is handled normally. */
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120000 })),
    /** For status: the HTTP status to answer with (problem+json body). */
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
    /** For status: value of the Retry-After header, in seconds. */
    retryAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    /**
     * For malformed: a truncated JSON body (default), well-formed JSON of the
     * wrong shape, or the real answer with every http(s) origin in it replaced
     * by a foreign one (a tampered or misconfigured service handing out links);
     * `replaced`: `body` as given, with `contentType` and `status`; `oversized`:
     * the real answer padded with spaces to `sizeBytes`.
     */
    malformedAs: Type.Optional(
      Type.Union([Type.Literal('truncated'), Type.Literal('wrong_shape'), Type.Literal('foreign_origin'), Type.Literal('replaced'), Type.Literal('oversized')]),
    ),
    /** For malformed `replaced`: the body to send instead of the real answer. */
    body: Type.Optional(Type.String({ maxLength: 60_000 })),
    /** For malformed `replaced`: its Content-Type (default application/json); `status` is its status (default 200). */
    contentType: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** For malformed `oversized`: the size of the padded body. */
    sizeBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 * 1024 * 1024 })),
    /** For slow_body: the real answer's status and headers at once, then its body one byte every `byteIntervalMs`. */
    byteIntervalMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
  },
  { $id: 'FaultRequest', additionalProperties: false },
);
export type FaultRequest = Static<typeof FaultRequest>;

/** The faults still set (GET /sandbox/faults): how many matching requests each will still take. */
export const FaultList = Type.Object(
  { faults: Type.Array(Type.Object({ route: Type.String(), kind: FaultKind, remaining: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })) },
  { $id: 'FaultList', additionalProperties: false },
);
export type FaultList = Static<typeof FaultList>;

export const OutboxKind = Type.Union([
  Type.Literal('payment_failed'),
  Type.Literal('payment_succeeded'),
  Type.Literal('access_restored'),
  Type.Literal('trial_ending'),
  Type.Literal('card_expiring'),
  Type.Literal('subscription_canceled'),
  Type.Literal('invoice_issued'),
  Type.Literal('plan_changed'),
  Type.Literal('downgrade_scheduled'),
  Type.Literal('cancellation_scheduled'),
  Type.Literal('subscription_resumed'),
  // Usage alerts, each at most once per period (docs/lifecycle.md, "Usage").
  Type.Literal('usage_80'),
  Type.Literal('credits_exhausted'),
  Type.Literal('overage_started'),
  Type.Literal('cap_reached'),
  Type.Literal('credits_reset'),
]);
export type OutboxKind = Static<typeof OutboxKind>;

export const OutboxMessage = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    email: Type.String(),
    kind: OutboxKind,
    subject: Type.String(),
    body: Type.String(),
    createdAt: Timestamp,
  },
  { $id: 'OutboxMessage', additionalProperties: false },
);
export type OutboxMessage = Static<typeof OutboxMessage>;

export const Outbox = Type.Object({ data: Type.Array(OutboxMessage) }, { $id: 'Outbox' });
export type Outbox = Static<typeof Outbox>;

/** POST /sandbox/accounts/{id}/bonus-grants: answers the new BonusGrant (shared/contract/usage.ts). */
export const SandboxBonusGrantRequest = Type.Object(
  {
    /** Greater than 0, at most two decimals, like a usage event's credits. */
    credits: Type.Union([Type.String({ maxLength: 32 }), Type.Number()]),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** When the grant lapses, on the billing clock; default 30 days from now. */
    expiresAt: Type.Optional(Timestamp),
  },
  { $id: 'SandboxBonusGrantRequest', additionalProperties: false },
);
export type SandboxBonusGrantRequest = Static<typeof SandboxBonusGrantRequest>;
