/**
 * Bad input, table-driven: every case is answered 4xx with problem+json that
 * says what is wrong (field paths for validation), never 5xx, and changes nothing.
 */
import { SandboxPaths } from '../../shared/contract/sandboxAdmin';
import { strict as assert } from 'node:assert';
import { type AccountSummary } from '../../shared/contract/account';
import { Problem } from '../../shared/contract/common';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { account, api, assertShape, PORTAL_RETURN_URL, signIn, sleep, startInProcess, uniqueEmail } from './harness';

const VALID = {
  name: 'Grace Hopper',
  address: { line1: '1 Main Street', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' },
  taxIds: [{ type: 'us_ein', value: '12-3456789' }],
};

type Token = 'valid' | 'none' | 'garbage' | 'expired' | 'revoked' | 'malformed-header';

interface Case {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly token?: Token;
  readonly body?: string;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** Expected field errors (field path -> code), when the answer is a validation problem. */
  readonly fields?: Record<string, string>;
  readonly detail?: RegExp;
}

const withDetails = (patch: (d: typeof VALID) => unknown): unknown => patch(structuredClone(VALID));

const CASES: readonly Case[] = [
  // Body syntax and size
  { name: 'malformed JSON', method: 'PUT', path: ApiPaths.billingDetails, body: '{"name": "x",', status: 400, detail: /not valid JSON/ },
  { name: 'empty JSON body', method: 'PUT', path: ApiPaths.billingDetails, body: '', status: 400, detail: /empty/ },
  { name: 'a JSON array instead of an object', method: 'PUT', path: ApiPaths.billingDetails, json: [VALID], status: 400, fields: { '': 'invalid_type' } },
  { name: 'prototype pollution key', method: 'PUT', path: ApiPaths.billingDetails, body: '{"__proto__": {"admin": true}, "name": "x"}', status: 400 },
  { name: 'oversized body', method: 'PUT', path: ApiPaths.billingDetails, json: { ...VALID, name: 'x'.repeat(70_000) }, status: 413, detail: /65536 bytes/ },
  { name: 'unsupported content type', method: 'PUT', path: ApiPaths.billingDetails, body: 'name=x', headers: { 'content-type': 'text/plain' }, status: 415 },
  {
    name: 'a form body on the JSON API',
    method: 'POST',
    path: ApiPaths.portalSessions,
    body: 'flow=manage&returnUrl=vscode://a/b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
  },
  { name: 'a path that is not valid percent-encoding', path: '/v1/invoices/%ZZ/pdf', status: 400, detail: /not valid/ },
  // Schema: types, unknown and missing fields
  { name: 'wrong type (name is a number)', method: 'PUT', path: ApiPaths.billingDetails, json: withDetails((d) => ({ ...d, name: 5 })), status: 400, fields: { name: 'invalid_type' } },
  { name: 'unknown top-level field', method: 'PUT', path: ApiPaths.billingDetails, json: { ...VALID, nickname: 'x' }, status: 400, fields: { nickname: 'unknown_field' } },
  {
    name: 'unknown nested field',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, address: { ...d.address, floor: 3 } })),
    status: 400,
    fields: { 'address.floor': 'unknown_field' },
  },
  { name: 'missing required field', method: 'PUT', path: ApiPaths.billingDetails, json: { name: 'x', taxIds: [] }, status: 400, fields: { address: 'required' } },
  {
    name: 'unknown tax ID type',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, taxIds: [{ type: 'xx_vat', value: '1' }] })),
    status: 400,
    fields: { 'taxIds.0.type': 'invalid_value' },
    detail: /"eu_vat", "gb_vat", "us_ein", "au_abn", "ca_bn", "in_gst"/,
  },
  { name: 'too many tax IDs', method: 'PUT', path: ApiPaths.billingDetails, json: { ...VALID, taxIds: Array(6).fill(VALID.taxIds[0]) }, status: 400, fields: { taxIds: 'too_many' } },
  {
    name: 'country longer than two letters',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, address: { ...d.address, country: 'USA' } })),
    status: 400,
    fields: { 'address.country': 'too_long' },
  },
  // Semantics: countries, postal codes, tax IDs
  {
    name: 'unknown country',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, address: { ...d.address, country: 'XX' } })),
    status: 422,
    fields: { 'address.country': 'unknown_country' },
    detail: /nothing was changed/,
  },
  {
    name: 'missing postal code',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, address: { ...d.address, country: 'DE', postalCode: ' ' }, taxIds: [] })),
    status: 422,
    fields: { 'address.postalCode': 'required' },
  },
  {
    name: 'US postal code in the wrong format',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, address: { ...d.address, postalCode: 'ABC' } })),
    status: 422,
    fields: { 'address.postalCode': 'invalid_format' },
  },
  {
    name: 'blank name and street',
    method: 'PUT',
    path: ApiPaths.billingDetails,
    json: withDetails((d) => ({ ...d, name: ' ', address: { ...d.address, line1: '' } })),
    status: 422,
    fields: { name: 'required', 'address.line1': 'required' },
  },
  ...(
    [
      ['eu_vat', 'DE12345', /DE followed by 9 digits/],
      ['eu_vat', 'DE123456789', /check digit does not match/],
      ['eu_vat', 'GR123456789', /Greece uses the prefix EL/],
      ['eu_vat', 'GB123456789', /UK VAT number/],
      ['gb_vat', 'GB12345', /GB followed by 9 digits/],
      ['gb_vat', 'GB123456789', /check digits do not match/],
      ['us_ein', '123456789', /12-3456789/],
      ['au_abn', '51 824 753 557', /check digits/],
      ['ca_bn', '12345678', /9 digits/],
      ['ca_bn', '123456789', /check digit does not match/],
      ['in_gst', '27AAPFU0939F1Z', /15 characters/],
      ['in_gst', '27AAPFU0939F1ZW', /check character does not match/],
    ] as const
  ).map(
    ([type, value, message]): Case => ({
      name: `invalid ${type} "${value}"`,
      method: 'PUT',
      path: ApiPaths.billingDetails,
      json: { ...VALID, taxIds: [{ type: 'us_ein', value: '12-3456789' }, { type, value }] },
      status: 422,
      fields: { 'taxIds.1.value': 'invalid_tax_id' },
      detail: message,
    }),
  ),
  // Auth
  { name: 'no bearer token', path: ApiPaths.account, token: 'none', status: 401, detail: /no bearer token/ },
  { name: 'a malformed Authorization header', path: ApiPaths.account, token: 'malformed-header', status: 401 },
  { name: 'an unknown token', path: ApiPaths.account, token: 'garbage', status: 401, detail: /not valid/ },
  { name: 'an expired token', path: ApiPaths.account, token: 'expired', status: 401, detail: /expired/ },
  { name: 'a revoked token', path: ApiPaths.entitlements, token: 'revoked', status: 401, detail: /revoked/ },
  // Query strings and ids
  { name: 'limit 0', path: `${ApiPaths.invoices}?limit=0`, status: 400, fields: { limit: 'out_of_range' } },
  { name: 'limit 101', path: `${ApiPaths.invoices}?limit=101`, status: 400, fields: { limit: 'out_of_range' } },
  { name: 'limit not a number', path: `${ApiPaths.invoices}?limit=ten`, status: 400, fields: { limit: 'invalid_type' } },
  { name: 'unknown query parameter', path: `${ApiPaths.invoices}?page=2`, status: 400, fields: { page: 'unknown_field' } },
  { name: 'a cursor that is not an invoice', path: `${ApiPaths.invoices}?startingAfter=in_nope`, status: 400, fields: { startingAfter: 'unknown_invoice' } },
  { name: 'PDF of an unknown invoice', path: pathTo(ApiPaths.invoicePdf, { id: 'in_nope' }), status: 404 },
  { name: 'details of an unknown invoice', path: pathTo(ApiPaths.invoice, { id: 'in_nope' }), status: 404 },
  { name: 'an invoice id that is too long', path: pathTo(ApiPaths.invoice, { id: 'x'.repeat(65) }), status: 400, fields: { id: 'too_long' } },
  { name: 'payments with limit 0', path: `${ApiPaths.payments}?limit=0`, status: 400, fields: { limit: 'out_of_range' } },
  { name: 'payments with a cursor that is not a payment', path: `${ApiPaths.payments}?startingAfter=py_nope`, status: 400, fields: { startingAfter: 'unknown_payment' } },
  { name: 'default of an unknown card', method: 'POST', path: pathTo(ApiPaths.paymentMethodDefault, { id: 'pm_nope' }), status: 404 },
  { name: 'removing an unknown card', method: 'DELETE', path: pathTo(ApiPaths.paymentMethod, { id: 'pm_nope' }), status: 404 },
  { name: 'a body on POST default that is not JSON', method: 'POST', path: pathTo(ApiPaths.paymentMethodDefault, { id: 'pm_nope' }), body: '{', status: 400, detail: /not valid JSON/ },
  { name: 'listing cards with a method it does not have', method: 'PUT', path: ApiPaths.paymentMethods, json: {}, status: 404 },
  { name: 'unknown route', path: '/v1/nothing-here', status: 404 },
  { name: 'unsupported method', method: 'DELETE', path: ApiPaths.account, status: 404 },
  // Other mutations
  { name: 'portal session with an unknown flow', method: 'POST', path: ApiPaths.portalSessions, json: { flow: 'refund', returnUrl: 'vscode://x/y' }, status: 400, fields: { flow: 'invalid_value' } },
  {
    name: 'portal session naming a card for a flow that edits none',
    method: 'POST',
    path: ApiPaths.portalSessions,
    json: { flow: 'manage', returnUrl: PORTAL_RETURN_URL, paymentMethodId: 'pm_x' },
    status: 422,
    fields: { paymentMethodId: 'not_allowed' },
  },
  {
    name: 'portal session naming a card not on the account',
    method: 'POST',
    path: ApiPaths.portalSessions,
    json: { flow: 'payment_method_update', returnUrl: PORTAL_RETURN_URL, paymentMethodId: 'pm_x' },
    status: 422,
    fields: { paymentMethodId: 'unknown_payment_method' },
  },
  { name: 'portal session with an empty paymentMethodId', method: 'POST', path: ApiPaths.portalSessions, json: { flow: 'payment_method_update', returnUrl: PORTAL_RETURN_URL, paymentMethodId: '' }, status: 400, fields: { paymentMethodId: 'too_short' } },
  { name: 'portal session with a javascript: return URL', method: 'POST', path: ApiPaths.portalSessions, json: { flow: 'manage', returnUrl: 'javascript:alert(1)' }, status: 422, fields: { returnUrl: 'unregistered_url' } },
  { name: 'portal session returning to another site (open redirect)', method: 'POST', path: ApiPaths.portalSessions, json: { flow: 'manage', returnUrl: 'https://evil.example/back' }, status: 422, fields: { returnUrl: 'unregistered_url' } },
  { name: 'an Idempotency-Key that is too long', method: 'PUT', path: ApiPaths.billingDetails, json: VALID, headers: { 'idempotency-key': 'k'.repeat(300) }, status: 400, fields: { 'Idempotency-Key': 'invalid_format' } },
  // Usage
  { name: 'usage without a token', path: ApiPaths.usage, token: 'none', status: 401 },
  { name: 'a usage event without a token', method: 'POST', path: ApiPaths.usageEvents, token: 'none', json: { eventId: 'e1', feature: 'ai.agent', credits: '1', occurredAt: '2026-01-01T00:00:00Z' }, status: 401 },
  { name: 'a usage event with credits as an object', method: 'POST', path: ApiPaths.usageEvents, json: { eventId: 'e1', feature: 'ai.agent', credits: { value: 1 }, occurredAt: '2026-01-01T00:00:00Z' }, status: 400, fields: { credits: 'invalid_value' } },
  { name: 'a usage event with an exponent', method: 'POST', path: ApiPaths.usageEvents, json: { eventId: 'e1', feature: 'ai.agent', credits: '1e3', occurredAt: '2026-01-01T00:00:00Z' }, status: 400, fields: { credits: 'not_a_number' } },
  { name: 'a usage event without an eventId', method: 'POST', path: ApiPaths.usageEvents, json: { feature: 'ai.agent', credits: '1', occurredAt: '2026-01-01T00:00:00Z' }, status: 400, fields: { eventId: 'required' } },
  { name: 'a usage event with a 65-character eventId', method: 'POST', path: ApiPaths.usageEvents, json: { eventId: 'e'.repeat(65), feature: 'ai.agent', credits: '1', occurredAt: '2026-01-01T00:00:00Z' }, status: 400, fields: { eventId: 'too_long' } },
  { name: 'a usage event with a time that is not ISO 8601', method: 'POST', path: ApiPaths.usageEvents, json: { eventId: 'e1', feature: 'ai.agent', credits: '1', occurredAt: 'now' }, status: 400, fields: { occurredAt: 'invalid_format' } },
  { name: 'a usage event of an unknown feature', method: 'POST', path: ApiPaths.usageEvents, json: { eventId: 'e1', feature: 'ai.mindReading', credits: '1', occurredAt: '2026-01-01T00:00:00Z' }, status: 400, fields: { feature: 'unknown_feature' } },
  { name: 'usage settings with a spend cap in dollars', method: 'PUT', path: ApiPaths.usageSettings, json: { overageEnabled: true, spendCap: '20.00' }, status: 400, fields: { spendCap: 'invalid_type' } },
  { name: 'usage settings on Free', method: 'PUT', path: ApiPaths.usageSettings, json: { overageEnabled: true, spendCap: 2000 }, status: 409, detail: /Free plan/ },
  { name: 'bonus credits for an unknown account', method: 'POST', path: pathTo(SandboxPaths.accountBonusGrants, { id: 'usr_x' }), json: { credits: '1' }, status: 404 },
  // Sandbox endpoints
  { name: 'an unknown demo state', method: 'POST', path: '/sandbox/accounts/usr_x/state', json: { state: 'gold' }, status: 400, fields: { state: 'invalid_value' } },
  { name: 'state of an unknown account', method: 'POST', path: '/sandbox/accounts/usr_x/state', json: { state: 'active' }, status: 404 },
  { name: 'advancing the clock by nothing', method: 'POST', path: SandboxPaths.clockAdvance, json: {}, status: 422, fields: { days: 'required' } },
  { name: 'advancing the clock backwards', method: 'POST', path: SandboxPaths.clockAdvance, json: { days: -1 }, status: 400, fields: { days: 'out_of_range' } },
  { name: 'a fault of an unknown kind', method: 'POST', path: SandboxPaths.faults, json: { route: '/v1/account', kind: 'explode', count: 1 }, status: 400, fields: { kind: 'invalid_value' } },
  { name: 'a status fault without a status', method: 'POST', path: SandboxPaths.faults, json: { route: '/v1/account', kind: 'status', count: 1 }, status: 422, fields: { status: 'required' } },
  { name: 'refund of an unknown payment', method: 'POST', path: pathTo(SandboxPaths.paymentRefund, { id: 'py_nope' }), json: {}, status: 404 },
  { name: 'a refund of no cents', method: 'POST', path: pathTo(SandboxPaths.paymentRefund, { id: 'py_nope' }), json: { amount: 0 }, status: 400, fields: { amount: 'out_of_range' } },
  { name: 'a refund of a fractional amount', method: 'POST', path: pathTo(SandboxPaths.paymentRefund, { id: 'py_nope' }), json: { amount: 1.5 }, status: 400, fields: { amount: 'invalid_type' } },
  { name: 'a session for something that is not an email', method: 'POST', path: SandboxPaths.sessions, json: { email: 'nobody' }, status: 422, fields: { email: 'invalid_format' } },
];

describe('sandbox bad input', function () {
  // Many requests per case against a live service: mocha's 2 s default is too tight on a loaded machine.
  this.timeout(20_000);
  let sb: RunningSandbox;
  /** Access tokens live 1 s here, for the expired-token case. */
  let short: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
    short = await startInProcess({ accessTokenTtlSeconds: 1 });
  });
  after(async () => {
    await sb.close();
    await short.close();
  });

  async function tokenFor(kind: Token): Promise<string | undefined> {
    if (kind === 'none') return undefined;
    if (kind === 'garbage') return 'pba_this-is-not-a-token';
    if (kind === 'expired') {
      const session = await signIn(short.url, uniqueEmail('expired'));
      await sleep(1100);
      return session.token;
    }
    const session = await signIn(sb.url, uniqueEmail('bad-input'));
    if (kind === 'revoked') {
      const res = await fetch(`${sb.url}${ApiPaths.revoke}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${session.token}` });
      assert.equal(res.status, 200);
    }
    return session.token;
  }

  for (const c of CASES) {
    it(`${c.name} → ${c.status}`, async () => {
      const kind = c.token ?? 'valid';
      const token = await tokenFor(kind);
      const session = token && kind === 'valid' ? token : undefined;
      const before: AccountSummary | undefined = session ? await account(sb.url, session) : undefined;
      const headers = new Headers(c.headers);
      if (kind === 'malformed-header') headers.set('authorization', 'Basic dXNlcjpwYXNz');
      if (c.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const res = await api(kind === 'expired' ? short.url : sb.url, kind === 'malformed-header' ? undefined : token, c.path, { method: c.method ?? 'GET', body: c.body, json: c.json, headers });
      const text = await res.text();
      assert.equal(res.status, c.status, `${c.name}: ${text}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const problem = JSON.parse(text) as Problem;
      assertShape(Problem, problem, 'problem');
      assert.equal(problem.status, c.status);
      assert.ok(problem.detail && problem.detail.length > 10, `a useful detail: ${text}`);
      if (c.detail) assert.match(problem.detail, c.detail);
      if (c.fields) {
        const got = Object.fromEntries((problem.errors ?? []).map((e) => [e.field, e.code]));
        for (const [field, code] of Object.entries(c.fields)) assert.equal(got[field], code, `field ${field} in ${text}`);
        for (const e of problem.errors ?? []) assert.ok(e.message.length > 5, `message for ${e.field}`);
      }
      if (c.status === 401) assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="billing", error="invalid_token"/);
      if (before && session) {
        const after = await account(sb.url, session);
        assert.deepEqual({ ...after, asOf: '' }, { ...before, asOf: '' }, 'nothing changed');
      }
    });
  }

  it('answers oversized headers with problem+json 431 from the HTTP parser', async () => {
    const res = await fetch(`${sb.url}${ApiPaths.account}`, { headers: { 'x-padding': 'x'.repeat(20_000) } });
    assert.equal(res.status, 431);
    assert.match(res.headers.get('content-type')!, /problem\+json/);
    assertShape(Problem, await res.json(), 'problem');
  });

  describe('on browser pages: an HTML error page, never a 5xx', () => {
    const BAD = '%E0%A4%A';
    const signInQuery = `client_id=vscode-plan-billing&response_type=code&code_challenge_method=S256&code_challenge=${'a'.repeat(43)}&redirect_uri=${encodeURIComponent('vscode://planbilling.plan-billing/auth-callback')}`;
    const pages: { name: string; method?: string; path: string; cookie?: string; form?: string; status: number }[] = [
      { name: 'a portal cookie that is not valid percent-encoding', path: '/portal/card', cookie: `pb_portal=${BAD}`, status: 401 },
      { name: 'the same on the manage page', path: '/portal/manage', cookie: `pb_portal=${BAD}`, status: 401 },
      { name: 'the same on a portal form post', method: 'POST', path: '/portal/card', cookie: `pb_portal=${BAD}`, form: 'csrf=x&cardNumber=4242424242424242', status: 401 },
      { name: 'the same on an invoice PDF', path: '/portal/invoices/in_x/pdf', cookie: `pb_portal=${BAD}`, status: 401 },
      { name: 'a sign-in cookie that is not valid percent-encoding', path: `/oauth/authorize?${signInQuery}`, cookie: `pb_signin=${BAD}`, status: 200 },
      { name: 'the same on the sign-in post', method: 'POST', path: '/oauth/authorize', cookie: `pb_signin=${BAD}`, form: `${signInQuery}&csrf=1.x&email=pro%40sandbox.test`, status: 403 },
      { name: 'a query string that is not valid percent-encoding', path: `/oauth/authorize?${signInQuery}&state=${BAD}`, status: 200 },
      { name: 'a redirect_uri that is not valid percent-encoding', path: `/oauth/authorize?client_id=vscode-plan-billing&redirect_uri=${BAD}`, status: 400 },
      { name: 'a repeated redirect_uri', path: `/oauth/authorize?${signInQuery}&redirect_uri=x`, status: 400 },
      { name: 'a huge state', path: `/oauth/authorize?${signInQuery}&state=${'s'.repeat(6000)}`, status: 200 },
      { name: 'a form body that is not valid percent-encoding', method: 'POST', path: '/oauth/authorize', form: `${signInQuery}&email=${BAD}&csrf=${BAD}`, status: 403 },
      { name: 'a portal link that is not valid percent-encoding', path: `/portal/s/${BAD}`, status: 400 },
      { name: 'a card form continuing to an unknown step', path: `/portal/card?next=${BAD}`, cookie: `pb_portal=${BAD}`, status: 401 },
    ];
    for (const c of pages) {
      it(`${c.name} → ${c.status}`, async () => {
        const headers: Record<string, string> = { accept: 'text/html' };
        if (c.cookie) headers.cookie = c.cookie;
        if (c.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
        const res = await fetch(`${sb.url}${c.path}`, { method: c.method ?? 'GET', headers, body: c.form, redirect: 'manual' });
        const text = await res.text();
        assert.equal(res.status, c.status, `${c.name}: ${text.slice(0, 300)}`);
        assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(text, /<main /);
      });
    }
  });

  it('accepts the valid billing details the cases start from', async () => {
    const s = await signIn(sb.url, uniqueEmail('valid'));
    const res = await api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: { ...VALID, address: { ...VALID.address, country: 'us' } } });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { address: { country: string } };
    assert.equal(body.address.country, 'US', 'the country code is normalized to upper case');
  });
});
