/** OAuth 2.0 authorization code + PKCE, refresh rotation, revocation, and how tokens are stored. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { OAuthClientId, OAuthError, TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { signInViaAuthorizePage } from '../support/portalDriver';
import { api, assertShape, authorizeUrl, newPkce, PORTAL_RETURN_URL, REDIRECT_URI, signInWithBrowserFlow, sleep, startInProcess, tokenRequest } from './harness';

describe('sandbox OAuth', function () {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess({ webCallbackOrigins: ['https://code.example.test'] });
  });
  after(() => sb.close());

  /** GET the sign-in page like a browser: its cookie and its form's fields (the request's parameters and the CSRF token). */
  async function signInForm(url: string): Promise<{ cookie: string; fields: Record<string, string> }> {
    const res = await fetch(url);
    const html = await res.text();
    assert.equal(res.status, 200, html);
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, fields };
  }

  const postSignIn = (fields: Record<string, string>, options: { cookie?: string; email: string }) =>
    fetch(`${sb.url}${ApiPaths.authorize}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(options.cookie ? { cookie: options.cookie } : {}) },
      body: new URLSearchParams({ ...fields, email: options.email }).toString(),
      redirect: 'manual',
    });

  async function codeFor(email: string, overrides: Record<string, string> = {}) {
    const pkce = newPkce();
    const result = await signInViaAuthorizePage(authorizeUrl(sb.url, pkce, overrides), email);
    return { pkce, ...result };
  }

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    tokenRequest(sb.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: OAuthClientId, code_verifier: verifier, ...extra });

  const refresh = (refreshToken: string) => tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAuthClientId });

  async function oauthError(res: Response, status: number, error: string): Promise<OAuthError> {
    const body = (await res.json()) as OAuthError;
    assert.equal(res.status, status, JSON.stringify(body));
    assertShape(OAuthError, body, 'OAuth error');
    assert.equal(body.error, error);
    assert.ok((body.error_description ?? '').length > 10);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    return body;
  }

  describe('sign-in page', () => {
    it('lists every demo account with its state, one button per account', async () => {
      const html = await (await fetch(authorizeUrl(sb.url, newPkce()))).text();
      for (const email of ['free@sandbox.test', 'trialing@sandbox.test', 'pro@sandbox.test', 'canceling@sandbox.test', 'pastdue@sandbox.test', 'ended@sandbox.test', 'unpaid@sandbox.test']) {
        assert.match(html, new RegExp(`<button type="submit" name="email" value="${email}">[^]*?${email}[^]*?</button>`), email);
      }
      assert.match(html, /Pro trial, ends in 3 days/);
      assert.match(html, /Pro, past due/);
    });

    it('sends the browser back with code and state, and shows the code for pasting', async () => {
      const { redirectUrl, code, state, displayedCode } = await codeFor('pro@sandbox.test');
      assert.ok(redirectUrl.startsWith(`${REDIRECT_URI}?`));
      assert.equal(state, 'state-123');
      assert.ok(code && code.length > 40);
      assert.equal(displayedCode, code);
    });

    it('shows the paste fallback and an automatic redirect without any script', async () => {
      const form = await signInForm(authorizeUrl(sb.url, newPkce(), { state: 's' }));
      const done = await postSignIn(form.fields, { cookie: form.cookie, email: 'free@sandbox.test' });
      const html = await done.text();
      assert.equal(done.status, 200);
      assert.match(html, /If your editor didn't open, paste this code into it/);
      assert.match(html, /<meta http-equiv="refresh" content="0;url=vscode:\/\/planbilling\.plan-billing\/auth-callback\?code=/);
      assert.doesNotMatch(html, /<script/i);
      assert.equal(done.headers.get('cache-control'), 'no-store');
    });

    it('shows an error page (no redirect) for an unknown client or an unusable redirect URI', async () => {
      const cases: Record<string, string>[] = [{ client_id: 'someone-else' }, { redirect_uri: 'javascript:alert(1)' }, { redirect_uri: 'data:text/html,x' }];
      for (const overrides of cases) {
        const res = await fetch(authorizeUrl(sb.url, newPkce(), overrides), { redirect: 'manual' });
        assert.equal(res.status, 400, JSON.stringify(overrides));
        assert.match(await res.text(), /Sign-in cannot continue/);
      }
    });

    const attackerRedirects = ['https://evil.example/cb', 'http://192.168.1.20:8080/cb', 'vscode://evil.attacker-ext/auth-callback', 'https://other-editor.example.test/stable-1/callback?vscode-reqid=1&vscode-scheme=vscode&vscode-authority=planbilling.plan-billing&vscode-path=%2Fauth-callback'];

    it('never sends a code, or an error, to a redirect URI that is not registered: an error page instead', async () => {
      for (const redirect_uri of attackerRedirects) {
        for (const extra of [{}, { response_type: 'token' }, { code_challenge_method: 'plain' }] as Record<string, string>[]) {
          const res = await fetch(authorizeUrl(sb.url, newPkce(), { redirect_uri, ...extra }), { redirect: 'manual' });
          const html = await res.text();
          assert.equal(res.status, 400, `${redirect_uri} ${JSON.stringify(extra)}`);
          assert.equal(res.headers.get('location'), null, 'not redirected (no open redirect)');
          assert.match(html, /not registered/);
          assert.doesNotMatch(html, /<form/, 'no account to pick');
        }
        // Even a post with a valid-looking page of another request issues nothing.
        const form = await signInForm(authorizeUrl(sb.url, newPkce()));
        const post = await postSignIn({ ...form.fields, redirect_uri }, { cookie: form.cookie, email: 'pro@sandbox.test' });
        const html = await post.text();
        assert.equal(post.status, 400, redirect_uri);
        assert.doesNotMatch(html, /auth-code|pbc_/, 'no code issued');
      }
    });

    it('sends the code to every registered kind of callback, and the code works with that redirect URI', async () => {
      const codeServer = (origin: string) =>
        `${origin}/stable-0123abcd/callback?vscode-reqid=3&vscode-scheme=code-oss&vscode-authority=planbilling.plan-billing&vscode-path=%2Fauth-callback`;
      for (const [redirectUri, destination] of [
        ['vscode://planbilling.plan-billing/auth-callback', 'VS Code'],
        ['vscode-insiders://planbilling.plan-billing/auth-callback', 'VS Code Insiders'],
        ['cursor://planbilling.plan-billing/auth-callback', 'Cursor'],
        ['http://127.0.0.1:53123/auth-callback', 'an app on this computer (127.0.0.1:53123)'],
        [codeServer('http://127.0.0.1:8080'), 'VS Code on 127.0.0.1:8080'],
        [codeServer('https://code.example.test'), 'VS Code on code.example.test'],
      ] as const) {
        const pkce = newPkce();
        const url = authorizeUrl(sb.url, pkce, { redirect_uri: redirectUri });
        const page = await (await fetch(url)).text();
        assert.match(page, new RegExp(`Signing in to <strong>${destination.replace(/[.()]/g, '\\$&')}</strong>`), redirectUri);
        const { redirectUrl, code, state } = await signInViaAuthorizePage(url, 'free@sandbox.test');
        const sent = new URL(redirectUrl);
        const registered = new URL(redirectUri);
        assert.equal(sent.origin + sent.pathname, registered.origin + registered.pathname, redirectUri);
        for (const [name, value] of registered.searchParams) assert.equal(sent.searchParams.get(name), value, `${name} kept for the web editor`);
        assert.equal(state, 'state-123');
        const res = await tokenRequest(sb.url, { grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, client_id: OAuthClientId, code_verifier: pkce.verifier });
        assert.equal(res.status, 200, `${redirectUri}: ${await res.clone().text()}`);
      }
    });

    it('keeps the home page’s sign-in demo working in sandbox mode (its callback is the service’s own)', async () => {
      const home = await (await fetch(`${sb.url}/`)).text();
      const demo = /href="([^"]*\/oauth\/authorize\?[^"]*)"/.exec(home)![1]!.replace(/&amp;/g, '&');
      assert.match(await (await fetch(demo)).text(), /Signing in to <strong>the sandbox home page<\/strong>/);
      const { redirectUrl, code } = await signInViaAuthorizePage(demo, 'free@sandbox.test');
      assert.ok(redirectUrl.startsWith(`${sb.url}/sandbox/oauth/callback?`) && code);
    });

    it('sets the sign-in cookie HttpOnly, SameSite=Strict, on the sign-in path (not Secure over http)', async () => {
      const res = await fetch(authorizeUrl(sb.url, newPkce()));
      assert.match(res.headers.get('set-cookie')!, /^pb_signin=[A-Za-z0-9_-]{43}; Path=\/oauth\/authorize; HttpOnly; SameSite=Strict; Max-Age=900$/);
    });

    it('refuses a sign-in post another site could make: no CSRF token, no cookie, or a token of other parameters', async () => {
      const form = await signInForm(authorizeUrl(sb.url, newPkce()));
      const other = await signInForm(authorizeUrl(sb.url, newPkce(), { state: 'other' }));
      const email = 'pro@sandbox.test';
      const forged: [string, Promise<Response>][] = [
        ['an auto-submitted form (no cookie, no token)', postSignIn({ ...form.fields, csrf: '' }, { email })],
        ['the token without the cookie', postSignIn(form.fields, { email })],
        ['the cookie without the token', postSignIn({ ...form.fields, csrf: '' }, { cookie: form.cookie, email })],
        ['a forged token', postSignIn({ ...form.fields, csrf: `${Date.now()}.AAAA` }, { cookie: form.cookie, email })],
        ['another browser’s cookie', postSignIn(form.fields, { cookie: `pb_signin=${'A'.repeat(43)}`, email })],
        ['the token of another request', postSignIn({ ...form.fields, csrf: other.fields.csrf! }, { cookie: form.cookie, email })],
      ];
      for (const [what, response] of forged) {
        const res = await response;
        const html = await res.text();
        assert.equal(res.status, 403, what);
        assert.match(html, /This sign-in form cannot be used/, what);
        assert.doesNotMatch(html, /auth-code/, `${what}: no code`);
      }
      assert.equal((await postSignIn(form.fields, { cookie: form.cookie, email })).status, 200, 'the page itself still works');
    });

    it('redirects back with an error when PKCE is missing or not S256', async () => {
      for (const [overrides, error] of [
        [{ code_challenge_method: 'plain' }, 'invalid_request'],
        [{ code_challenge: 'short' }, 'invalid_request'],
        [{ response_type: 'token' }, 'unsupported_response_type'],
      ] as const) {
        const res = await fetch(authorizeUrl(sb.url, newPkce(), overrides), { redirect: 'manual' });
        assert.equal(res.status, 302);
        const location = new URL(res.headers.get('location')!);
        assert.equal(location.searchParams.get('error'), error);
        assert.equal(location.searchParams.get('state'), 'state-123');
      }
    });
  });

  describe('token endpoint', () => {
    it('exchanges a code with the right verifier for working tokens', async () => {
      const { code, pkce } = await codeFor('trialing@sandbox.test');
      const res = await exchange(code!, pkce.verifier);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const tokens = (await res.json()) as TokenResponse;
      assertShape(TokenResponse, tokens, 'token response');
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(tokens.expires_in, 900);
      const me = (await (await api(sb.url, tokens.access_token, ApiPaths.account)).json()) as { user: { email: string } };
      assert.equal(me.user.email, 'trialing@sandbox.test');
    });

    it('accepts a JSON body too', async () => {
      const { code, pkce } = await codeFor('free@sandbox.test');
      const res = await fetch(`${sb.url}${ApiPaths.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: OAuthClientId, code_verifier: pkce.verifier }),
      });
      assert.equal(res.status, 200);
    });

    it('refuses a PKCE mismatch', async () => {
      const { code } = await codeFor('pro@sandbox.test');
      await oauthError(await exchange(code!, newPkce().verifier), 400, 'invalid_grant').then((e) => assert.match(e.error_description!, /PKCE/));
    });

    it('refuses a reused code and revokes the tokens it produced', async () => {
      const { code, pkce } = await codeFor('pro@sandbox.test');
      const tokens = (await (await exchange(code!, pkce.verifier)).json()) as TokenResponse;
      assert.equal((await api(sb.url, tokens.access_token, ApiPaths.account)).status, 200);
      await oauthError(await exchange(code!, pkce.verifier), 400, 'invalid_grant');
      assert.equal((await api(sb.url, tokens.access_token, ApiPaths.account)).status, 401);
      await oauthError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
    });

    it('refuses a code for another redirect URI, an unknown client, an unknown grant and missing fields', async () => {
      const { code, pkce } = await codeFor('pro@sandbox.test');
      await oauthError(await exchange(code!, pkce.verifier, { redirect_uri: 'vscode://someone.else/cb' }), 400, 'invalid_grant');
      await oauthError(await exchange(code!, pkce.verifier, { client_id: 'other-client' }), 401, 'invalid_client');
      await oauthError(await tokenRequest(sb.url, { grant_type: 'password', client_id: OAuthClientId }), 400, 'unsupported_grant_type');
      await oauthError(await tokenRequest(sb.url, { grant_type: 'authorization_code', client_id: OAuthClientId }), 400, 'invalid_request');
      await oauthError(await tokenRequest(sb.url, { client_id: OAuthClientId }), 400, 'invalid_request');
      await oauthError(await exchange(code!, 'too-short'), 400, 'invalid_request');
      const malformed = await fetch(`${sb.url}${ApiPaths.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' });
      await oauthError(malformed, 400, 'invalid_request');
    });

    it('rotates refresh tokens; two windows renewing the same one at once both stay signed in (reuse grace)', async () => {
      const { code, pkce } = await codeFor('canceling@sandbox.test');
      const first = (await (await exchange(code!, pkce.verifier)).json()) as TokenResponse;
      // Both windows send the same refresh token at the same moment.
      const [a, b] = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
      assert.deepEqual([a.status, b.status], [200, 200]);
      const [ta, tb] = [(await a.json()) as TokenResponse, (await b.json()) as TokenResponse];
      assert.notEqual(ta.refresh_token, first.refresh_token);
      assert.notEqual(ta.refresh_token, tb.refresh_token, 'each window gets its own fresh pair');
      for (const t of [ta, tb]) assert.equal((await api(sb.url, t.access_token, ApiPaths.account)).status, 200, 'the sign-in stands');
      // Each window carries on with its own token.
      assert.equal((await refresh(ta.refresh_token)).status, 200);
      assert.equal((await refresh(tb.refresh_token)).status, 200);
    });
  });

  describe('refresh token reuse after the grace (SANDBOX_REFRESH_REUSE_GRACE)', () => {
    let strict: RunningSandbox;
    before(async () => {
      strict = await startInProcess({ refreshReuseGraceSeconds: 1 });
    });
    after(() => strict.close());

    const refreshAt = (refreshToken: string) => tokenRequest(strict.url, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAuthClientId });

    it('revokes the whole sign-in when a rotated refresh token comes back after the grace', async () => {
      const first = await signInWithBrowserFlow(strict.url, 'canceling@sandbox.test');
      const secondRes = await refreshAt(first.refresh_token);
      assert.equal(secondRes.status, 200);
      const second = (await secondRes.json()) as TokenResponse;
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      assert.equal((await api(strict.url, second.access_token, ApiPaths.account)).status, 200);

      await sleep(1100);
      await oauthError(await refreshAt(first.refresh_token), 400, 'invalid_grant').then((e) => assert.match(e.error_description!, /already used/));
      assert.equal((await api(strict.url, second.access_token, ApiPaths.account)).status, 401, 'the family is revoked');
      await oauthError(await refreshAt(second.refresh_token), 400, 'invalid_grant');
    });

    it('does not stretch the grace when the token keeps coming back', async () => {
      const first = await signInWithBrowserFlow(strict.url, 'free@sandbox.test');
      assert.equal((await refreshAt(first.refresh_token)).status, 200);
      await sleep(600);
      assert.equal((await refreshAt(first.refresh_token)).status, 200, 'within the grace');
      await sleep(600);
      await oauthError(await refreshAt(first.refresh_token), 400, 'invalid_grant');
    });

    it('gives no grace to a token of a revoked sign-in', async () => {
      const first = await signInWithBrowserFlow(strict.url, 'free@sandbox.test');
      assert.equal((await refreshAt(first.refresh_token)).status, 200);
      await fetch(`${strict.url}${ApiPaths.revoke}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${first.refresh_token}` });
      await oauthError(await refreshAt(first.refresh_token), 400, 'invalid_grant').then((e) => assert.match(e.error_description!, /revoked/));
    });
  });

  describe('revocation', () => {
    const revoke = (token: string) => fetch(`${sb.url}${ApiPaths.revoke}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });

    it('revokes an access token alone', async () => {
      const { code, pkce } = await codeFor('free@sandbox.test');
      const tokens = (await (await exchange(code!, pkce.verifier)).json()) as TokenResponse;
      assert.equal((await revoke(tokens.access_token)).status, 200);
      const res = await api(sb.url, tokens.access_token, ApiPaths.account);
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate')!, /error="invalid_token"/);
      assert.equal((await refresh(tokens.refresh_token)).status, 200, 'the refresh token still works');
    });

    it('revokes a refresh token with every token of its sign-in', async () => {
      const { code, pkce } = await codeFor('free@sandbox.test');
      const tokens = (await (await exchange(code!, pkce.verifier)).json()) as TokenResponse;
      assert.equal((await revoke(tokens.refresh_token)).status, 200);
      assert.equal((await api(sb.url, tokens.access_token, ApiPaths.account)).status, 401);
      await oauthError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
    });

    it('answers 200 for unknown tokens', async () => {
      assert.equal((await revoke('pba_never-issued')).status, 200);
    });
  });

  it('stores only hashes of codes, tokens and portal links', async () => {
    const { code, pkce } = await codeFor('pro@sandbox.test');
    const tokens = (await (await exchange(code!, pkce.verifier)).json()) as TokenResponse;
    const portal = (await (await api(sb.url, tokens.access_token, ApiPaths.portalSessions, { method: 'POST', json: { flow: 'manage', returnUrl: PORTAL_RETURN_URL } })).json()) as { url: string };
    sb.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(sb.db.name);
    const secrets = [code!, tokens.access_token, tokens.refresh_token, portal.url.split('/').at(-1)!];
    for (const secret of secrets) assert.equal(bytes.includes(Buffer.from(secret)), false, `${secret.slice(0, 6)}… stored in clear`);
    const rows = sb.db.prepare("SELECT hash FROM oauth_tokens WHERE hash IN (?, ?)").all(tokens.access_token, tokens.refresh_token);
    assert.equal(rows.length, 0);
  });
});

describe('sandbox OAuth lifetimes', function () {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess({ accessTokenTtlSeconds: 1 });
  });
  after(() => sb.close());

  it('expires access tokens after SANDBOX_ACCESS_TOKEN_TTL; a refresh gets a new one', async () => {
    const pkce = newPkce();
    const { code } = await signInViaAuthorizePage(authorizeUrl(sb.url, pkce), 'pro@sandbox.test');
    const tokens = (await (await tokenRequest(sb.url, { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, client_id: OAuthClientId, code_verifier: pkce.verifier })).json()) as TokenResponse;
    assert.equal(tokens.expires_in, 1);
    await sleep(1100);
    const expired = await api(sb.url, tokens.access_token, ApiPaths.account);
    assert.equal(expired.status, 401);
    assert.match(((await expired.json()) as { detail: string }).detail, /expired/);
    const renewed = (await (await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: OAuthClientId })).json()) as TokenResponse;
    assert.equal((await api(sb.url, renewed.access_token, ApiPaths.account)).status, 200);
  });
});
