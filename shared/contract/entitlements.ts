/** Billing API v1: the signed entitlement token (GET /v1/entitlements) and its keys (docs/entitlementToken.md). */
import { Type, type Static } from '@sinclair/typebox';
import { SubscriptionStatus } from './account';
import { PlanId } from './planId';

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
    /** The extension id (shared/productIdentity.ts TOKEN_AUDIENCE). */
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
