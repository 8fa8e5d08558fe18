/**
 * Billing API v1: the one definition of every request and response shared by
 * the extension (which validates each response with it), the sandbox (which
 * validates each request with it) and the OpenAPI document the sandbox serves.
 *
 * Conventions: camelCase JSON; money is an integer number of cents plus an ISO
 * 4217 currency code; times are ISO 8601 UTC strings; errors are RFC 9457
 * problem+json. The OAuth endpoints keep RFC 6749's snake_case field names,
 * because OAuth clients and libraries expect them.
 *
 * This module must stay free of Node, VS Code and DOM dependencies: the
 * webview bundle imports its types too.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** ISO 8601 UTC timestamp, e.g. 2026-11-28T04:08:01.000Z. */
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC timestamp' });

export const Money = Type.Object(
  {
    /** Integer amount in the currency's minor unit (cents). May be negative for credits/refunds. */
    amount: Type.Integer(),
    /** ISO 4217 code, upper case. Always "USD" in this product. */
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { $id: 'Money', additionalProperties: false },
);
export type Money = Static<typeof Money>;

// ---------------------------------------------------------------------------
// Errors (RFC 9457)

export const FieldError = Type.Object(
  {
    /** Dotted path of the offending field in the request body, e.g. "address.country" or "taxIds.0.value". */
    field: Type.String(),
    /** Machine-readable reason, e.g. "required", "invalid_format", "unknown_country". */
    code: Type.String(),
    /** Human-readable sentence for the user. */
    message: Type.String(),
  },
  { $id: 'FieldError', additionalProperties: false },
);
export type FieldError = Static<typeof FieldError>;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    /** Present on validation problems (status 400/422). */
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;

/** Problem type URIs used by the service. */
export const ProblemTypes = {
  validation: 'https://billing.example/problems/validation',
  unauthorized: 'https://billing.example/problems/unauthorized',
  forbidden: 'https://billing.example/problems/forbidden',
  notFound: 'https://billing.example/problems/not-found',
  conflict: 'https://billing.example/problems/conflict',
  rateLimited: 'https://billing.example/problems/rate-limited',
  payloadTooLarge: 'https://billing.example/problems/payload-too-large',
  badRequest: 'https://billing.example/problems/bad-request',
  server: 'https://billing.example/problems/server-error',
} as const;

// ---------------------------------------------------------------------------
// Plans, features, subscription

export const PlanId = Type.Union([Type.Literal('free'), Type.Literal('pro')]);
export type PlanId = Static<typeof PlanId>;

/** Feature keys that gate paid functionality. */
export const FeatureKeys = {
  basicCompletions: 'ai.completions.basic',
  unlimitedCompletions: 'ai.completions.unlimited',
  agent: 'ai.agent',
  premiumModels: 'ai.premiumModels',
} as const;
export type FeatureKey = (typeof FeatureKeys)[keyof typeof FeatureKeys];

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
  },
  { $id: 'Subscription', additionalProperties: false },
);
export type Subscription = Static<typeof Subscription>;

// ---------------------------------------------------------------------------
// Payment method, billing details

export const CardBrand = Type.Union([
  Type.Literal('visa'),
  Type.Literal('mastercard'),
  Type.Literal('amex'),
  Type.Literal('discover'),
  Type.Literal('unknown'),
]);
export type CardBrand = Static<typeof CardBrand>;

export const PaymentMethod = Type.Object(
  {
    id: Type.String(),
    brand: CardBrand,
    last4: Type.String({ pattern: '^[0-9]{4}$' }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
    expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
  },
  { $id: 'PaymentMethod', additionalProperties: false },
);
export type PaymentMethod = Static<typeof PaymentMethod>;

/** Tax ID types accepted by the service (Stripe's names). */
export const TaxIdType = Type.Union([
  Type.Literal('eu_vat'),
  Type.Literal('gb_vat'),
  Type.Literal('us_ein'),
  Type.Literal('au_abn'),
  Type.Literal('ca_bn'),
  Type.Literal('in_gst'),
]);
export type TaxIdType = Static<typeof TaxIdType>;
export const TAX_ID_TYPES: readonly TaxIdType[] = ['eu_vat', 'gb_vat', 'us_ein', 'au_abn', 'ca_bn', 'in_gst'];

export const TaxId = Type.Object(
  {
    type: TaxIdType,
    value: Type.String({ maxLength: 64 }),
  },
  { $id: 'TaxId', additionalProperties: false },
);
export type TaxId = Static<typeof TaxId>;

/** ISO 3166-1 alpha-2 codes accepted in `Address.country` (kept in a dependency-free module the webview bundles). */
export { COUNTRY_CODES } from './countryCodes';

export const Address = Type.Object(
  {
    line1: Type.String({ maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ maxLength: 100 }),
    state: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.String({ maxLength: 20 }),
    /** ISO 3166-1 alpha-2, upper case. */
    country: Type.String({ maxLength: 2 }),
  },
  { $id: 'Address', additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const BillingDetails = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 320 }),
    address: Nullable(Address),
    taxIds: Type.Array(TaxId, { maxItems: 5 }),
  },
  { $id: 'BillingDetails', additionalProperties: false },
);
export type BillingDetails = Static<typeof BillingDetails>;

/** Body of PUT /v1/billing-details. Semantic validation (country, tax ID formats) answers 422 with field errors. */
export const BillingDetailsInput = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    address: Address,
    taxIds: Type.Array(TaxId, { maxItems: 5 }),
  },
  { $id: 'BillingDetailsInput', additionalProperties: false },
);
export type BillingDetailsInput = Static<typeof BillingDetailsInput>;

// ---------------------------------------------------------------------------
// Invoices

export const InvoiceStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('open'),
  Type.Literal('paid'),
  Type.Literal('void'),
  Type.Literal('uncollectible'),
]);
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const InvoiceLine = Type.Object(
  {
    description: Type.String(),
    quantity: Type.Integer(),
    amount: Money,
    periodStart: Nullable(Timestamp),
    periodEnd: Nullable(Timestamp),
  },
  { $id: 'InvoiceLine', additionalProperties: false },
);
export type InvoiceLine = Static<typeof InvoiceLine>;

export const Invoice = Type.Object(
  {
    id: Type.String(),
    /** Human-facing number, e.g. "PB-2026-0012". */
    number: Type.String(),
    status: InvoiceStatus,
    created: Timestamp,
    periodStart: Timestamp,
    periodEnd: Timestamp,
    dueDate: Nullable(Timestamp),
    paidAt: Nullable(Timestamp),
    total: Money,
    amountPaid: Money,
    amountDue: Money,
    attemptCount: Type.Integer({ minimum: 0 }),
    lines: Type.Array(InvoiceLine),
    /** The billing details as they were when the invoice was finalized. */
    billingDetails: BillingDetails,
  },
  { $id: 'Invoice', additionalProperties: false },
);
export type Invoice = Static<typeof Invoice>;

export const InvoiceListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    /** Invoice id of the last item of the previous page. */
    startingAfter: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { $id: 'InvoiceListQuery', additionalProperties: false },
);
export type InvoiceListQuery = Static<typeof InvoiceListQuery>;

export const InvoiceList = Type.Object(
  {
    data: Type.Array(Invoice),
    hasMore: Type.Boolean(),
    /** Pass as startingAfter to fetch the next page; null on the last page. */
    nextCursor: Nullable(Type.String()),
  },
  { $id: 'InvoiceList', additionalProperties: false },
);
export type InvoiceList = Static<typeof InvoiceList>;

// ---------------------------------------------------------------------------
// Account summary: everything the panel's first screen needs in one round trip

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
  },
  { $id: 'User', additionalProperties: false },
);
export type User = Static<typeof User>;

export const UpcomingInvoice = Type.Object(
  {
    date: Timestamp,
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
    paymentMethod: Nullable(PaymentMethod),
    billingDetails: BillingDetails,
    outstandingBalance: Money,
    latestPaymentFailure: Nullable(PaymentFailure),
    /** Server time at which this summary was produced. */
    asOf: Timestamp,
  },
  { $id: 'AccountSummary', additionalProperties: false },
);
export type AccountSummary = Static<typeof AccountSummary>;

// ---------------------------------------------------------------------------
// Portal sessions

export const PortalFlow = Type.Union([
  Type.Literal('payment_method_update'),
  Type.Literal('pay_outstanding_balance'),
  Type.Literal('manage'),
]);
export type PortalFlow = Static<typeof PortalFlow>;

export const PortalSessionRequest = Type.Object(
  {
    flow: PortalFlow,
    /** Where the portal sends the browser when the user is done (e.g. the extension's URI handler). */
    returnUrl: Type.String({ maxLength: 2048 }),
  },
  { $id: 'PortalSessionRequest', additionalProperties: false },
);
export type PortalSessionRequest = Static<typeof PortalSessionRequest>;

export const PortalSession = Type.Object(
  {
    url: Type.String(),
    expiresAt: Timestamp,
  },
  { $id: 'PortalSession', additionalProperties: false },
);
export type PortalSession = Static<typeof PortalSession>;

// ---------------------------------------------------------------------------
// Entitlements

export const EntitlementsResponse = Type.Object(
  {
    /** Compact JWS (EdDSA / Ed25519) whose payload is EntitlementClaims. */
    token: Type.String(),
  },
  { $id: 'EntitlementsResponse', additionalProperties: false },
);
export type EntitlementsResponse = Static<typeof EntitlementsResponse>;

/** Status claim: the subscription status, or "none" for accounts on Free without a subscription. */
export const EntitlementStatus = Type.Union([SubscriptionStatus, Type.Literal('none')]);
export type EntitlementStatus = Static<typeof EntitlementStatus>;

export const EntitlementClaims = Type.Object(
  {
    iss: Type.String(),
    /** The extension id, e.g. "planbilling.plan-billing". */
    aud: Type.String(),
    sub: Type.String(),
    plan: PlanId,
    status: EntitlementStatus,
    /** Feature keys granted now (after access rules: past_due grants none of the paid ones). */
    features: Type.Array(Type.String()),
    /** Seconds since the epoch. */
    iat: Type.Integer(),
    /** When the client should refresh (about 24 h after iat). Seconds since the epoch. */
    exp: Type.Integer(),
    /** Offline limit: after this the features lapse unless re-verified. Seconds since the epoch. */
    graceUntil: Type.Integer(),
    /** Increases with each issue for the same subject. */
    seq: Type.Integer({ minimum: 0 }),
  },
  { $id: 'EntitlementClaims' },
);
export type EntitlementClaims = Static<typeof EntitlementClaims>;

export const Jwk = Type.Object(
  {
    kty: Type.Literal('OKP'),
    crv: Type.Literal('Ed25519'),
    x: Type.String(),
    kid: Type.String(),
    alg: Type.Literal('EdDSA'),
    use: Type.Literal('sig'),
  },
  { $id: 'Jwk' },
);
export type Jwk = Static<typeof Jwk>;

export const Jwks = Type.Object({ keys: Type.Array(Jwk) }, { $id: 'Jwks' });
export type Jwks = Static<typeof Jwks>;

/** The issuer claim of sandbox-issued tokens. */
export const SANDBOX_ISSUER = 'https://sandbox.billing.local';

// ---------------------------------------------------------------------------
// OAuth 2.0 (RFC 6749 + PKCE, RFC 7636); snake_case as the RFCs define

export const OAuthClientId = 'vscode-plan-billing';

export const TokenRequest = Type.Union(
  [
    Type.Object({
      grant_type: Type.Literal('authorization_code'),
      code: Type.String({ maxLength: 512 }),
      redirect_uri: Type.String({ maxLength: 2048 }),
      client_id: Type.String({ maxLength: 128 }),
      code_verifier: Type.String({ minLength: 43, maxLength: 128 }),
    }),
    Type.Object({
      grant_type: Type.Literal('refresh_token'),
      refresh_token: Type.String({ maxLength: 512 }),
      client_id: Type.String({ maxLength: 128 }),
    }),
  ],
  { $id: 'TokenRequest' },
);
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    /** Seconds. */
    expires_in: Type.Integer(),
    refresh_token: Type.String(),
    scope: Type.Optional(Type.String()),
  },
  { $id: 'TokenResponse' },
);
export type TokenResponse = Static<typeof TokenResponse>;

/** RFC 6749 section 5.2 error body of the token endpoint. */
export const OAuthError = Type.Object(
  {
    error: Type.String(),
    error_description: Type.Optional(Type.String()),
  },
  { $id: 'OAuthError' },
);
export type OAuthError = Static<typeof OAuthError>;

export const RevokeRequest = Type.Object(
  {
    token: Type.String({ maxLength: 512 }),
    token_type_hint: Type.Optional(Type.Union([Type.Literal('access_token'), Type.Literal('refresh_token')])),
    client_id: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { $id: 'RevokeRequest' },
);
export type RevokeRequest = Static<typeof RevokeRequest>;

// ---------------------------------------------------------------------------
// Sandbox-only endpoints (present only when the service runs in sandbox mode)

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
  { state: DemoState },
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
    /** For malformed: a truncated JSON body (default) or well-formed JSON of the wrong shape. */
    malformedAs: Type.Optional(Type.Union([Type.Literal('truncated'), Type.Literal('wrong_shape')])),
  },
  { $id: 'FaultRequest', additionalProperties: false },
);
export type FaultRequest = Static<typeof FaultRequest>;

export const OutboxKind = Type.Union([
  Type.Literal('payment_failed'),
  Type.Literal('payment_succeeded'),
  Type.Literal('access_restored'),
  Type.Literal('trial_ending'),
  Type.Literal('card_expiring'),
  Type.Literal('subscription_canceled'),
  Type.Literal('invoice_issued'),
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

/** Every named schema, for registering with the server and emitting OpenAPI components. */
export const contractSchemas = [
  Money,
  FieldError,
  Problem,
  Subscription,
  PaymentMethod,
  TaxId,
  Address,
  BillingDetails,
  BillingDetailsInput,
  InvoiceLine,
  Invoice,
  InvoiceListQuery,
  InvoiceList,
  User,
  UpcomingInvoice,
  PaymentFailure,
  AccountSummary,
  PortalSessionRequest,
  PortalSession,
  EntitlementsResponse,
  EntitlementClaims,
  Jwk,
  Jwks,
  TokenRequest,
  TokenResponse,
  OAuthError,
  RevokeRequest,
  SandboxAccount,
  SandboxAccountList,
  SandboxSessionRequest,
  SandboxSetStateRequest,
  SandboxCardOutcomeRequest,
  ClockAdvanceRequest,
  ClockState,
  FaultRequest,
  OutboxMessage,
  Outbox,
] as const;

/** Paths of Billing API v1, so neither side spells them twice. */
export const ApiPaths = {
  account: '/v1/account',
  invoices: '/v1/invoices',
  invoicePdf: (id: string) => `/v1/invoices/${encodeURIComponent(id)}/pdf`,
  billingDetails: '/v1/billing-details',
  portalSessions: '/v1/portal-sessions',
  entitlements: '/v1/entitlements',
  jwks: '/.well-known/jwks.json',
  openapi: '/openapi.json',
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
  sandboxAccounts: '/sandbox/accounts',
  sandboxSessions: '/sandbox/sessions',
  sandboxAccountState: (id: string) => `/sandbox/accounts/${encodeURIComponent(id)}/state`,
  sandboxAccountCard: (id: string) => `/sandbox/accounts/${encodeURIComponent(id)}/card`,
  sandboxClock: '/sandbox/clock',
  sandboxClockAdvance: '/sandbox/clock/advance',
  sandboxFaults: '/sandbox/faults',
  sandboxOutbox: '/sandbox/outbox',
} as const;

/** Header names with contract meaning. */
export const ApiHeaders = {
  idempotencyKey: 'Idempotency-Key',
  ifNoneMatch: 'If-None-Match',
  etag: 'ETag',
  retryAfter: 'Retry-After',
} as const;
