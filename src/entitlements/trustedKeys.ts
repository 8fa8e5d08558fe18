/** The shape of a key entitlement tokens may be signed with (docs/entitlementToken.md#trusted-keys). */

/** An Ed25519 public key and the issuer whose tokens it may sign. */
export interface TrustedKey {
  readonly kid: string;
  readonly issuer: string;
  readonly jwk: { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string };
}
