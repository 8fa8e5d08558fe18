/** Billing API v1 behaviour: contract shapes, idempotency, ETag/304, pagination, rate limiting, OpenAPI, modes. */
import { strict as assert } from 'node:assert';
import * as accountContract from '../../shared/contract/account';
import { AccountSummary } from '../../shared/contract/account';
import * as billingDetailsContract from '../../shared/contract/billingDetails';
import * as commonContract from '../../shared/contract/common';
import * as entitlementsContract from '../../shared/contract/entitlements';
import * as invoicesContract from '../../shared/contract/invoices';
import * as oauthContract from '../../shared/contract/oauth';
import * as paymentMethodsContract from '../../shared/contract/paymentMethods';
import * as plansContract from '../../shared/contract/plans';
import * as portalContract from '../../shared/contract/portal';
import * as sandboxAdminContract from '../../shared/contract/sandboxAdmin';
import { BillingDetails } from '../../shared/contract/billingDetails';
import { EntitlementsResponse, Jwks } from '../../shared/contract/entitlements';
import { InvoiceDetails, InvoiceList, PaymentList, type Invoice, type InvoiceList as InvoiceListType } from '../../shared/contract/invoices';
import { OAuthClientId, TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PaymentMethodList } from '../../shared/contract/paymentMethods';
import { PortalSession } from '../../shared/contract/portal';
import { ClockState, Outbox, SandboxAccountList, SandboxPaths } from '../../shared/contract/sandboxAdmin';
import type { RunningSandbox } from '../../sandbox/server';
import { createSession, setAccountState } from '../support/sandboxAdmin';
import { openPortal } from '../support/portalDriver';
import { api, assertShape, authorizeUrl, getJson, newPkce, PORTAL_RETURN_URL, portalSession, signIn, signInWithBrowserFlow, sleep, startInProcess, tokenRequest, uniqueEmail } from './harness';

const DETAILS = {
  name: 'Ada Lovelace',
  address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
  taxIds: [{ type: 'gb_vat', value: 'GB 980 7806 84' }],
};

describe('sandbox API', function () {
  // Many requests per case against a live service: mocha's 2 s default is too tight on a loaded machine.
  this.timeout(20_000);
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  describe('contract shapes', () => {
    it('answers every read endpoint with contract shapes for every demo account', async () => {
      const accounts: unknown = await (await fetch(`${sb.url}${SandboxPaths.accounts}`)).json();
      assertShape(SandboxAccountList, accounts, 'accounts');
      for (const { email } of (accounts as { data: { email: string }[] }).data) {
        const tokens = await createSession(sb.url, email);
        assertShape(TokenResponse, tokens, `tokens of ${email}`);
        assertShape(AccountSummary, await getJson(sb.url, tokens.access_token, ApiPaths.account), `account of ${email}`);
        const invoices = await getJson<InvoiceListType>(sb.url, tokens.access_token, `${ApiPaths.invoices}?limit=100`);
        assertShape(InvoiceList, invoices, `invoices of ${email}`);
        for (const invoice of invoices.data.slice(0, 3)) {
          assertShape(InvoiceDetails, await getJson(sb.url, tokens.access_token, pathTo(ApiPaths.invoice, { id: invoice.id })), `invoice ${invoice.number} of ${email}`);
        }
        assertShape(PaymentList, await getJson(sb.url, tokens.access_token, `${ApiPaths.payments}?limit=100`), `payments of ${email}`);
        assertShape(PaymentMethodList, await getJson(sb.url, tokens.access_token, ApiPaths.paymentMethods), `cards of ${email}`);
        assertShape(EntitlementsResponse, await getJson(sb.url, tokens.access_token, ApiPaths.entitlements), `entitlements of ${email}`);
      }
      assertShape(Jwks, await (await fetch(`${sb.url}${ApiPaths.jwks}`)).json(), 'jwks');
      assertShape(Outbox, await (await fetch(`${sb.url}${SandboxPaths.outbox}`)).json(), 'outbox');
      assertShape(ClockState, await (await fetch(`${sb.url}${SandboxPaths.clock}`)).json(), 'clock');
    });

    it('serves an OpenAPI 3.1 document with every endpoint and the contract schemas as components', async () => {
      type Operation = { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
      const doc = (await (await fetch(`${sb.url}${ApiPaths.openapi}`)).json()) as {
        openapi: string;
        paths: Record<string, Record<string, Operation>>;
        components: { schemas: Record<string, object> };
      };
      assert.equal(doc.openapi, '3.1.0');
      // Every path of the contract's tables (the document itself aside), with the methods the service answers.
      for (const path of [...Object.values(ApiPaths).filter((p) => p !== ApiPaths.openapi), ...Object.values(SandboxPaths)]) {
        assert.ok(doc.paths[path], `OpenAPI path ${path}`);
      }
      for (const [path, method] of [
        [ApiPaths.invoice, 'get'],
        [ApiPaths.payments, 'get'],
        [ApiPaths.paymentMethods, 'get'],
        [ApiPaths.paymentMethodDefault, 'post'],
        [ApiPaths.paymentMethod, 'delete'],
        [SandboxPaths.paymentRefund, 'post'],
        [ApiPaths.plans, 'get'],
        [ApiPaths.subscriptionPreview, 'post'],
        [ApiPaths.subscriptionChange, 'post'],
        [ApiPaths.subscriptionCancel, 'post'],
        [ApiPaths.subscriptionResume, 'post'],
        [ApiPaths.subscriptionScheduledChange, 'delete'],
      ] as const) {
        assert.ok(doc.paths[path]![method], `${method.toUpperCase()} ${path}`);
      }
      // Answers are documented by reference to the named contract schemas.
      const ok = (path: string, method: string) => JSON.stringify(doc.paths[path]![method]!.responses!['200']);
      assert.match(ok(ApiPaths.invoice, 'get'), /InvoiceDetails/);
      assert.match(ok(ApiPaths.payments, 'get'), /PaymentList/);
      assert.match(ok(ApiPaths.paymentMethods, 'get'), /PaymentMethodList/);
      assert.match(ok(ApiPaths.paymentMethod, 'delete'), /PaymentMethodList/);
      assert.match(ok(ApiPaths.plans, 'get'), /PlanCatalogue/);
      assert.match(ok(ApiPaths.subscriptionPreview, 'post'), /SubscriptionChangePreview/);
      assert.match(ok(ApiPaths.subscriptionChange, 'post'), /SubscriptionChangeResult/);
      const contractSchemas = [accountContract, billingDetailsContract, commonContract, entitlementsContract, invoicesContract, oauthContract, paymentMethodsContract, plansContract, portalContract, sandboxAdminContract]
        .flatMap((module) => Object.values(module))
        .flatMap((value) => (value !== null && typeof value === 'object' && typeof (value as { $id?: unknown }).$id === 'string' ? [(value as { $id: string }).$id] : []));
      assert.ok(contractSchemas.length > 40);
      for (const name of contractSchemas) assert.ok(doc.components.schemas[name], `component ${name}`);
      assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/portal')), 'portal pages are not part of the API');
    });
  });

  describe('idempotency', () => {
    it('replays the first answer for a retried PUT and changes nothing twice', async () => {
      const s = await signIn(sb.url, uniqueEmail('idem'));
      const put = (body: unknown, key: string) => api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: body, headers: { 'idempotency-key': key } });
      const first = await put(DETAILS, 'key-1');
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const firstBody = await first.json();
      assertShape(BillingDetails, firstBody, 'billing details');
      assert.equal((firstBody as { taxIds: { value: string }[] }).taxIds[0]!.value, 'GB980780684', 'normalized');

      const later = { ...DETAILS, name: 'Ada, Countess of Lovelace' };
      assert.equal((await put(later, 'key-2')).status, 200);

      const retry = await put(DETAILS, 'key-1');
      assert.equal(retry.status, 200);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await retry.json(), firstBody);
      const current = await getJson<{ billingDetails: { name: string } }>(sb.url, s.token, ApiPaths.account);
      assert.equal(current.billingDetails.name, 'Ada, Countess of Lovelace', 'the replay did not apply the old body again');
    });

    it('refuses the same key with a different body', async () => {
      const s = await signIn(sb.url, uniqueEmail('idem-conflict'));
      const headers = { 'idempotency-key': 'same-key' };
      assert.equal((await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: DETAILS, headers })).status, 200);
      const other = await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: { ...DETAILS, name: 'Someone else' }, headers });
      assert.equal(other.status, 422);
      assert.match(((await other.json()) as { detail: string }).detail, /already used for a different request/);
    });

    it('does not keep failed answers, and keys are per account', async () => {
      const a = await signIn(sb.url, uniqueEmail('idem-a'));
      const b = await signIn(sb.url, uniqueEmail('idem-b'));
      const headers = { 'idempotency-key': 'shared-key' };
      const bad = await api(sb.url, a.token, ApiPaths.billingDetails, { method: 'PUT', json: { ...DETAILS, address: { ...DETAILS.address, country: 'ZZ' } }, headers });
      assert.equal(bad.status, 422);
      const fixed = await api(sb.url, a.token, ApiPaths.billingDetails, { method: 'PUT', json: DETAILS, headers });
      assert.equal(fixed.status, 200, 'the corrected request with the same key runs');
      const other = await api(sb.url, b.token, ApiPaths.billingDetails, { method: 'PUT', json: { ...DETAILS, name: 'B' }, headers });
      assert.equal(other.status, 200);
      assert.equal(other.headers.get('idempotent-replayed'), null);
    });

    it('never stores or replays a portal link: a retry gets a fresh link and the earlier unused one stops working', async () => {
      const s = await signIn(sb.url, uniqueEmail('idem-portal'));
      const post = (json: unknown = { flow: 'manage', returnUrl: PORTAL_RETURN_URL }) =>
        api(sb.url, s.token, ApiPaths.portalSessions, { method: 'POST', json, headers: { 'idempotency-key': 'portal-1' } });
      const firstRes = await post();
      const first = (await firstRes.json()) as PortalSession;
      assertShape(PortalSession, first, 'portal session');
      const secondRes = await post();
      assert.equal(secondRes.status, 200);
      assert.equal(secondRes.headers.get('idempotent-replayed'), null, 'not a replay of the stored answer');
      assert.equal(secondRes.headers.get('cache-control'), 'no-store');
      const second = (await secondRes.json()) as PortalSession;
      assertShape(PortalSession, second, 'portal session');
      assert.notEqual(second.url, first.url);
      assert.equal((await openPortal(first.url)).page.outcome, 'link_expired', 'the replaced link no longer works');
      assert.equal((await openPortal(second.url)).page.page, 'manage');
      const third = (await (await post()).json()) as PortalSession;
      assert.equal((await openPortal(third.url)).page.page, 'manage', 'a retry after the link was used still gets a working one');

      const other = await post({ flow: 'payment_method_update', returnUrl: PORTAL_RETURN_URL });
      assert.equal(other.status, 422, 'the same key with another body is still refused');

      sb.db.pragma('wal_checkpoint(TRUNCATE)');
      const kept = sb.db.prepare("SELECT body, replay FROM idempotency_keys WHERE key = 'portal-1'").all() as { body: string; replay: string }[];
      assert.equal(kept.length, 1);
      assert.equal(kept[0]!.replay, 'rerun');
      for (const url of [first.url, second.url, third.url]) assert.ok(!kept[0]!.body.includes(url.split('/').at(-1)!), 'no link in the idempotency store');
      assert.match(kept[0]!.body, /^\{"portalSessionId":"bps_/);
    });
  });

  describe('ETag and If-None-Match', () => {
    it('answers 304 for an unchanged account even as time passes, 200 after a change', async () => {
      const s = await signIn(sb.url, uniqueEmail('etag'));
      const first = await api(sb.url, s.token, ApiPaths.account);
      const etag = first.headers.get('etag')!;
      assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
      const asOf = ((await first.json()) as { asOf: string }).asOf;
      await sleep(1100);
      const again = await api(sb.url, s.token, ApiPaths.account);
      assert.equal(again.headers.get('etag'), etag);
      assert.notEqual(((await again.json()) as { asOf: string }).asOf, asOf);
      const cached = await api(sb.url, s.token, ApiPaths.account, { headers: { 'if-none-match': etag } });
      assert.equal(cached.status, 304);
      assert.equal(cached.headers.get('etag'), etag);
      assert.equal(await cached.text(), '');
      assert.equal((await api(sb.url, s.token, ApiPaths.account, { headers: { 'if-none-match': `"other", W/${etag}` } })).status, 304);
      assert.equal((await api(sb.url, s.token, ApiPaths.account, { headers: { 'if-none-match': '"stale"' } })).status, 200);

      await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: DETAILS });
      const changed = await api(sb.url, s.token, ApiPaths.account, { headers: { 'if-none-match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
    });

    it('re-issues the same entitlement token while nothing changed, so refreshes get 304', async () => {
      const s = await signIn(sb.url, uniqueEmail('etag-ent'));
      const first = await api(sb.url, s.token, ApiPaths.entitlements);
      const etag = first.headers.get('etag')!;
      const { token } = (await first.json()) as { token: string };
      const second = await api(sb.url, s.token, ApiPaths.entitlements);
      assert.equal(((await second.json()) as { token: string }).token, token);
      assert.equal((await api(sb.url, s.token, ApiPaths.entitlements, { headers: { 'if-none-match': etag } })).status, 304);
      await setAccountState(sb.url, s.userId, 'active');
      const changed = await api(sb.url, s.token, ApiPaths.entitlements, { headers: { 'if-none-match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(((await changed.json()) as { token: string }).token, token);
    });
  });

  describe('pagination', () => {
    let token: string;
    let all: Invoice[];
    before(async () => {
      token = (await createSession(sb.url, 'pro@sandbox.test')).access_token;
      const page = await getJson<InvoiceListType>(sb.url, token, `${ApiPaths.invoices}?limit=100`);
      all = page.data;
      assert.equal(page.hasMore, false);
      assert.equal(page.nextCursor, null);
    });

    const pages = async (limit: number): Promise<InvoiceListType[]> => {
      const out: InvoiceListType[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `limit=${limit}&startingAfter=${cursor}` : `limit=${limit}`;
        const page: InvoiceListType = await getJson<InvoiceListType>(sb.url, token, `${ApiPaths.invoices}?${query}`);
        out.push(page);
        cursor = page.nextCursor;
        assert.ok(out.length <= all.length + 1, 'pagination terminates');
      } while (cursor);
      return out;
    };

    it('lists a year of invoices newest first, defaulting to 10 per page', async () => {
      assert.ok(all.length >= 13, `pro@ has ${all.length} invoices`);
      const created = all.map((i) => Date.parse(i.created));
      assert.deepEqual(created, [...created].sort((a, b) => b - a));
      const first = await getJson<InvoiceListType>(sb.url, token, ApiPaths.invoices);
      assert.equal(first.data.length, 10);
      assert.equal(first.hasMore, true);
      assert.equal(first.nextCursor, first.data[9]!.id);
    });

    for (const limit of [1, 4, 7, 13, 14, 100]) {
      it(`walks every invoice exactly once with limit=${limit}`, async () => {
        const walked = await pages(limit);
        assert.deepEqual(walked.flatMap((p) => p.data.map((i) => i.id)), all.map((i) => i.id));
        walked.forEach((p, i) => {
          const last = i === walked.length - 1;
          assert.equal(p.hasMore, !last);
          assert.equal(p.nextCursor, last ? null : p.data.at(-1)!.id);
          assert.ok(p.data.length === limit || last);
        });
        if (all.length % limit === 0) assert.equal(walked.at(-1)!.data.length, limit, 'an exact last page says hasMore=false');
      });
    }

    it('answers an empty last page after the oldest invoice', async () => {
      const page = await getJson<InvoiceListType>(sb.url, token, `${ApiPaths.invoices}?startingAfter=${all.at(-1)!.id}`);
      assert.deepEqual(page, { data: [], hasMore: false, nextCursor: null });
    });

    it("refuses another account's invoice as a cursor", async () => {
      const other = await createSession(sb.url, 'canceling@sandbox.test');
      const res = await api(sb.url, other.access_token, `${ApiPaths.invoices}?startingAfter=${all[0]!.id}`);
      assert.equal(res.status, 400);
    });
  });

  describe('no-admin mode', () => {
    let noAdmin: RunningSandbox;
    before(async () => {
      noAdmin = await startInProcess({}, { mode: 'no-admin' });
    });
    after(() => noAdmin.close());

    it('has no /sandbox routes and no home page, but the API and sign-in work', async () => {
      for (const path of [SandboxPaths.accounts, SandboxPaths.clock, SandboxPaths.outbox, '/']) {
        assert.equal((await fetch(`${noAdmin.url}${path}`)).status, 404, path);
      }
      assert.equal((await fetch(`${noAdmin.url}${SandboxPaths.sessions}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"pro@sandbox.test"}' })).status, 404);
      const tokens = await signInWithBrowserFlow(noAdmin.url, 'pro@sandbox.test');
      assert.equal((await api(noAdmin.url, tokens.access_token, ApiPaths.account)).status, 200);
      const doc = (await (await fetch(`${noAdmin.url}${ApiPaths.openapi}`)).json()) as { paths: Record<string, object> };
      assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/sandbox')));
      const homeDemo = await fetch(authorizeUrl(noAdmin.url, newPkce(), { redirect_uri: `${noAdmin.url}/sandbox/oauth/callback` }), { redirect: 'manual' });
      assert.equal(homeDemo.status, 400, 'the home page demo callback is registered in sandbox mode only');
    });
  });
});

describe('sandbox rate limiting', function () {
  describe('per user on /v1', () => {
    let sb: RunningSandbox;
    before(async () => {
      sb = await startInProcess({ rateLimitPerMinute: 5 });
    });
    after(() => sb.close());

    it('answers 429 with Retry-After once a user exceeds the rate, whatever token they use', async () => {
      const a = await signIn(sb.url, uniqueEmail('rate-a'));
      const b = await signIn(sb.url, uniqueEmail('rate-b'));
      for (let i = 0; i < 5; i++) assert.equal((await api(sb.url, a.token, ApiPaths.account)).status, 200, `request ${i + 1}`);
      const limited = await api(sb.url, a.token, ApiPaths.entitlements);
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 12, `Retry-After ${retryAfter}`);
      assert.match(limited.headers.get('content-type')!, /problem\+json/);
      assert.match(((await limited.json()) as { detail: string }).detail, /Too many requests for this account/);

      // A refreshed token, or another sign-in of the same user, does not start a fresh allowance.
      const renewed = (await (await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: a.refreshToken, client_id: OAuthClientId })).json()) as TokenResponse;
      assert.equal((await api(sb.url, renewed.access_token, ApiPaths.account)).status, 429, 'after a refresh');
      const again = await createSession(sb.url, a.email);
      assert.equal((await api(sb.url, again.access_token, ApiPaths.account)).status, 429, 'another sign-in');
      assert.equal((await api(sb.url, b.token, ApiPaths.account)).status, 200, 'another user is not affected');
    });
  });

  describe('per client address on /oauth and /portal', () => {
    let sb: RunningSandbox;
    let proxied: RunningSandbox;
    before(async () => {
      sb = await startInProcess({ clientRateLimitPerMinute: 5 });
      proxied = await startInProcess({ clientRateLimitPerMinute: 2, trustProxy: true });
    });
    after(async () => {
      await sb.close();
      await proxied.close();
    });

    it('answers 429 with Retry-After: an error page for a browser, problem+json at the token endpoint', async () => {
      const s = await signIn(sb.url, uniqueEmail('rate-client'));
      const portal = await portalSession(sb.url, s.token, 'manage');
      const asBrowser = { accept: 'text/html' };
      const answers = [
        await fetch(authorizeUrl(sb.url, newPkce()), { headers: asBrowser }),
        await fetch(authorizeUrl(sb.url, newPkce()), { headers: asBrowser }),
        await fetch(portal, { headers: asBrowser, redirect: 'manual' }),
        await fetch(`${sb.url}/portal/manage`, { headers: asBrowser }),
        await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: OAuthClientId }),
      ];
      assert.deepEqual(answers.map((r) => r.status), [200, 200, 303, 401, 200], 'five requests are allowed');
      const page = await fetch(authorizeUrl(sb.url, newPkce()), { headers: asBrowser });
      assert.equal(page.status, 429);
      assert.ok(Number(page.headers.get('retry-after')) >= 1);
      assert.match(page.headers.get('content-type')!, /text\/html/);
      assert.match(await page.text(), /Too many requests from this address/);
      assert.equal((await fetch(`${sb.url}/portal/manage`, { headers: asBrowser })).status, 429, 'the portal shares the allowance');
      const token = await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: 'pbr_x', client_id: OAuthClientId });
      assert.equal(token.status, 429);
      assert.match(token.headers.get('content-type')!, /problem\+json/);
      assert.ok(Number(token.headers.get('retry-after')) >= 1);
      assert.equal((await api(sb.url, s.token, ApiPaths.account)).status, 200, '/v1 has its own limit, per user');
    });

    it('counts each client behind a trusted proxy by the address the proxy reports', async () => {
      const from = (address: string) => fetch(authorizeUrl(proxied.url, newPkce()), { headers: { 'x-forwarded-for': address } });
      assert.deepEqual([(await from('203.0.113.7')).status, (await from('203.0.113.7')).status, (await from('203.0.113.7')).status], [200, 200, 429]);
      assert.equal((await from('198.51.100.9')).status, 200, 'another client');
    });
  });
});
