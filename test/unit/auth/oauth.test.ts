import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { buildAuthorizeUrl, callbackMatches, createPkcePair, createState, parseCallbackQuery, parsePastedCode, pkceChallenge } from '../../../src/auth/oauth';

describe('OAuth + PKCE helpers', () => {
  it('makes an S256 pair per RFC 7636', () => {
    const { verifier, challenge } = createPkcePair();
    assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
    // RFC 7636 appendix B test vector.
    assert.equal(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    assert.notEqual(createState(), createState());
  });

  it('builds the authorize URL with every parameter', () => {
    const url = new URL(buildAuthorizeUrl('http://127.0.0.1:4242/', { redirectUri: 'vscode://planbilling.plan-billing/auth-callback', challenge: 'ch', state: 'st' }));
    assert.equal(url.pathname, '/oauth/authorize');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), 'vscode-plan-billing');
    assert.equal(url.searchParams.get('redirect_uri'), 'vscode://planbilling.plan-billing/auth-callback');
    assert.equal(url.searchParams.get('code_challenge'), 'ch');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('state'), 'st');
  });

  it('reads callbacks and errors, with their state', () => {
    assert.deepEqual(parseCallbackQuery('code=abc&state=xyz'), { ok: true, code: 'abc', state: 'xyz' });
    assert.deepEqual(parseCallbackQuery('error=access_denied&error_description=No&state=xyz'), { ok: false, error: 'No', state: 'xyz' });
    assert.deepEqual(parseCallbackQuery('error=access_denied'), { ok: false, error: 'access_denied', state: undefined });
    assert.equal(parseCallbackQuery('state=xyz').ok, false);
    // The service's text is shown as one bounded line.
    const long = parseCallbackQuery(`error=x&error_description=${encodeURIComponent('a\nb\u0007c' + 'd'.repeat(500))}&state=s`);
    assert.ok(!long.ok && long.error.startsWith('a b c') && long.error.length === 200, JSON.stringify(long));
  });

  it('lets only the exact state answer a sign-in, for error replies as well as codes', () => {
    const table: Array<[string, string, boolean]> = [
      ['code with the state', 'code=c&state=S1', true],
      ['error with the state', 'error=access_denied&state=S1', true],
      ['code without a state', 'code=c', false],
      ['error without a state (any page could cancel)', 'error=access_denied&error_description=Evil%20text', false],
      ['code with another state', 'code=c&state=S2', false],
      ['error with another state', 'error=access_denied&state=S2', false],
      ['error with an empty state', 'error=access_denied&state=', false],
      ['state differing in case', 'code=c&state=s1', false],
    ];
    for (const [what, query, accepted] of table) assert.equal(callbackMatches(parseCallbackQuery(query), 'S1'), accepted, what);
  });

  it('accepts a pasted code or a pasted callback URL, and refuses junk', () => {
    assert.deepEqual(parsePastedCode('  ac_123-XYZ  '), { ok: true, code: 'ac_123-XYZ', state: undefined });
    assert.deepEqual(parsePastedCode('vscode://planbilling.plan-billing/auth-callback?code=c9&state=s9'), { ok: true, code: 'c9', state: 's9' });
    // A pasted callback URL must carry a state (the caller compares it).
    assert.equal(parsePastedCode('vscode://planbilling.plan-billing/auth-callback?code=c9').ok, false);
    assert.equal(parsePastedCode('https://evil.example/').ok, false);
    assert.equal(parsePastedCode('').ok, false);
    assert.equal(parsePastedCode('two words').ok, false);
  });
});
