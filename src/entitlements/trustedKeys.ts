/**
 * Which keys may sign entitlement tokens. Pure: the decisions are unit-tested;
 * src/entitlements/keyRing.ts applies them with VS Code storage.
 */
import { type Jwk, SANDBOX_ISSUER } from '../../shared/contract/entitlements';
import { isLoopbackUrl } from '../util/loopback';

/** An Ed25519 public key and the issuer whose tokens it may sign. */
export interface TrustedKey {
  readonly kid: string;
  readonly issuer: string;
  readonly jwk: { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string };
}

export type ExtensionModeName = 'production' | 'development' | 'test';

export interface SandboxTrustInput {
  extensionMode: ExtensionModeName;
  flavor: 'release' | 'sandbox';
  serviceUrl: string;
}

/**
 * The sandbox's key is trusted only when the extension runs in Development or
 * Test mode, or was built with --flavor=sandbox, and only for a loopback
 * service URL. A release build installed normally (Production mode) never
 * trusts it, so pointing it at a home-made server unlocks nothing.
 */
export function sandboxTrustAllowed(input: SandboxTrustInput): boolean {
  const modeAllows = input.extensionMode !== 'production' || input.flavor === 'sandbox';
  return modeAllows && isLoopbackUrl(input.serviceUrl);
}

/** Key under which the sandbox's keys are pinned: the service URL's origin. */
export function pinKey(serviceUrl: string): string {
  return new URL(serviceUrl).origin;
}

/** Converts JWKS entries into trusted sandbox keys (EdDSA/Ed25519 signing keys only). */
export function sandboxKeysFromJwks(keys: readonly Jwk[]): TrustedKey[] {
  return keys
    .filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.alg === 'EdDSA' && k.use === 'sig')
    .map((k) => ({ kid: k.kid, issuer: SANDBOX_ISSUER, jwk: { kty: 'OKP', crv: 'Ed25519', x: k.x } }));
}

/** True when two key sets differ (by kid and key material). */
export function keySetChanged(before: readonly TrustedKey[] | undefined, after: readonly TrustedKey[]): boolean {
  if (!before) return false;
  const fingerprint = (keys: readonly TrustedKey[]) => keys.map((k) => `${k.kid}:${k.jwk.x}`).sort().join(',');
  return fingerprint(before) !== fingerprint(after);
}
