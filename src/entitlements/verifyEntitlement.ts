/**
 * Verifies an entitlement token (compact JWS, EdDSA/Ed25519;
 * docs/entitlementToken.md) with Node's Ed25519, then checks every claim rule.
 * Pure apart from node:crypto; the clock and the remembered state come in as
 * arguments. Only the one algorithm and the compact form are accepted, so the
 * JWS parsing is a few strict lines rather than a general JOSE library.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { EntitlementClaims } from '../../shared/contract/entitlements';
import { matches } from '../api/validate';
import { HOUR, MINUTE } from '../util/clock';
import { type TrustedKey } from './trustedKeys';

export type VerifyFailureReason =
  | 'malformed'
  | 'algorithm'
  | 'unknownKey'
  | 'signature'
  | 'claims'
  | 'issuer'
  | 'audience'
  | 'futureIssuedAt'
  | 'seqRollback'
  | 'expired'
  | 'clockRollback';

export type VerifyResult =
  | { readonly ok: true; readonly claims: EntitlementClaims }
  | { readonly ok: false; readonly reason: VerifyFailureReason; readonly message: string };

/** The last token accepted for a subject (seq rollback protection). */
export interface AcceptedSeq {
  readonly seq: number;
  /** tokenDigest() of that token (the token itself stays in secret storage only). */
  readonly digest: string;
}

/** A short SHA-256 digest of a token, to recognise it again without storing it. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 32);
}

export interface VerifyOptions {
  readonly keys: readonly TrustedKey[];
  /** Expected `aud`: the extension id. */
  readonly audience: string;
  /** Now, in ms since the epoch. */
  readonly now: number;
  /** The last accepted seq for a subject, if any. */
  readonly lastAccepted?: (sub: string) => AcceptedSeq | undefined;
  /** The latest time this installation has seen (ms); a clock far behind it means "re-verify online". */
  readonly latestSeenTime?: number;
}

export const MAX_FUTURE_IAT_MS = 5 * MINUTE;
export const CLOCK_ROLLBACK_TOLERANCE_MS = 2 * HOUR;
const MAX_TOKEN_LENGTH = 8192;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ED25519_SIGNATURE_BYTES = 64;

const importedKeys = new Map<string, KeyObject>();

function importKey(key: TrustedKey): KeyObject {
  const cacheKey = `${key.kid}:${key.jwk.x}`;
  let imported = importedKeys.get(cacheKey);
  if (!imported) {
    imported = createPublicKey({ key: { kty: key.jwk.kty, crv: key.jwk.crv, x: key.jwk.x }, format: 'jwk' });
    importedKeys.set(cacheKey, imported);
  }
  return imported;
}

/** JSON of a base64url segment, or undefined. */
function segmentJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const fail = (reason: VerifyFailureReason, message: string): VerifyResult => ({ ok: false, reason, message });

/** True when the local clock is more than the tolerance behind the latest time seen. */
export function clockRolledBack(now: number, latestSeenTime: number | undefined): boolean {
  return latestSeenTime !== undefined && now < latestSeenTime - CLOCK_ROLLBACK_TOLERANCE_MS;
}

export async function verifyEntitlementToken(token: string, options: VerifyOptions): Promise<VerifyResult> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) {
    return fail('malformed', 'not a compact JWS');
  }
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = token.split('.');
  // Buffer's base64url decoder skips characters outside the alphabet; a token is refused for them instead.
  if (![encodedHeader, encodedPayload, encodedSignature].every((segment) => BASE64URL.test(segment))) {
    return fail('malformed', 'not a compact JWS');
  }
  const header = segmentJson(encodedHeader);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('malformed', 'unreadable header');
  const { alg, kid, crit } = header as Record<string, unknown>;
  if (alg !== 'EdDSA') return fail('algorithm', `algorithm ${String(alg)} is not accepted`);
  // No header extension is understood, so one marked critical must be refused (RFC 7515 section 4.1.11).
  if (crit !== undefined) return fail('malformed', 'critical header parameters are not supported');
  const key = options.keys.find((k) => k.kid === kid);
  if (!key) return fail('unknownKey', `unknown key id ${String(kid)}`);

  const signature = Buffer.from(encodedSignature, 'base64url');
  let valid = false;
  try {
    valid = signature.length === ED25519_SIGNATURE_BYTES && verify(null, Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii'), importKey(key), signature);
  } catch {
    valid = false;
  }
  if (!valid) return fail('signature', 'signature does not verify');
  const claims = segmentJson(encodedPayload);
  if (claims === undefined) return fail('malformed', 'payload is not JSON');
  if (!matches(EntitlementClaims, claims)) return fail('claims', 'claims do not match the contract');
  if (claims.iss !== key.issuer) return fail('issuer', `issuer ${claims.iss} is not trusted for key ${key.kid}`);
  if (claims.aud !== options.audience) return fail('audience', `audience ${claims.aud} is not this extension`);
  if (clockRolledBack(options.now, options.latestSeenTime)) {
    return fail('clockRollback', 'the clock went backwards; must re-verify online');
  }
  if (claims.iat * 1000 > options.now + MAX_FUTURE_IAT_MS) return fail('futureIssuedAt', 'issued in the future');
  if (claims.graceUntil * 1000 < options.now) return fail('expired', 'past its offline limit');
  const last = options.lastAccepted?.(claims.sub);
  if (last && (claims.seq < last.seq || (claims.seq === last.seq && tokenDigest(token) !== last.digest))) {
    return fail('seqRollback', `seq ${claims.seq} is older than the last accepted ${last.seq}`);
  }
  return { ok: true, claims };
}
