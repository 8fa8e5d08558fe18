/** OAuth 2.0 authorization code + PKCE, refresh rotation, revocation, and how tokens are stored. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { OAuthClientId, OAuthError, TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { signInViaAuthorizePage } from '../support/portalDriver';
import { api, assertShape, authorizeUrl, newPkce, REDIRECT_URI, sleep, startInProcess, tokenRequest } from './harness';

describe('sandbox OAuth', function () {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

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
      const pkce = newPkce();
      const params = new URLSearchParams({ response_type: 'code', client_id: OAuthClientId, redirect_uri: REDIRECT_URI, state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256', email: 'free@sandbox.test' });
      const done = await fetch(`${sb.url}${ApiPaths.authorize}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
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

    it('rotates refresh tokens; replaying a rotated one revokes the whole sign-in', async () => {
      const { code, pkce } = await codeFor('canceling@sandbox.test');
      const first = (await (await exchange(code!, pkce.verifier)).json()) as TokenResponse;
      const secondRes = await refresh(first.refresh_token);
      assert.equal(secondRes.status, 200);
      const second = (await secondRes.json()) as TokenResponse;
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      assert.equal((await api(sb.url, second.access_token, ApiPaths.account)).status, 200);

      await oauthError(await refresh(first.refresh_token), 400, 'invalid_grant').then((e) => assert.match(e.error_description!, /already used/));
      assert.equal((await api(sb.url, second.access_token, ApiPaths.account)).status, 401, 'the family is revoked');
      await oauthError(await refresh(second.refresh_token), 400, 'invalid_grant');
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
    const portal = (await (await api(sb.url, tokens.access_token, ApiPaths.portalSessions, { method: 'POST', json: { flow: 'manage', returnUrl: 'vscode://x/y' } })).json()) as { url: string };
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
