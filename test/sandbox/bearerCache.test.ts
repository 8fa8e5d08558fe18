/**
 * The bearer check remembers valid access tokens (sandbox/auth/oauthService.ts)
 * and still refuses a token on its very next request once it is revoked, its
 * sign-in is revoked (sign-out, a replayed refresh token), or it expired; a
 * revocation another process writes to the database counts once the sandbox
 * has looked for other connections' writes (a few times a second).
 * Every token here is used once before, so the check has it remembered.
 */
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { OAuthClientId, type TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import { OTHER_CONNECTIONS_CHECK_MS, type RunningSandbox } from '../../sandbox/server';
import { accountByEmail, createSession } from '../support/sandboxAdmin';
import { api, removeTempData, sleep, startInProcess, tempDataFile, tokenRequest, uniqueEmail } from './harness';

describe('sandbox bearer check', function () {
  this.timeout(20_000);
  let sb: RunningSandbox;
  let dataFile: string;
  before(async () => {
    dataFile = tempDataFile();
    // No reuse grace: a rotated refresh token presented again revokes its sign-in at once.
    sb = await startInProcess({ refreshReuseGraceSeconds: 0 }, { dataFile, reset: true });
  });
  after(async () => {
    await sb.close();
    removeTempData();
  });

  const revoke = (token: string) =>
    fetch(`${sb.url}${ApiPaths.revoke}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });
  const refresh = async (refreshToken: string) => tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAuthClientId });
  const status = async (token: string) => (await api(sb.url, token, ApiPaths.account)).status;

  async function usedSession(label: string): Promise<TokenResponse & { userId: string }> {
    const email = uniqueEmail(label);
    const tokens = await createSession(sb.url, email);
    assert.equal(await status(tokens.access_token), 200);
    assert.equal(await status(tokens.access_token), 200);
    return { ...tokens, userId: (await accountByEmail(sb.url, email)).id };
  }

  it('refuses a revoked access token on its next request', async () => {
    const tokens = await usedSession('bearer-revoke');
    assert.equal((await revoke(tokens.access_token)).status, 200);
    const res = await api(sb.url, tokens.access_token, ApiPaths.account);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate')!, /error="invalid_token"/);
    assert.match(((await res.json()) as { detail: string }).detail, /revoked/);
  });

  it('refuses every access token of a sign-in whose refresh token was revoked (sign-out)', async () => {
    const tokens = await usedSession('bearer-signout');
    assert.equal((await revoke(tokens.refresh_token)).status, 200);
    assert.equal(await status(tokens.access_token), 401);
  });

  it('keeps both access tokens of a rotation working, and refuses both once the rotated refresh token is replayed', async () => {
    const first = await usedSession('bearer-rotate');
    const rotated = await refresh(first.refresh_token);
    assert.equal(rotated.status, 200);
    const second = (await rotated.json()) as TokenResponse;
    assert.deepEqual([await status(first.access_token), await status(second.access_token)], [200, 200], 'a rotation alone revokes nothing, as before');
    await sleep(10);
    assert.equal((await refresh(first.refresh_token)).status, 400, 'the replay');
    assert.deepEqual([await status(first.access_token), await status(second.access_token)], [401, 401], 'the whole sign-in is revoked');
  });

  it('refuses a token whose sign-in another process revoked in the shared database, once the sandbox looked for such writes', async () => {
    const tokens = await usedSession('bearer-other-process');
    const other = new Database(dataFile);
    try {
      other.prepare('UPDATE token_families SET revoked_at = ? WHERE user_id = ?').run(Date.now(), tokens.userId);
    } finally {
      other.close();
    }
    await sleep(3 * OTHER_CONNECTIONS_CHECK_MS);
    assert.equal(await status(tokens.access_token), 401);
  });

  describe('expiry', () => {
    let short: RunningSandbox;
    before(async () => {
      short = await startInProcess({ accessTokenTtlSeconds: 1 });
    });
    after(() => short.close());

    it('refuses a remembered access token once it expired', async () => {
      const tokens = await createSession(short.url, uniqueEmail('bearer-expiry'));
      assert.equal((await api(short.url, tokens.access_token, ApiPaths.account)).status, 200);
      await sleep(1100);
      const res = await api(short.url, tokens.access_token, ApiPaths.account);
      assert.equal(res.status, 401);
      assert.match(((await res.json()) as { detail: string }).detail, /expired/);
    });
  });
});
