/**
 * The built sandbox as a child process (dist/sandbox/main.js): command line,
 * environment, clean shutdown, persistence across restarts, and crash safety
 * under SIGKILL in the middle of a stream of acknowledged writes.
 */
import { SandboxPaths } from '../../shared/contract/sandboxAdmin';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { ApiPaths } from '../../shared/contract/paths';
import { sandboxEntry, startSandbox, type SandboxProcess } from '../support/sandboxProcess';
import { accountByEmail, createSession, listAccounts, setAccountState } from '../support/sandboxAdmin';
import { connect } from 'node:net';
import { OAuthClientId, type TokenResponse } from '../../shared/contract/oauth';
import { openPortal, signInViaAuthorizePage } from '../support/portalDriver';
import { api, authorizeUrl, buildSandboxBundle, newPkce, portalSession, REDIRECT_URI, removeTempData, sleep, tempDataFile, tokenRequest } from './harness';

describe('sandbox process', function () {
  this.timeout(60_000);
  before(() => buildSandboxBundle());

  const running: SandboxProcess[] = [];
  // Every start gets a data file of ours, so removeTempData() cleans up after the suite.
  const start = async (options: Parameters<typeof startSandbox>[0] = {}) => {
    const sb = await startSandbox({ dataFile: tempDataFile(), reset: true, ...options });
    running.push(sb);
    return sb;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sb) => sb.kill()));
  });
  after(() => removeTempData());

  it('prints its URL, serves the demo accounts, and exits 0 on SIGTERM', async () => {
    const sb = await start();
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await listAccounts(sb.url)).length, 9);
    await sb.stop();
    assert.equal(sb.child.exitCode, 0);
  });

  it('hides every /sandbox route in no-admin mode, and refuses the old --mode production', async () => {
    const refused = spawnSync(process.execPath, [sandboxEntry(), '--port', '0', '--data', tempDataFile(), '--mode', 'production'], { encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--mode production is gone/);
    const sb = await start({ args: ['--mode', 'no-admin'] });
    assert.equal((await fetch(`${sb.url}${SandboxPaths.accounts}`)).status, 404);
    assert.equal((await fetch(`${sb.url}${ApiPaths.jwks}`)).status, 200);
  });

  it('reads its tunables from the environment', async () => {
    const sb = await start({ env: { SANDBOX_RATE_LIMIT: '2', SANDBOX_ACCESS_TOKEN_TTL: '120' } });
    const tokens = await createSession(sb.url, 'free@sandbox.test');
    assert.equal(tokens.expires_in, 120);
    assert.equal((await api(sb.url, tokens.access_token, ApiPaths.account)).status, 200);
    assert.equal((await api(sb.url, tokens.access_token, ApiPaths.account)).status, 200);
    assert.equal((await api(sb.url, tokens.access_token, ApiPaths.account)).status, 429);
  });

  it('logs requests (SANDBOX_LOG=1) without queries, fragments, user info, emails or path secrets', async () => {
    const sb = await start({ env: { SANDBOX_LOG: '1' } });
    let log = '';
    sb.child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const port = new URL(sb.url).port;
    const rawGet = (target: string) =>
      new Promise<void>((done) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
        socket.on('data', () => undefined);
        socket.on('close', () => done());
      });

    // A real browser sign-in (state, PKCE challenge and redirect URI in the query) and the code exchange.
    const pkce = newPkce();
    const signedIn = await signInViaAuthorizePage(authorizeUrl(sb.url, pkce, { state: 'state-secret-42' }), 'pro@sandbox.test');
    const tokens = (await (await tokenRequest(sb.url, { grant_type: 'authorization_code', code: signedIn.code!, redirect_uri: REDIRECT_URI, client_id: OAuthClientId, code_verifier: pkce.verifier })).json()) as TokenResponse;
    // The portal: a path secret, then the cookie.
    const portalUrl = await portalSession(sb.url, tokens.access_token, 'manage');
    const portal = await openPortal(portalUrl);
    assert.equal(portal.page.page, 'manage');
    // Emails in queries and paths, tokens in paths, user info and fragments in the request target.
    await fetch(`${sb.url}${SandboxPaths.outbox}?email=pro%40sandbox.test`);
    await fetch(`${sb.url}/v1/nothing/bob@example.com`);
    await fetch(`${sb.url}/v1/nothing/bob%40example.com/more`);
    await fetch(`${sb.url}/v1/${tokens.access_token}`);
    await rawGet(`http://someone:hunter2@127.0.0.1:${port}/v1/account?access_token=${tokens.access_token}`);
    await rawGet('/v1/account#fragment-secret');
    await sleep(300);

    const lines = log.split('\n').filter((line) => line.startsWith('[sandbox]'));
    assert.ok(lines.length >= 12, `logged ${lines.length} lines:\n${log}`);
    for (const line of lines) assert.match(line, /^\[sandbox\] [A-Z]+ \/\S* \d{3} [\d.]+ms$/, line);
    const secrets = [signedIn.code!, 'state-secret-42', pkce.challenge, tokens.access_token, tokens.refresh_token, portalUrl.split('/').at(-1)!, 'hunter2', 'someone', 'fragment-secret'];
    for (const text of [...secrets, '?', '#', '@', '%40', 'sandbox.test', 'example.com']) assert.ok(!log.includes(text), `the log contains "${text.slice(0, 12)}":\n${log}`);
    assert.ok(lines.some((line) => line.startsWith('[sandbox] GET /portal/s/[redacted] 303 ')), 'the portal link is logged without its secret');
    assert.ok(lines.some((line) => line.startsWith('[sandbox] GET /v1/account 401 ')), 'the absolute-form request is logged by its path');
    assert.ok(lines.some((line) => line.startsWith('[sandbox] GET /v1/nothing/[redacted]/more 404 ')), 'unknown paths are logged too, without the email');
    assert.ok(lines.some((line) => line.startsWith('[sandbox] GET /v1/[redacted] 404 ')), 'a token in a path is redacted');
  });

  it('refuses bad arguments and environment with exit code 2 and a message', () => {
    const badArg = spawnSync(process.execPath, [sandboxEntry(), '--port', 'x'], { encoding: 'utf8' });
    assert.equal(badArg.status, 2);
    assert.match(badArg.stderr, /--port must be a port number/);
    const badEnv = spawnSync(process.execPath, [sandboxEntry(), '--port', '0', '--data', tempDataFile()], { encoding: 'utf8', env: { ...process.env, SANDBOX_AFTER_RETRIES: 'never' } });
    assert.equal(badEnv.status, 2);
    assert.match(badEnv.stderr, /SANDBOX_AFTER_RETRIES/);
  });

  it('keeps its data across restarts and only seeds a fresh database', async () => {
    const dataFile = tempDataFile();
    const first = await start({ dataFile, reset: true });
    const free = await accountByEmail(first.url, 'free@sandbox.test');
    await setAccountState(first.url, free.id, 'active');
    await first.stop();

    const second = await start({ dataFile, reset: false });
    const again = await accountByEmail(second.url, 'free@sandbox.test');
    assert.equal(again.id, free.id);
    assert.equal(again.state, 'active');
    await second.stop();

    const reset = await start({ dataFile, reset: true });
    assert.equal((await accountByEmail(reset.url, 'free@sandbox.test')).state, 'free');
  });

  it('loses no acknowledged write when killed with SIGKILL mid-stream', async () => {
    const dataFile = tempDataFile();
    const sb = await start({ dataFile, reset: true });
    const { access_token: token } = await createSession(sb.url, 'pro@sandbox.test');
    const acknowledged: { key: string; body: unknown }[] = [];
    const createdAccounts: string[] = [];
    let stop = false;
    let killed: Promise<void> | undefined;
    const killAfter = 150;

    const detailsWriter = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const key = `crash-${worker}-${i}`;
        const json = { name: key, address: { line1: `${i} Crash Street`, city: 'Berlin', postalCode: '10117', country: 'DE' }, taxIds: [] };
        try {
          const res = await api(sb.url, token, ApiPaths.billingDetails, { method: 'PUT', json, headers: { 'idempotency-key': key } });
          if (res.status === 200) acknowledged.push({ key, body: await res.json() });
        } catch {
          return; // the connection died with the process
        }
        if (acknowledged.length + createdAccounts.length >= killAfter && !killed) {
          stop = true;
          killed = sb.kill();
        }
      }
    };
    const accountWriter = async () => {
      for (let i = 0; !stop; i++) {
        const email = `crash-${i}@test.sandbox.test`;
        try {
          const res = await fetch(`${sb.url}${SandboxPaths.sessions}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
          if (res.status === 200) createdAccounts.push(email);
        } catch {
          return;
        }
      }
    };
    await Promise.all([detailsWriter(0), detailsWriter(1), detailsWriter(2), accountWriter()]);
    await killed;
    assert.equal(sb.child.signalCode, 'SIGKILL');
    assert.ok(acknowledged.length >= 50 && createdAccounts.length >= 10, `acknowledged ${acknowledged.length} + ${createdAccounts.length}`);

    const restarted = await start({ dataFile, reset: false });
    const { access_token: again } = await createSession(restarted.url, 'pro@sandbox.test');
    for (const { key, body } of acknowledged) {
      const res = await api(restarted.url, again, ApiPaths.billingDetails, {
        method: 'PUT',
        json: { name: key, address: { line1: `${key.split('-')[2]} Crash Street`, city: 'Berlin', postalCode: '10117', country: 'DE' }, taxIds: [] },
        headers: { 'idempotency-key': key },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('idempotent-replayed'), 'true', `acknowledged write ${key} survived`);
      assert.deepEqual(await res.json(), body);
    }
    const emails = new Set((await listAccounts(restarted.url)).map((a) => a.email));
    for (const email of createdAccounts) assert.ok(emails.has(email), `acknowledged account ${email} survived`);
  });
});
