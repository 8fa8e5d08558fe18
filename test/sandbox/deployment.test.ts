/**
 * The service as deployed: which host names it answers to (DNS rebinding gets
 * 421), its public URL behind a TLS proxy, Secure cookies, and the client
 * address and scheme a trusted proxy reports.
 */
import { strict as assert } from 'node:assert';
import { request as httpRequest } from 'node:http';
import { Problem } from '../../shared/contract/common';
import { ApiPaths } from '../../shared/contract/paths';
import { SandboxPaths } from '../../shared/contract/sandboxAdmin';
import type { RunningSandbox } from '../../sandbox/server';
import { assertShape, authorizeUrl, newPkce, portalSession, signIn, startInProcess, uniqueEmail } from './harness';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request with exactly the Host header given (fetch sets its own), or none. */
function requestAs(base: string, path: string, host: string | undefined, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, setHost: false, headers: host === undefined ? headers : { host, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox deployment', function () {
  describe('host names (loopback by default)', () => {
    let sb: RunningSandbox;
    before(async () => {
      sb = await startInProcess({ benchRoute: true });
    });
    after(() => sb.close());

    it('answers 421 with a problem body to a host name it does not own (DNS rebinding), on every route', async () => {
      const port = new URL(sb.url).port;
      for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `192.168.1.20:${port}`, 'local host', '']) {
        for (const path of [ApiPaths.account, SandboxPaths.accounts, '/portal/manage', ApiPaths.authorize, '/', '/bench/bare', '/no-such-page']) {
          const res = await requestAs(sb.url, path, host);
          assert.equal(res.status, 421, `${host} ${path}`);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
          const problem = JSON.parse(res.body) as Problem;
          assertShape(Problem, problem, 'problem');
          assert.equal(problem.title, 'Misdirected Request');
          assert.match(problem.detail!, /does not answer to this host name/);
        }
      }
    });

    it('answers to the loopback names on any port', async () => {
      const port = new URL(sb.url).port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`, 'localhost', '127.0.0.1:1']) {
        assert.equal((await requestAs(sb.url, ApiPaths.jwks, host)).status, 200, host);
      }
    });
  });

  describe('behind a TLS proxy (SANDBOX_PUBLIC_URL, SANDBOX_ALLOWED_HOSTS)', () => {
    let sb: RunningSandbox;
    before(async () => {
      sb = await startInProcess({ publicUrl: 'https://billing.example.test', allowedHosts: ['billing.internal'] });
    });
    after(() => sb.close());

    it('answers to the public URL’s host and the configured names, and to no other', async () => {
      for (const host of ['billing.example.test', 'billing.example.test:443', 'billing.internal:8080', '127.0.0.1']) assert.equal((await requestAs(sb.url, ApiPaths.jwks, host)).status, 200, host);
      for (const host of ['example.test', 'evil.billing.example.test', 'billing.internal.evil']) assert.equal((await requestAs(sb.url, ApiPaths.jwks, host)).status, 421, host);
    });

    it('hands out portal links on the public URL and sets every cookie Secure', async () => {
      const s = await signIn(sb.url, uniqueEmail('public-url'));
      const link = await portalSession(sb.url, s.token, 'manage');
      assert.match(link, /^https:\/\/billing\.example\.test\/portal\/s\//);
      const entry = await fetch(`${sb.url}${new URL(link).pathname}`, { redirect: 'manual' });
      assert.equal(entry.status, 303);
      assert.match(entry.headers.get('set-cookie')!, /^pb_portal=[^;]+; Path=\/portal; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
      const signInPage = await fetch(authorizeUrl(sb.url, newPkce()));
      assert.match(signInPage.headers.get('set-cookie')!, /; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    });
  });

  describe('behind a trusted proxy (SANDBOX_TRUST_PROXY)', () => {
    let trusted: RunningSandbox;
    let direct: RunningSandbox;
    before(async () => {
      trusted = await startInProcess({ trustProxy: true });
      direct = await startInProcess();
    });
    after(async () => {
      await trusted.close();
      await direct.close();
    });

    it('sets cookies Secure when the proxy says the browser came over https, and only then', async () => {
      const cookieOf = async (sb: RunningSandbox, proto: string | undefined) =>
        (await fetch(authorizeUrl(sb.url, newPkce()), { headers: proto ? { 'x-forwarded-proto': proto } : {} })).headers.get('set-cookie')!;
      assert.match(await cookieOf(trusted, 'https'), /; Secure$/);
      assert.doesNotMatch(await cookieOf(trusted, 'http'), /Secure/);
      assert.doesNotMatch(await cookieOf(trusted, undefined), /Secure/);
      assert.doesNotMatch(await cookieOf(direct, 'https'), /Secure/, 'without SANDBOX_TRUST_PROXY the header is ignored');
    });
  });
});
