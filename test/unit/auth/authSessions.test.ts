/**
 * Tokens belong to the origin that issued them: the session records its
 * service; a changed or refused service URL drops it (revoked at its own
 * service), and neither the access nor the refresh token ever reaches the
 * other origin — checked with a real sandbox and a recording server on
 * loopback standing in for the other service.
 */
import { strict as assert } from 'node:assert';
import { ApiClient } from '../../../src/api/apiClient';
import { ApiError } from '../../../src/api/apiError';
import { HttpTransport } from '../../../src/api/httpTransport';
import { AuthSessions, type SignOutReason } from '../../../src/auth/authSessions';
import { OAuthClient } from '../../../src/auth/oauthClient';
import { type TokenResponse } from '../../../shared/contract/oauth';
import { ApiPaths } from '../../../shared/contract/paths';
import { systemClock } from '../../../src/util/clock';
import { StorageKeys } from '../../../src/util/storage';
import { accountByEmail, clearFaults, createSession, injectFault } from '../../support/sandboxAdmin';
import { type SandboxProcess, startSandbox } from '../../support/sandboxProcess';
import { buildSandboxBundle, uniqueEmail } from '../../sandbox/harness';
import { MemorySecretStore, recordingLogger } from '../support/memoryStores';
import { rejection } from '../support/rejection';
import { type RequestRecorder, startRequestRecorder } from '../support/requestRecorder';

/** Resolves once the sandbox refuses `accessToken` (the background revocation went through). */
async function revokedAt(serviceUrl: string, accessToken: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(serviceUrl + ApiPaths.account, { headers: { authorization: `Bearer ${accessToken}` } });
    if (res.status === 401) return;
    if (Date.now() > deadline) assert.fail(`the access token still works at ${serviceUrl} (${res.status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('sessions belong to the service that issued them', function () {
  this.timeout(60_000);
  let sandbox: SandboxProcess;
  let other: RequestRecorder;

  before(async () => {
    buildSandboxBundle();
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(async () => {
    other = await startRequestRecorder();
    await clearFaults(sandbox.url);
  });
  afterEach(async () => {
    await other.close();
  });

  /** A signed-in session of the sandbox, in a core whose configured service URL is `configured()`. */
  async function signedIn(configured: () => string | undefined) {
    const log = recordingLogger();
    const secrets = new MemorySecretStore();
    const current = () => {
      const url = configured();
      if (url === undefined) throw new ApiError('unknown', 'refused');
      return url;
    };
    const transport = new HttpTransport({ serviceUrl: current, logger: log.logger, backoffBaseMs: 20 });
    const oauth = new OAuthClient({ transport });
    const serviceOrigin = () => {
      const url = configured();
      return url === undefined ? undefined : new URL(url).origin;
    };
    const sessions = new AuthSessions({ secrets, oauth, clock: systemClock, logger: log.logger, serviceOrigin });
    const client = new ApiClient({ transport, auth: sessions });
    const signOuts: SignOutReason[] = [];
    sessions.onDidSignOut((reason) => signOuts.push(reason));
    const email = uniqueEmail('origin');
    const tokens: TokenResponse = await createSession(sandbox.url, email);
    const account = await accountByEmail(sandbox.url, email);
    await sessions.establish(tokens, { id: account.id, email, name: account.name }, sandbox.url);
    return { log, secrets, sessions, client, oauth, transport, tokens, signOuts };
  }

  const secretsOf = (tokens: TokenResponse) => [tokens.access_token, tokens.refresh_token];

  it('records the issuing service with the session', async () => {
    const { secrets } = await signedIn(() => sandbox.url);
    const stored = JSON.parse((await secrets.get(StorageKeys.session))!) as { serviceUrl?: string };
    assert.equal(stored.serviceUrl, sandbox.url);
  });

  it('a changed service URL never receives the tokens: the session is revoked at its own service and dropped', async () => {
    let configured = sandbox.url;
    const { client, sessions, secrets, tokens, signOuts, log } = await signedIn(() => configured);
    assert.equal((await client.getAccount()).notModified, false);

    configured = other.url;
    const refused = await rejection(client.getAccount());
    assert.equal(refused.kind, 'unauthorized');
    assert.match(refused.message, /billing service changed/);
    assert.deepEqual(signOuts, ['serviceChanged']);
    assert.equal(sessions.current, undefined);
    assert.equal(await secrets.get(StorageKeys.session), undefined);
    await revokedAt(sandbox.url, tokens.access_token);
    assert.deepEqual(other.carrying(secretsOf(tokens)), [], 'no token reached the other origin');
    assert.equal(other.requests.length, 0, 'nothing at all was sent there');
    assert.ok(log.lines.some((line) => /billing service changed; signing out/.test(line)), log.lines.join('\n'));
  });

  it('checkService() drops the session as soon as the setting changed, before any request', async () => {
    let configured = sandbox.url;
    const { sessions, tokens, signOuts } = await signedIn(() => configured);
    configured = other.url;
    await sessions.checkService();
    assert.deepEqual(signOuts, ['serviceChanged']);
    assert.equal(sessions.current, undefined);
    await revokedAt(sandbox.url, tokens.access_token);
    assert.equal(other.requests.length, 0);
    // Back on the first service: nothing is left to use.
    configured = sandbox.url;
    assert.equal((await rejection(sessions.getAccessToken())).kind, 'unauthorized');
  });

  it('a refused service URL drops the session too, sending nothing', async () => {
    let configured: string | undefined = sandbox.url;
    const { client, sessions, signOuts, tokens } = await signedIn(() => configured);
    configured = undefined;
    assert.equal((await rejection(client.getAccount())).kind, 'unauthorized');
    assert.deepEqual(signOuts, ['serviceChanged']);
    assert.equal(sessions.current, undefined);
    await revokedAt(sandbox.url, tokens.access_token);
  });

  it('a session of another service found at load (setting changed while closed) is dropped and revoked there', async () => {
    let configured = sandbox.url;
    const first = await signedIn(() => configured);
    configured = other.url;
    // A new window on the same secrets.
    const second = new AuthSessions({
      secrets: first.secrets,
      oauth: first.oauth,
      clock: systemClock,
      logger: first.log.logger,
      serviceOrigin: () => new URL(configured).origin,
    });
    const reasons: SignOutReason[] = [];
    second.onDidSignOut((reason) => reasons.push(reason));
    assert.equal(await second.load(), undefined);
    assert.deepEqual(reasons, ['serviceChanged']);
    assert.equal(await first.secrets.get(StorageKeys.session), undefined);
    await revokedAt(sandbox.url, first.tokens.access_token);
    assert.equal(other.requests.length, 0);
  });

  it('a session stored without its service (an earlier version) is signed out, its tokens sent nowhere', async () => {
    const log = recordingLogger();
    const secrets = new MemorySecretStore();
    const transport = new HttpTransport({ serviceUrl: () => other.url, logger: log.logger });
    const tokens = await createSession(sandbox.url, uniqueEmail('legacy'));
    const legacy = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, accessTokenExpiresAt: Date.now() + 60_000, user: { id: 'u', email: 'e@x.test', name: 'E' }, id: 'u:1' };
    await secrets.store(StorageKeys.session, JSON.stringify(legacy));
    const sessions = new AuthSessions({ secrets, oauth: new OAuthClient({ transport }), clock: systemClock, logger: log.logger, serviceOrigin: () => new URL(other.url).origin });
    const reasons: SignOutReason[] = [];
    sessions.onDidSignOut((reason) => reasons.push(reason));
    assert.equal(await sessions.load(), undefined);
    assert.deepEqual(reasons, ['expired']);
    assert.equal(await secrets.get(StorageKeys.session), undefined);
    assert.equal(other.requests.length, 0);
    // Not revoked either (its service is unknown): it still works where it came from, until it expires.
    const res = await fetch(sandbox.url + ApiPaths.account, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(res.status, 200);
  });

  it('the transport refuses to send a bearer or a bound credential to another origin, even on a retry', async () => {
    let configured = sandbox.url;
    const { oauth, tokens } = await signedIn(() => configured);
    // The first attempt gets a 503; the setting changes before the retry.
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'status', status: 503, count: 1 });
    const origin = new URL(sandbox.url).origin;
    const switching = new ApiClient({
      transport: new HttpTransport({
        serviceUrl: () => {
          const url = configured;
          configured = other.url;
          return url;
        },
        logger: recordingLogger().logger,
        backoffBaseMs: 20,
        maxAttempts: 3,
      }),
      auth: { getAccessToken: async () => ({ token: tokens.access_token, origin }), renewAccessToken: async () => tokens.access_token },
    });
    assert.equal((await rejection(switching.getAccount())).kind, 'unauthorized');
    assert.equal((await rejection(oauth.refreshTokens(tokens.refresh_token, { origin }))).kind, 'unauthorized');
    assert.equal((await rejection(oauth.exchangeCode('code', 'vscode://x/auth-callback', 'verifier', { origin }))).kind, 'unauthorized');
    assert.equal(other.requests.length, 0, JSON.stringify(other.requests));
  });
});
