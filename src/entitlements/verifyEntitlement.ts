/**
 * Verifies an entitlement token (compact JWS, EdDSA/Ed25519;
 * docs/entitlementToken.md) with `jose`, then checks every claim rule. Pure
 * apart from WebCrypto; the clock and the remembered state come in as arguments.
 */
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
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

const importedKeys = new Map<string, ReturnType<typeof importJWK>>();

function importKey(key: TrustedKey): ReturnType<typeof importJWK> {
  const cacheKey = `${key.kid}:${key.jwk.x}`;
  let imported = importedKeys.get(cacheKey);
  if (!imported) {
    imported = importJWK({ kty: key.jwk.kty, crv: key.jwk.crv, x: key.jwk.x }, 'EdDSA');
    importedKeys.set(cacheKey, imported);
  }
  return imported;
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
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return fail('malformed', 'unreadable header');
  }
  if (header.alg !== 'EdDSA') return fail('algorithm', `algorithm ${String(header.alg)} is not accepted`);
  const key = options.keys.find((k) => k.kid === header.kid);
  if (!key) return fail('unknownKey', `unknown key id ${String(header.kid)}`);

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, await importKey(key), { algorithms: ['EdDSA'] }));
  } catch {
    return fail('signature', 'signature does not verify');
  }
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return fail('malformed', 'payload is not JSON');
  }
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
