/**
 * Billing API v1 conventions shared by every resource (docs/contract.md):
 * camelCase JSON; money is an integer number of cents plus an ISO 4217 code;
 * times are ISO 8601 UTC strings; errors are RFC 9457 problem+json.
 *
 * The contract modules stay free of Node, VS Code and DOM dependencies: the
 * extension validates responses with them, the sandbox validates requests and
 * publishes them as OpenAPI, and the webview imports their types.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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
    /** Machine-readable reason beyond the type, e.g. "last_payment_method", "preview_stale", "credits_exhausted". */
    code: Type.Optional(Type.String()),
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
  /** 421: the request named a host this service does not answer to (e.g. DNS rebinding). */
  misdirected: 'https://billing.example/problems/misdirected',
  server: 'https://billing.example/problems/server-error',
  /** 402: a usage event was refused because the credits are used up or the overage spend cap would be passed. */
  quotaExceeded: 'https://billing.example/problems/quota-exceeded',
} as const;

/** Header names with contract meaning. */
export const ApiHeaders = {
  idempotencyKey: 'Idempotency-Key',
  ifNoneMatch: 'If-None-Match',
} as const;

/** Credits as the API writes them: a decimal string with two decimals, e.g. "1000.00" (shared/credits.ts). */
export const Credits = Type.String({ pattern: '^-?[0-9]{1,12}\\.[0-9]{2}$' });
