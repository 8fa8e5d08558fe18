/** The signed entitlement token: verification against the JWKS, claims per state, seq, grace, re-issue. */
import { SandboxPaths } from '../../shared/contract/sandboxAdmin';
import { strict as assert } from 'node:assert';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import { PLAN_FEATURES } from '../../shared/planTiers';
import { EntitlementClaims, SANDBOX_ISSUER, type EntitlementsResponse, type Jwks } from '../../shared/contract/entitlements';
import { ApiPaths } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, setAccountState } from '../support/sandboxAdmin';
import { assertShape, getJson, removeTempData, signIn, sleep, startInProcess, tempDataFile, uniqueEmail, type Session } from './harness';

const AUDIENCE = 'planbilling.plan-billing';
// Pro's feature set: the demo states are on Pro (shared/planTiers.ts).
const ALL = PLAN_FEATURES.pro;
const FREE = [FeatureKeys.basicCompletions];

describe('sandbox entitlements', function () {
  // One case waits past half a token's 6 s lifetime.
  this.timeout(20_000);
  let sb: RunningSandbox;
  let jwks: Jwks;
  before(async () => {
    sb = await startInProcess({ entitlementTtlSeconds: 6, graceDays: 3 });
    jwks = (await (await fetch(`${sb.url}${ApiPaths.jwks}`)).json()) as Jwks;
  });
  after(() => sb.close());

  async function tokenOf(s: Session): Promise<string> {
    return (await getJson<EntitlementsResponse>(sb.url, s.token, ApiPaths.entitlements)).token;
  }

  async function verified(token: string): Promise<EntitlementClaims> {
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks as unknown as JSONWebKeySet), {
      issuer: SANDBOX_ISSUER,
      audience: AUDIENCE,
      algorithms: ['EdDSA'],
    });
    assert.equal(protectedHeader.alg, 'EdDSA');
    assert.equal(protectedHeader.kid, jwks.keys[0]!.kid);
    assertShape(EntitlementClaims, payload, 'claims');
    return payload as unknown as EntitlementClaims;
  }

  it('publishes one Ed25519 key in the JWKS', () => {
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.deepEqual({ kty: key!.kty, crv: key!.crv, alg: key!.alg, use: key!.use }, { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    assert.ok(!('d' in key!), 'no private part');
  });

  it('signs a compact JWS that verifies against the JWKS, with exactly the contract claims', async () => {
    const s = await signIn(sb.url, uniqueEmail('claims'));
    const token = await tokenOf(s);
    assert.equal(token.split('.').length, 3);
    const claims = await verified(token);
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'features', 'graceUntil', 'iat', 'iss', 'plan', 'seq', 'status', 'sub']);
    assert.equal(claims.sub, s.userId);
    assert.equal(claims.plan, 'free');
    assert.equal(claims.status, 'none');
    assert.deepEqual(claims.features, FREE);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(claims.iat <= now && claims.iat >= now - 5, 'iat is real time, not the billing clock');
    assert.equal(claims.exp, claims.iat + 6);
    assert.equal(claims.graceUntil, claims.exp);
  });

  it('rejects a token whose payload was altered', async () => {
    const token = await tokenOf(await signIn(sb.url, uniqueEmail('tamper')));
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as EntitlementClaims;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, plan: 'pro', features: ALL })).toString('base64url')}.${signature}`;
    await assert.rejects(compactVerify(forged, createLocalJWKSet(jwks as unknown as JSONWebKeySet)));
  });

  for (const [state, plan, status, features] of [
    ['trialing', 'pro', 'trialing', ALL],
    ['active', 'pro', 'active', ALL],
    ['active_canceling', 'pro', 'active', ALL],
    ['past_due', 'pro', 'past_due', FREE],
    ['canceled', 'free', 'canceled', FREE],
    ['unpaid', 'free', 'unpaid', FREE],
    ['free', 'free', 'none', FREE],
  ] as const) {
    it(`grants ${features.length === 1 ? 'only Free features' : 'every feature'} for ${state}`, async () => {
      const s = await signIn(sb.url, uniqueEmail(state));
      await setAccountState(sb.url, s.userId, state);
      const claims = await verified(await tokenOf(s));
      assert.equal(claims.plan, plan);
      assert.equal(claims.status, status);
      assert.deepEqual(claims.features, features);
    });
  }

  it('caps the offline grace at the paid period and at SANDBOX_GRACE_DAYS', async () => {
    const s = await signIn(sb.url, uniqueEmail('grace'));
    await setAccountState(sb.url, s.userId, 'active_canceling');
    const summary = await getJson<{ subscription: { currentPeriodEnd: string } }>(sb.url, s.token, ApiPaths.account);
    const clock = (await (await fetch(`${sb.url}${SandboxPaths.clock}`)).json()) as { now: string };
    const paidLeft = (Date.parse(summary.subscription.currentPeriodEnd) - Date.parse(clock.now)) / 1000;
    let claims = await verified(await tokenOf(s));
    assert.ok(paidLeft > 3 * 86400, 'the period has more than the grace left');
    assert.equal(claims.graceUntil - claims.iat, 3 * 86400);

    // Move the billing clock to 12 hours before the period ends: grace shrinks to what was paid for.
    await advanceClock(sb.url, { hours: paidLeft / 3600 - 12 });
    claims = await verified(await tokenOf(s));
    assert.ok(Math.abs(claims.graceUntil - claims.iat - 12 * 3600) <= 2, `grace ${claims.graceUntil - claims.iat}s`);
    assert.ok(claims.iat <= Math.floor(Date.now() / 1000), 'iat stays on the real clock after advancing the billing clock');
  });

  it('increases seq with every issue and re-issues the stored token while young and unchanged', async () => {
    const s = await signIn(sb.url, uniqueEmail('seq'));
    const first = await tokenOf(s);
    assert.equal(await tokenOf(s), first, 'unchanged and young: the same token');
    const seq1 = (await verified(first)).seq;

    await setAccountState(sb.url, s.userId, 'active');
    const second = await tokenOf(s);
    const seq2 = (await verified(second)).seq;
    assert.ok(seq2 > seq1);

    await sleep(4600); // older than three quarters of the 6 s lifetime
    const third = await tokenOf(s);
    assert.notEqual(third, second);
    assert.ok((await verified(third)).seq > seq2);
    assert.equal(decodeProtectedHeader(third).kid, jwks.keys[0]!.kid);
  });
});

describe('sandbox signing key', function () {
  after(() => removeTempData());

  it('is created on first start beside the database and kept across restarts and --reset', async () => {
    const dataFile = tempDataFile();
    const first = await startInProcess({}, { dataFile });
    const kid = ((await (await fetch(`${first.url}${ApiPaths.jwks}`)).json()) as Jwks).keys[0]!.kid;
    const s = await signIn(first.url, 'pro@sandbox.test');
    const token = (await getJson<EntitlementsResponse>(first.url, s.token, ApiPaths.entitlements)).token;
    await first.close();

    const second = await startInProcess({}, { dataFile });
    try {
      const jwks = (await (await fetch(`${second.url}${ApiPaths.jwks}`)).json()) as Jwks;
      assert.equal(jwks.keys[0]!.kid, kid);
      await jwtVerify(token, createLocalJWKSet(jwks as unknown as JSONWebKeySet), { audience: AUDIENCE });
    } finally {
      await second.close();
    }
    const reset = await startInProcess({}, { dataFile, reset: true });
    try {
      assert.equal(((await (await fetch(`${reset.url}${ApiPaths.jwks}`)).json()) as Jwks).keys[0]!.kid, kid, '--reset resets the data, not the key');
      const after = await signIn(reset.url, 'pro@sandbox.test');
      const newToken = (await getJson<EntitlementsResponse>(reset.url, after.token, ApiPaths.entitlements)).token;
      const seq = (t: string) => (JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as EntitlementClaims).seq;
      assert.ok(seq(newToken) > seq(token), 'seq keeps increasing across --reset');
    } finally {
      await reset.close();
    }
  });
});
