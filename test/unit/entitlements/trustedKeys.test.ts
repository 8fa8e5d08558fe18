import { strict as assert } from 'node:assert';
import { keySetChanged, pinKey, sandboxKeysFromJwks, sandboxTrustAllowed } from '../../../src/entitlements/trustedKeys';
import { SANDBOX_ISSUER } from '../../../shared/contract/entitlements';

describe('trusted keys', () => {
  const table: Array<[Parameters<typeof sandboxTrustAllowed>[0], boolean]> = [
    [{ extensionMode: 'production', flavor: 'release', serviceUrl: 'http://127.0.0.1:4242' }, false],
    [{ extensionMode: 'production', flavor: 'release', serviceUrl: 'https://billing.example' }, false],
    [{ extensionMode: 'production', flavor: 'sandbox', serviceUrl: 'http://127.0.0.1:4242' }, true],
    [{ extensionMode: 'production', flavor: 'sandbox', serviceUrl: 'https://home-made.example' }, false],
    [{ extensionMode: 'development', flavor: 'release', serviceUrl: 'http://localhost:9999' }, true],
    [{ extensionMode: 'test', flavor: 'release', serviceUrl: 'http://[::1]:4242' }, true],
    [{ extensionMode: 'development', flavor: 'release', serviceUrl: 'http://192.168.1.10:4242' }, false],
    [{ extensionMode: 'test', flavor: 'release', serviceUrl: 'not a url' }, false],
  ];
  for (const [input, expected] of table) {
    it(`sandbox trust ${expected ? 'allowed' : 'refused'}: ${input.extensionMode}/${input.flavor} ${input.serviceUrl}`, () => {
      assert.equal(sandboxTrustAllowed(input), expected);
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
