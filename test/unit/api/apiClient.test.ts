/**
 * The API client against a real sandbox (child process on loopback, faults
 * injected through its /sandbox endpoints). No HTTP mocking.
 */
import { strict as assert } from 'node:assert';
import { ApiClient } from '../../../src/api/apiClient';
import { HttpTransport, type HttpTransportOptions } from '../../../src/api/httpTransport';
import { type TokenResponse } from '../../../shared/contract/oauth';
import { AuthSessions } from '../../../src/auth/authSessions';
import { OAuthClient } from '../../../src/auth/oauthClient';
import { KeyRing } from '../../../src/entitlements/keyRing';
import { createSandboxKeys } from '../../../src/entitlements/sandboxKeys';
import { verifyEntitlementToken } from '../../../src/entitlements/verifyEntitlement';
import { systemClock } from '../../../src/util/clock';
import { MemoryKeyValueStore, StorageKeys } from '../../../src/util/storage';
import { accountByEmail, clearFaults, createSession, injectFault } from '../../support/sandboxAdmin';
import { type SandboxProcess, startSandbox } from '../../support/sandboxProcess';
import { buildSandboxBundle } from '../../sandbox/harness';
import { MemorySecretStore, recordingLogger } from '../support/memoryStores';
import { rejection } from '../support/rejection';

describe('ApiClient against the real sandbox', function () {
  this.timeout(60_000);
  let sandbox: SandboxProcess;
  let tokens: TokenResponse;
  let log: ReturnType<typeof recordingLogger>;

  const client = (options: Partial<HttpTransportOptions> = {}, accessToken = () => tokens.access_token) =>
    new ApiClient({
      transport: new HttpTransport({ serviceUrl: () => sandbox.url, logger: log.logger, backoffBaseMs: 50, random: () => 0.5, ...options }),
      auth: { getAccessToken: async () => ({ token: accessToken(), origin: new URL(sandbox.url).origin }), renewAccessToken: async () => accessToken() },
    });

  before(async () => {
    buildSandboxBundle();
    // No reuse grace: "reusing a rotated refresh token is refused" is checked right after the rotation.
    sandbox = await startSandbox({ env: { SANDBOX_REFRESH_REUSE_GRACE: '0' } });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(async () => {
    log = recordingLogger();
    await clearFaults(sandbox.url);
    tokens = await createSession(sandbox.url, 'pro@sandbox.test');
  });

  it('validates the account summary and answers a conditional request with 304 (keeping the ETag)', async () => {
    const api = client();
    const first = await api.getAccount();
    assert.equal(first.notModified, false);
    assert.ok(!first.notModified && first.body.user.email === 'pro@sandbox.test');
    assert.ok(first.etag, 'the sandbox sends an ETag');
    const second = await api.getAccount({ etag: first.etag });
    assert.deepEqual(second, { notModified: true, etag: first.etag });
    const stale = await api.getAccount({ etag: '"something-else"' });
    assert.equal(stale.notModified, false);
  });

  it('fetches an entitlement token that verifies with the pinned sandbox key', async () => {
    const api = client();
    const state = new MemoryKeyValueStore();
    const ring = new KeyRing({ sandbox: createSandboxKeys({ state, client: api, logger: log.logger, serviceUrl: () => sandbox.url }) });
    assert.equal(ring.needsSandboxKeys(), true);
    await ring.refreshSandboxKeys();
    assert.equal(ring.needsSandboxKeys(), false);
    assert.ok(state.get(StorageKeys.sandboxKeys), 'pinned per origin');
    const response = await api.getEntitlements();
    assert.ok(!response.notModified);
    const result = await verifyEntitlementToken(response.body.token, { keys: ring.keys(), audience: 'planbilling.plan-billing', now: Date.now() });
    assert.equal(result.ok, true, result.ok ? '' : result.reason);
    assert.ok(result.ok && result.claims.features.includes('ai.agent'));
    const again = await api.getEntitlements({ etag: response.etag });
    assert.equal(again.notModified, true, 'an unchanged entitlement answers 304');
    // A release build has no sandbox key source, so it does not trust it.
    const releaseRing = new KeyRing({ sandbox: undefined });
    const refused = await verifyEntitlementToken(response.body.token, { keys: releaseRing.keys(), audience: 'planbilling.plan-billing', now: Date.now() });
    assert.equal(refused.ok ? 'accepted' : refused.reason, 'unknownKey');
  });

  it('retries 503s, waiting as long as Retry-After says', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'status', status: 503, retryAfter: 1, count: 2 });
    const result = await client({ maxAttempts: 3 }).getAccount();
    assert.equal(result.notModified, false);
    const waits = log.lines.filter((l) => l.includes('retrying in')).map((l) => Number(/retrying in (\d+) ms/.exec(l)![1]));
    assert.equal(waits.length, 2);
    for (const wait of waits) assert.ok(wait >= 1000, `waited ${wait} ms despite Retry-After: 1`);
  });

  it('backs off exponentially between retries without Retry-After', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'status', status: 500, count: 3 });
    const result = await client({ maxAttempts: 4, backoffBaseMs: 100 }).getAccount();
    assert.equal(result.notModified, false);
    const waits = log.lines.filter((l) => l.includes('retrying in')).map((l) => Number(/retrying in (\d+) ms/.exec(l)![1]));
    assert.deepEqual(waits, [75, 150, 300], 'base·2^n with the equal-jitter midpoint (random = 0.5)');
  });

  it('gives up on a Retry-After longer than it may wait, reporting it', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'status', status: 429, retryAfter: 120, count: 1 });
    const error = await rejection(client().getAccount());
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.details.retryAfterMs, 120_000);
    assert.equal(log.lines.filter((l) => l.includes('retrying in')).length, 0);
  });

  it('reports connection resets as offline once retries are exhausted', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'reset', count: 3 });
    const error = await rejection(client({ maxAttempts: 3 }).getAccount());
    assert.equal(error.kind, 'offline');
    assert.equal(log.lines.filter((l) => l.includes('retrying in')).length, 2);
  });

  it('times out a slow answer as offline', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'latency', latencyMs: 3000, count: 2 });
    const error = await rejection(client({ maxAttempts: 2, timeoutMs: 300 }).getAccount());
    assert.equal(error.kind, 'offline');
    assert.match(error.message, /did not answer within/);
  });

  it('turns truncated and wrongly shaped bodies into invalidResponse, without retrying', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'malformed', count: 1 });
    assert.equal((await rejection(client().getAccount())).kind, 'invalidResponse');
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'malformed', malformedAs: 'wrong_shape', count: 1 });
    assert.equal((await rejection(client().getAccount())).kind, 'invalidResponse');
    assert.equal(log.lines.filter((l) => l.includes('retrying in')).length, 0);
    assert.equal((await client().getAccount()).notModified, false, 'the faults were consumed by single attempts');
  });

  it('never retries a non-idempotent request', async () => {
    await injectFault(sandbox.url, { route: 'POST /v1/portal-sessions', kind: 'status', status: 503, count: 1 });
    const error = await rejection(client().createPortalSession('manage', 'vscode://planbilling.plan-billing/portal-return'));
    assert.equal(error.kind, 'server');
    const session = await client().createPortalSession('manage', 'vscode://planbilling.plan-billing/portal-return');
    assert.match(session.url, /^http:\/\/127\.0\.0\.1:\d+\//, 'the one fault was consumed by exactly one attempt');
    assert.ok(!log.lines.some((l) => l.includes(session.url)), 'portal URLs are never logged');
  });

  it('cancels through an AbortSignal', async () => {
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'latency', latencyMs: 5000, count: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await rejection(client().getAccount({ signal: controller.signal }));
    assert.equal(error.kind, 'cancelled');
  });

  it('reports field errors of an invalid billing-details update as validation', async () => {
    const error = await rejection(
      client().saveBillingDetails({ name: 'P', address: { line1: 'x', city: 'y', postalCode: '1', country: 'ZZ' }, taxIds: [{ type: 'eu_vat', value: 'nope' }] }, `k-${Date.now()}`),
    );
    assert.equal(error.kind, 'validation');
    const fields = (error.details.fieldErrors ?? []).map((f) => f.field);
    assert.ok(fields.includes('address.country'), fields.join(','));
  });

  it('lists invoices with a cursor and downloads a PDF with progress', async () => {
    const api = client();
    const page = await api.listInvoices({ limit: 2 });
    assert.equal(page.data.length, 2);
    assert.equal(page.hasMore, true);
    const next = await api.listInvoices({ limit: 2, startingAfter: page.nextCursor! });
    assert.notEqual(next.data[0]!.id, page.data[0]!.id);
    let progress = 0;
    const pdf = await api.downloadInvoicePdf(page.data[0]!.id, { onProgress: (received) => (progress = received) });
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
    assert.equal(progress, pdf.byteLength);
  });

  it('renews an expired access token with refresh-token rotation, and revokes on sign-out', async () => {
    const secrets = new MemorySecretStore();
    const account = await accountByEmail(sandbox.url, 'pro@sandbox.test');
    const transport = new HttpTransport({ serviceUrl: () => sandbox.url, logger: log.logger });
    const oauth = new OAuthClient({ transport });
    const sessions = new AuthSessions({ secrets, oauth, clock: systemClock, logger: log.logger, serviceOrigin: () => new URL(sandbox.url).origin });
    const api = new ApiClient({ transport, auth: sessions });
    // Stored as if the access token had expired a minute ago.
    await sessions.establish({ ...tokens, expires_in: -60 }, { id: account.id, email: account.email, name: account.name }, sandbox.url);
    const firstRefreshToken = tokens.refresh_token;
    const result = await api.getAccount();
    assert.equal(result.notModified, false);
    assert.notEqual(sessions.current!.refreshToken, firstRefreshToken, 'the refresh token rotated');
    assert.ok(JSON.parse((await secrets.get(StorageKeys.session))!).refreshToken === sessions.current!.refreshToken, 'rotation persisted');
    const reuse = await rejection(oauth.refreshTokens(firstRefreshToken, { origin: new URL(sandbox.url).origin }));
    assert.equal(reuse.kind, 'unauthorized');
    const access = sessions.current!.accessToken;
    const signedOut: string[] = [];
    sessions.onDidSignOut((reason) => signedOut.push(reason));
    await sessions.signOut();
    assert.deepEqual(signedOut, ['user']);
    assert.equal(await secrets.get(StorageKeys.session), undefined);
    const afterRevoke = await rejection(client({}, () => access).getAccount());
    assert.equal(afterRevoke.kind, 'unauthorized');
  });
});
