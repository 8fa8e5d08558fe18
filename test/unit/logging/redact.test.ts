import { strict as assert } from 'node:assert';
import { redact } from '../../../src/logging/redact';
import { createRedactingLogger } from '../../../src/logging/logger';

const JWS = 'eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c3JfMSIsInNlcSI6MX0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('redact', () => {
  const secretCases: Array<[string, string, string]> = [
    ['Authorization header', 'Authorization: Bearer at_live_123456', 'at_live_123456'],
    ['authorization in JSON headers', '{"headers":{"authorization":"Bearer abc.def-ghi"}}', 'abc.def-ghi'],
    ['bare bearer token', 'retrying with Bearer rt_secret_value', 'rt_secret_value'],
    ['JWS string', `token verified: ${JWS}`, JWS],
    ['access_token in a form body', 'grant_type=refresh_token&refresh_token=rt_ABC123&client_id=x', 'rt_ABC123'],
    ['access_token JSON', '{"access_token":"at_XYZ","token_type":"Bearer"}', 'at_XYZ'],
    ['refreshToken camelCase JSON', '{"refreshToken":"rt-camel"}', 'rt-camel'],
    ['authorization code in a callback URL', 'vscode://planbilling.plan-billing/auth-callback?code=ac_987&state=st_1', 'ac_987'],
    ['state in a callback URL', 'vscode://planbilling.plan-billing/auth-callback?code=ac_987&state=st_secret', 'st_secret'],
    ['code verifier in a form body', 'code=c1&code_verifier=verifier_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'verifier_abcdefghijklmnopqrstuvwxyz'],
    ['code verifier as text', 'codeVerifier: v3r1f13r', 'v3r1f13r'],
    ['portal session URL', 'opening http://127.0.0.1:4242/portal/ps_abc123?t=xyz now', 'ps_abc123'],
    ['portal URL in JSON', '{"url":"https://billing.example/portal/sessions/ps_1","expiresAt":"2026-01-01T00:00:00Z"}', 'ps_1'],
    ['refresh token as text', 'refresh_token: rt_plain', 'rt_plain'],
    ['cookie header', 'Cookie: session=abcdef', 'abcdef'],
    ['an unlabelled opaque service token', 'renewed pbr_JW80LAukdwGRoVqx4u35-c60hAAr8G', 'pbr_JW80LAukdwGRoVqx4u35'],
    ['a path-secret URL (no word "portal" in it)', 'opening https://billing.example/p/s/abc', '/p/s/abc'],
    ['a single-use link', 'see https://billing.vendor.test/x/9f8e7d6c5b4a', '9f8e7d6c5b4a'],
    ['a URL query', 'GET https://billing.example/v1/invoices?startingAfter=in_secret', 'in_secret'],
    ['a URL fragment', 'returned to https://billing.example/done#frag_secret', 'frag_secret'],
    ['URL user info', 'using https://alice:hunter2@billing.example', 'hunter2'],
    ['the user name of URL user info', 'using https://alice:hunter2@billing.example', 'alice'],
    ['an editor callback URI', 'got code-oss://planbilling.plan-billing/auth-callback?code=c&state=s', 'auth-callback?code'],
    ['a code-server callback URL', 'http://127.0.0.1:8080/callback?vscode-scheme=code-oss&vscode-authority=planbilling.plan-billing&code=c0de', 'c0de'],
    ['an email address', 'Signed in as ada.lovelace+billing@example.co.uk', 'ada.lovelace'],
    ['an email in a service error', 'Refresh failed: validation: billing email bob@billing.example is taken', 'bob@'],
    ['an email in JSON', '{"email":"carol@sandbox.test"}', 'carol@sandbox.test'],
  ];
  for (const [name, line, secret] of secretCases) {
    it(`removes ${name}`, () => {
      const out = redact(line);
      assert.ok(!out.includes(secret), `"${out}" still contains "${secret}"`);
      assert.match(out, /redacted/);
    });
  }

  it('keeps ordinary log lines readable', () => {
    const lines = [
      'GET /v1/account → 304 in 12 ms',
      'Refresh (periodic) failed: server: The billing service answered 503.',
      'status code: 500',
      'account state: pastDue',
      'Activated in 1.23 ms (development mode, release build)',
      'Service changed: http://127.0.0.1:4242',
      'Pinned the sandbox signing key for http://127.0.0.1:4242 (k1)',
      'The billing service changed; signing out of https://billing.example (its tokens are not sent to the new service)',
      'Service: https://billing.example/',
    ];
    for (const line of lines) assert.equal(redact(line), line);
  });

  it('shortens every URL to its scheme and host, keeping the sentence around it', () => {
    const table: Array<[string, string]> = [
      ['opening https://billing.example/p/s/abc now', 'opening https://billing.example/[redacted] now'],
      ['see https://billing.example/portal/ps_1?t=x.', 'see https://billing.example/[redacted].'],
      ['(https://u:p@billing.example:8443)', '(https://billing.example:8443/[redacted])'],
      ['vscode://planbilling.plan-billing/auth-callback?code=1', 'vscode://planbilling.plan-billing/[redacted]'],
      ['http://[::1]:4242/x', 'http://[::1]:4242/[redacted]'],
      ['http://exa mple', 'http://exa mple'],
      ['http://%zz/secret', '[redacted-url]'],
    ];
    for (const [line, expected] of table) assert.equal(redact(line), expected);
  });

  it('is applied by the logger to every line and level', () => {
    const seen: string[] = [];
    const sink = { trace: (m: string) => seen.push(m), debug: (m: string) => seen.push(m), info: (m: string) => seen.push(m), warn: (m: string) => seen.push(m), error: (m: string) => seen.push(m) };
    const logger = createRedactingLogger(sink);
    logger.trace('Bearer t1');
    logger.debug('Bearer t2');
    logger.info('Bearer t3');
    logger.warn('Bearer t4');
    logger.error(new Error(`bad token ${JWS}`));
    assert.equal(seen.length, 5);
    for (const line of seen) assert.ok(!/t[1-4]\b/.test(line) && !line.includes(JWS), line);
  });
});
