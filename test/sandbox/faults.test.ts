/** Fault injection: latency, status (with Retry-After), connection reset, malformed bodies; route patterns and counts. */
import { strict as assert } from 'node:assert';
import { AccountSummary } from '../../shared/contract/account';
import { ApiPaths } from '../../shared/contract/paths';
import { matches } from '../../src/api/validate';
import { FOREIGN_ORIGIN } from '../../sandbox/http/faults';
import type { RunningSandbox } from '../../sandbox/server';
import { activeFaults, clearFaults, injectFault, listAccounts } from '../support/sandboxAdmin';
import { api, signIn, startInProcess, type Session } from './harness';

describe('sandbox fault injection', function () {
  let sb: RunningSandbox;
  let s: Session;
  before(async () => {
    sb = await startInProcess();
    s = await signIn(sb.url, 'pro@sandbox.test');
  });
  afterEach(() => clearFaults(sb.url));
  after(() => sb.close());

  const account = () => api(sb.url, s.token, ApiPaths.account);

  it('answers a status with Retry-After for exactly `count` matching requests', async () => {
    await injectFault(sb.url, { route: 'GET /v1/account', kind: 'status', status: 503, retryAfter: 7, count: 2 });
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(await activeFaults(sb.url), [{ route: 'GET /v1/account', kind: 'status', remaining: 2 - i }], 'the requests it will still take');
      const res = await account();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.match(res.headers.get('content-type')!, /problem\+json/);
    }
    assert.equal((await account()).status, 200);
    assert.deepEqual(await activeFaults(sb.url), [], 'used up');
  });

  it('adds latency before handling the request normally', async () => {
    await injectFault(sb.url, { route: '/v1/entitlements', kind: 'latency', latencyMs: 300, count: 1 });
    const started = performance.now();
    const res = await api(sb.url, s.token, ApiPaths.entitlements);
    assert.equal(res.status, 200);
    assert.ok(performance.now() - started >= 290, 'delayed');
  });

  it('resets the connection', async () => {
    await injectFault(sb.url, { route: 'GET /v1/*', kind: 'reset', count: 1 });
    await assert.rejects(account(), (error: Error) => /fetch failed|socket|ECONNRESET/i.test(`${error.message} ${String(error.cause)}`));
    assert.equal((await account()).status, 200);
  });

  it('sends a truncated JSON body with status 200', async () => {
    await injectFault(sb.url, { route: '/v1/account', kind: 'malformed', count: 1 });
    const res = await account();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), null);
    const text = await res.text();
    assert.throws(() => JSON.parse(text));
  });

  it('sends well-formed JSON of the wrong shape', async () => {
    await injectFault(sb.url, { route: '/v1/account', kind: 'malformed', malformedAs: 'wrong_shape', count: 1 });
    const res = await account();
    assert.equal(res.status, 200);
    const body: unknown = await res.json();
    assert.equal(matches(AccountSummary, body), false);
  });

  it('hands out links on a foreign origin, keeping the rest of the answer', async () => {
    await injectFault(sb.url, { route: 'POST /v1/portal-sessions', kind: 'malformed', malformedAs: 'foreign_origin', count: 1 });
    const open = () =>
      api(sb.url, s.token, ApiPaths.portalSessions, {
        method: 'POST',
        json: { flow: 'manage', returnUrl: 'vscode://planbilling.plan-billing/portal-return' },
      });
    const tampered = await open();
    const body = (await tampered.json()) as { url: string; expiresAt: string };
    assert.equal(new URL(body.url).origin, FOREIGN_ORIGIN);
    assert.ok(!Number.isNaN(Date.parse(body.expiresAt)), 'the rest of the answer is intact');
    const honest = await open();
    assert.equal(tampered.status, honest.status);
    assert.equal(new URL(((await honest.json()) as { url: string }).url).origin, new URL(sb.url).origin);
  });

  it('replaces the answer with a given body, type and status', async () => {
    await injectFault(sb.url, { route: '/v1/account', kind: 'malformed', malformedAs: 'replaced', body: '<html>busy</html>', contentType: 'text/html', status: 502, count: 1 });
    const res = await account();
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.equal(res.headers.get('etag'), null);
    assert.equal(await res.text(), '<html>busy</html>');
    const refused = await fetch(`${sb.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: '/v1/account', kind: 'malformed', malformedAs: 'replaced', count: 1 }),
    });
    assert.equal(refused.status, 422, 'a replaced answer without a body is refused');
  });

  it('pads the real answer to an oversized body', async () => {
    await injectFault(sb.url, { route: '/v1/account', kind: 'malformed', malformedAs: 'oversized', sizeBytes: 3 * 1024 * 1024, count: 1 });
    const text = await (await account()).text();
    assert.equal(Buffer.byteLength(text), 3 * 1024 * 1024);
    assert.ok(matches(AccountSummary, JSON.parse(text)), 'the real answer, padded with spaces');
  });

  it('trickles the real body out one byte at a time', async () => {
    await injectFault(sb.url, { route: '/v1/account', kind: 'slow_body', byteIntervalMs: 1, count: 1 });
    const started = performance.now();
    const res = await account();
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(matches(AccountSummary, JSON.parse(text)), 'the whole real answer in the end');
    assert.ok(performance.now() - started >= text.length * 0.9, `${text.length} bytes took ${Math.round(performance.now() - started)} ms`);
    // Even a conditional request gets the whole answer, trickled.
    await injectFault(sb.url, { route: '/v1/account', kind: 'slow_body', byteIntervalMs: 1, count: 1 });
    const again = await api(sb.url, s.token, ApiPaths.account, { headers: { 'if-none-match': res.headers.get('etag')! } });
    assert.equal(again.status, 200);
    assert.ok(matches(AccountSummary, JSON.parse(await again.text())));
  });

  it('applies only to matching routes and methods, never to /sandbox routes, and DELETE clears them', async () => {
    await injectFault(sb.url, { route: 'POST /v1/account', kind: 'status', status: 500, count: 5 });
    assert.equal((await account()).status, 200, 'method does not match');
    await injectFault(sb.url, { route: '*', kind: 'status', status: 502, count: 5 });
    assert.ok((await listAccounts(sb.url)).length >= 7, 'sandbox routes are not faulted');
    assert.equal((await account()).status, 502);
    await clearFaults(sb.url);
    assert.equal((await account()).status, 200);
  });
});
