/**
 * The production signing keys this extension trusts, built in.
 *
 * The key below was generated once for this repository (Ed25519); its private
 * half was never stored, so nothing can sign for it. A vendor shipping this
 * extension replaces PRODUCTION_KEYS with the public JWK(s) of its production
 * signing key(s) (several during a rotation) and PRODUCTION_ISSUER with its
 * issuer. Release builds trust these keys and nothing else.
 */
import { type TrustedKey } from './trustedKeys';

export const PRODUCTION_ISSUER = 'https://billing.example';

export const PRODUCTION_KEYS: readonly TrustedKey[] = [
  {
    kid: 'prod-2026-01',
    issuer: PRODUCTION_ISSUER,
    jwk: { kty: 'OKP', crv: 'Ed25519', x: '9lzdg5X2dIlWrS7XH4AuZp4k5iPyzgONS2ao1hh058U' },
  },
];
