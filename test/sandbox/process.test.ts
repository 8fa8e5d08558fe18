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
import { api, buildSandboxBundle, removeTempData, tempDataFile } from './harness';

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
    assert.equal((await listAccounts(sb.url)).length, 7);
    await sb.stop();
    assert.equal(sb.child.exitCode, 0);
  });

  it('hides every /sandbox route in production mode', async () => {
    const sb = await start({ args: ['--mode', 'production'] });
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
