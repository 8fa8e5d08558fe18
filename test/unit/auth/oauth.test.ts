import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { buildAuthorizeUrl, createPkcePair, createState, parseCallbackQuery, parsePastedCode, pkceChallenge } from '../../../src/auth/oauth';

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

  it('reads callbacks and errors', () => {
    assert.deepEqual(parseCallbackQuery('code=abc&state=xyz'), { ok: true, code: 'abc', state: 'xyz' });
    assert.deepEqual(parseCallbackQuery('error=access_denied&error_description=No'), { ok: false, error: 'No' });
    assert.equal(parseCallbackQuery('state=xyz').ok, false);
  });

  it('accepts a pasted code or a pasted callback URL, and refuses junk', () => {
    assert.deepEqual(parsePastedCode('  ac_123-XYZ  '), { ok: true, code: 'ac_123-XYZ', state: undefined });
    assert.deepEqual(parsePastedCode('vscode://planbilling.plan-billing/auth-callback?code=c9&state=s9'), { ok: true, code: 'c9', state: 's9' });
    assert.equal(parsePastedCode('').ok, false);
    assert.equal(parsePastedCode('two words').ok, false);
  });
});
