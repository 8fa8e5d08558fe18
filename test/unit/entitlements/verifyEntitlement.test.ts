import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { type EntitlementClaims } from '../../../shared/contract/entitlements';
import { type AcceptedSeq, tokenDigest, verifyEntitlementToken, type VerifyOptions } from '../../../src/entitlements/verifyEntitlement';
import { PRODUCTION_KEYS } from '../../../src/entitlements/productionKeys';
import { claims, createSigner, DAY, HOUR, T0, type TestSigner } from '../support/fixtures';

const AUD = 'planbilling.plan-billing';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function flipBit(token: string, part: 0 | 1 | 2): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

function withPayload(token: string, edit: (c: EntitlementClaims) => EntitlementClaims): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const original = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as EntitlementClaims;
  return [header, b64(edit(original)), signature].join('.');
}

describe('entitlement token verification', () => {
  let signer: TestSigner;
  let other: TestSigner;
  let valid: string;
  const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ keys: [signer.key], audience: AUD, now: T0, ...extra });

  before(async () => {
    signer = await createSigner('sandbox-key');
    other = await createSigner('sandbox-key'); // same kid, different key material
    valid = await signer.sign(claims());
  });

  it('accepts a valid token and returns its claims', async () => {
    const result = await verifyEntitlementToken(valid, options());
    assert.equal(result.ok, true);
    assert.ok(result.ok && result.claims.features.includes('ai.agent'));
  });

  it('accepts a token past exp but within graceUntil (offline use)', async () => {
    const result = await verifyEntitlementToken(valid, options({ now: T0 + 2 * DAY }));
    assert.equal(result.ok, true);
  });

  it('accepts the same token again at the same seq, and a higher seq', async () => {
    const last: AcceptedSeq = { seq: 5, digest: tokenDigest(valid) };
    assert.equal((await verifyEntitlementToken(valid, options({ lastAccepted: () => last }))).ok, true);
    const newer = await signer.sign(claims({ seq: 6 }));
    assert.equal((await verifyEntitlementToken(newer, options({ lastAccepted: () => last }))).ok, true);
  });

  describe('rejects every tampered or unacceptable token', () => {
    const cases: Array<{ name: string; reason: string; make: () => Promise<string>; opts?: () => Partial<VerifyOptions> }> = [
      { name: 'bit flip in the header', reason: 'malformed|algorithm|unknownKey|signature', make: async () => flipBit(valid, 0) },
      { name: 'bit flip in the payload', reason: 'malformed|signature', make: async () => flipBit(valid, 1) },
      { name: 'bit flip in the signature', reason: 'signature', make: async () => flipBit(valid, 2) },
      { name: 'features edited, re-encoded without re-signing', reason: 'signature', make: async () => withPayload(valid, (c) => ({ ...c, features: [...c.features, 'ai.extra'] })) },
      {
        name: 'Free token edited to Pro, re-encoded without re-signing',
        reason: 'signature',
        make: async () =>
          withPayload(await signer.sign(claims({ plan: 'free', status: 'none', features: ['ai.completions.basic'] })), (c) => ({
            ...c,
            plan: 'pro',
            status: 'active',
            features: ['ai.completions.basic', 'ai.agent'],
          })),
      },
      { name: 'graceUntil extended, re-encoded without re-signing', reason: 'signature', make: async () => withPayload(valid, (c) => ({ ...c, graceUntil: c.graceUntil + 365 * 86400 })) },
      {
        name: 'alg "none" with an empty signature',
        reason: 'algorithm',
        make: async () => `${b64({ alg: 'none', kid: 'sandbox-key' })}.${b64(claims())}.`,
      },
      {
        name: 'HS256 signed with the public key as the HMAC secret',
        reason: 'algorithm',
        make: async () => {
          const input = `${b64({ alg: 'HS256', kid: 'sandbox-key' })}.${b64(claims())}`;
          const mac = createHmac('sha256', JSON.stringify(signer.key.jwk)).update(input).digest('base64url');
          return `${input}.${mac}`;
        },
      },
      {
        name: 'HS256 signed with the raw public key bytes as secret',
        reason: 'algorithm',
        make: async () => {
          const input = `${b64({ alg: 'HS256', kid: 'sandbox-key' })}.${b64(claims())}`;
          const mac = createHmac('sha256', Buffer.from(signer.key.jwk.x, 'base64url')).update(input).digest('base64url');
          return `${input}.${mac}`;
        },
      },
      { name: 'unknown kid', reason: 'unknownKey', make: () => signer.sign(claims(), { kid: 'someone-else' }) },
      {
        name: 'a correctly signed header with a critical extension',
        reason: 'malformed',
        make: async () => {
          // jose will not sign an unknown critical parameter, so the JWS is put together by hand.
          const input = `${b64({ alg: 'EdDSA', kid: 'sandbox-key', crit: ['x-policy'], 'x-policy': 'lenient' })}.${b64(claims())}`;
          const signature = await crypto.subtle.sign('Ed25519', signer.privateKey, new TextEncoder().encode(input));
          return `${input}.${Buffer.from(signature).toString('base64url')}`;
        },
      },
      { name: 'characters outside base64url in the signature', reason: 'malformed', make: async () => `${valid.slice(0, -2)}+/` },
      { name: 'a whitespace-padded payload segment', reason: 'malformed', make: async () => valid.replace('.', '. ') },
      { name: 'a truncated signature', reason: 'signature', make: async () => valid.slice(0, -10) },
      { name: 'signed by another key under a known kid', reason: 'signature', make: () => other.sign(claims()) },
      { name: 'wrong audience', reason: 'audience', make: () => signer.sign(claims({ aud: 'other.extension' })) },
      { name: 'wrong issuer', reason: 'issuer', make: () => signer.sign(claims({ iss: 'https://evil.example' })) },
      { name: 'expired past graceUntil', reason: 'expired', make: async () => valid, opts: () => ({ now: T0 + 8 * DAY }) },
      {
        name: 'issued more than 5 minutes in the future',
        reason: 'futureIssuedAt',
        make: () => signer.sign(claims({}, T0 + 10 * 60 * 1000)),
      },
      {
        name: 'seq lower than the last accepted (rollback)',
        reason: 'seqRollback',
        make: () => signer.sign(claims({ seq: 4 })),
        opts: () => ({ lastAccepted: () => ({ seq: 5, digest: tokenDigest(valid) }) }),
      },
      {
        name: 'a different token at the same seq',
        reason: 'seqRollback',
        make: () => signer.sign(claims({ features: ['ai.completions.basic', 'ai.agent'] })),
        opts: () => ({ lastAccepted: () => ({ seq: 5, digest: tokenDigest(valid) }) }),
      },
      {
        name: 'clock rolled back by more than two hours',
        reason: 'clockRollback',
        make: async () => valid,
        opts: () => ({ now: T0 + HOUR, latestSeenTime: T0 + 4 * HOUR }),
      },
      { name: 'claims missing a field', reason: 'claims', make: () => signer.sign({ ...claims(), seq: undefined } as unknown as EntitlementClaims) },
      { name: 'not a JWS at all', reason: 'malformed', make: async () => 'not-a-token' },
      { name: 'a production-kid token not signed by the production key', reason: 'signature', make: () => signer.sign(claims({ iss: 'https://billing.example' }), { kid: PRODUCTION_KEYS[0]!.kid }), opts: () => ({ keys: [...PRODUCTION_KEYS] }) },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const token = await c.make();
        const result = await verifyEntitlementToken(token, options(c.opts?.()));
        assert.equal(result.ok, false, `accepted: ${c.name}`);
        assert.ok(!result.ok && new RegExp(`^(${c.reason})$`).test(result.reason), `reason ${!result.ok ? result.reason : ''}`);
      });
    }
  });

  it('does not trust the sandbox key when only production keys are configured', async () => {
    const result = await verifyEntitlementToken(valid, { keys: [...PRODUCTION_KEYS], audience: AUD, now: T0 });
    assert.deepEqual(result.ok ? 'accepted' : result.reason, 'unknownKey');
  });

  it('tolerates a clock less than two hours behind the latest time seen', async () => {
    const result = await verifyEntitlementToken(valid, options({ now: T0 + HOUR, latestSeenTime: T0 + 2 * HOUR }));
    assert.equal(result.ok, true);
  });
});
