import { strict as assert } from 'node:assert';
import { keySetChanged, pinKey, sandboxKeysFromJwks, sandboxTrustAllowed } from '../../../src/entitlements/sandboxKeys';
import { SANDBOX_ISSUER } from '../../../shared/contract/entitlements';

describe('sandbox keys (development builds)', () => {
  // Release builds have no sandbox key source at all (test/unit/build/releaseBundle.test.ts).
  const table: Array<[string, boolean]> = [
    ['http://127.0.0.1:4242', true],
    ['http://localhost:9999', true],
    ['http://[::1]:4242', true],
    ['https://127.0.0.1:4242', true],
    ['https://billing.example', false],
    ['https://home-made.example', false],
    ['http://192.168.1.10:4242', false],
    ['not a url', false],
  ];
  for (const [serviceUrl, expected] of table) {
    it(`sandbox trust ${expected ? 'allowed' : 'refused'}: ${serviceUrl}`, () => {
      assert.equal(sandboxTrustAllowed(serviceUrl), expected);
    });
  }

  it('takes only EdDSA/Ed25519 signing keys from a JWKS, as the sandbox issuer', () => {
    const keys = sandboxKeysFromJwks([
      { kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1', alg: 'EdDSA', use: 'sig' },
      { kty: 'OKP', crv: 'Ed25519', x: 'def', kid: 'k2', alg: 'EdDSA', use: 'enc' as 'sig' },
    ]);
    assert.deepEqual(keys, [{ kid: 'k1', issuer: SANDBOX_ISSUER, jwk: { kty: 'OKP', crv: 'Ed25519', x: 'abc' } }]);
  });

  it('pins per origin and notices a changed key', () => {
    assert.equal(pinKey('http://127.0.0.1:4242/some/path'), 'http://127.0.0.1:4242');
    const a = [{ kid: 'k1', issuer: SANDBOX_ISSUER, jwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x: 'abc' } }];
    const b = [{ kid: 'k1', issuer: SANDBOX_ISSUER, jwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x: 'xyz' } }];
    assert.equal(keySetChanged(undefined, a), false);
    assert.equal(keySetChanged(a, a), false);
    assert.equal(keySetChanged(a, b), true);
  });
});
