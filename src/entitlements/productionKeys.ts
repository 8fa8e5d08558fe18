/**
 * The production signing keys this extension trusts, and their issuer.
 *
 * A vendor's release build bakes in its own (PLAN_BILLING_ISSUER and
 * PLAN_BILLING_PUBLIC_KEYS, read by esbuild.config.mjs; docs/shipping.md),
 * several keys during a rotation. Without them the built-in placeholder below
 * is used: it was generated once for this repository (Ed25519) and its private
 * half was never stored, so nothing can sign for it. Every build trusts these
 * keys; only development builds trust the sandbox's key as well.
 */
import { type TrustedKey } from './trustedKeys';

declare const __PLAN_BILLING_ISSUER__: string | undefined;
/** JSON text of the checked TrustedKey list (a string, so the build-time check folds). */
declare const __PLAN_BILLING_PUBLIC_KEYS__: string | undefined;

const BUILT_IN_ISSUER = 'https://billing.example';

const BUILT_IN_KEYS: readonly TrustedKey[] = [
  {
    kid: 'prod-2026-01',
    issuer: BUILT_IN_ISSUER,
    jwk: { kty: 'OKP', crv: 'Ed25519', x: '9lzdg5X2dIlWrS7XH4AuZp4k5iPyzgONS2ao1hh058U' },
  },
];

function isTrustedKey(value: unknown): value is TrustedKey {
  const key = value as Partial<TrustedKey> | null;
  return (
    typeof key === 'object' &&
    key !== null &&
    typeof key.kid === 'string' &&
    typeof key.issuer === 'string' &&
    key.jwk?.kty === 'OKP' &&
    key.jwk.crv === 'Ed25519' &&
    typeof key.jwk.x === 'string'
  );
}

/** The baked key list; esbuild.config.mjs checked it, so anything else is a broken build. */
function bakedKeys(json: string): readonly TrustedKey[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isTrustedKey)) throw new Error('The baked-in signing keys are unreadable');
  return parsed;
}

export const PRODUCTION_ISSUER: string = typeof __PLAN_BILLING_ISSUER__ === 'string' ? __PLAN_BILLING_ISSUER__ : BUILT_IN_ISSUER;

export const PRODUCTION_KEYS: readonly TrustedKey[] =
  typeof __PLAN_BILLING_PUBLIC_KEYS__ === 'string' ? bakedKeys(__PLAN_BILLING_PUBLIC_KEYS__) : BUILT_IN_KEYS;
