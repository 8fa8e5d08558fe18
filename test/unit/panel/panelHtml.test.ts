import assert from 'node:assert/strict';
import { createNonce, panelCsp, panelHtml, scriptSafeJson, type PanelHtmlOptions } from '../../../src/panel/panelHtml';

const options = (overrides: Partial<PanelHtmlOptions> = {}): PanelHtmlOptions => ({
  nonce: 'r4nd0mN0nceValue+/AbCdEf',
  script: 'document.body.dataset.ok = "1";',
  styles: [':root { --theme: 1; }', '.panel { color: red; }'],
  bootstrap: { locale: 'en', l10n: {} },
  title: 'Manage Plan',
  ...overrides,
});

/** The policy in the page's CSP meta element, directive by directive. */
function cspOf(html: string): Map<string, string> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta element');
  const decoded = content.replace(/&#39;/g, "'");
  return new Map(decoded.split(';').map((d) => d.trim().split(/\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe('panelHtml', () => {
  it('sets the CSP of docs/security.md exactly', () => {
    const csp = cspOf(panelHtml(options()));
    assert.deepEqual(Object.fromEntries(csp), {
      'default-src': "'none'",
      'script-src': "'nonce-r4nd0mN0nceValue+/AbCdEf'",
      'style-src': "'nonce-r4nd0mN0nceValue+/AbCdEf'",
    });
    const policy = panelCsp('n');
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*|'self'|data:|https?:/);
  });

  it('inlines the script and the styles in order, each with the nonce, and links or loads nothing', () => {
    const html = panelHtml(options());
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 2);
    for (const tag of scripts) assert.match(tag, /nonce="r4nd0mN0nceValue\+\/AbCdEf"/);
    assert.match(scripts[0], /type="application\/json"/);
    assert.match(html, /<script nonce="r4nd0mN0nceValue\+\/AbCdEf">document\.body\.dataset\.ok = "1";<\/script>/);
    assert.deepEqual(
      [...html.matchAll(/<style nonce="r4nd0mN0nceValue\+\/AbCdEf">([^<]*)<\/style>/g)].map((m) => m[1]),
      [':root { --theme: 1; }', '.panel { color: red; }'],
    );
    assert.equal(html.match(/<style\b/g)?.length, 2);
    assert.doesNotMatch(html, /<link|\ssrc=|\shref=|\sstyle=|\son[a-z]+=/i);
  });

  it('refuses a script or stylesheet text that would end its element early or open a comment', () => {
    assert.throws(() => panelHtml(options({ script: 'x = "</script><script>alert(1)";' })), /script text/);
    assert.throws(() => panelHtml(options({ script: 'x = "</SCRIPT >";' })), /script text/);
    assert.throws(() => panelHtml(options({ script: 'x = "<!--";' })), /script text/);
    assert.throws(() => panelHtml(options({ styles: ['a{}</style><script>alert(1)</script>'] })), /style text/);
  });

  it('embeds the bootstrap so that no data can end the script element, and reads back the same', () => {
    const bootstrap = {
      locale: 'de',
      l10n: { 'Refresh': '</script><script>alert(1)</script>', 'A & B': '<!-- x -->', 'Line\u2028sep': 'ok' },
    };
    const html = panelHtml(options({ bootstrap }));
    const json = /<script type="application\/json" id="bootstrap" nonce="[^"]+">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(json);
    assert.doesNotMatch(json, /[<>&]/);
    assert.deepEqual(JSON.parse(json), bootstrap);
    assert.equal(html.match(/<\/script>/g)?.length, 2);
    assert.equal(scriptSafeJson('</script>'), '"\\u003c/script\\u003e"');
  });

  it('sets lang from the locale, and falls back to English for anything that is not a language tag', () => {
    assert.match(panelHtml(options({ bootstrap: { locale: 'pt-BR', l10n: {} } })), /<html lang="pt-BR">/);
    assert.match(panelHtml(options({ bootstrap: { locale: '"><x', l10n: {} } })), /<html lang="en">/);
  });

  it('escapes the title', () => {
    const html = panelHtml(options({ title: '<Plan & "Billing">' }));
    assert.match(html, /<title>&#60;Plan &#38; &#34;Billing&#34;&#62;<\/title>/);
  });

  it('refuses a nonce that could change the policy', () => {
    assert.throws(() => panelHtml(options({ nonce: "abc'; script-src *" })), /nonce/);
    assert.throws(() => panelHtml(options({ nonce: 'short' })), /nonce/);
  });

  it('has a root element to render into', () => {
    assert.match(panelHtml(options()), /<div id="root"><\/div>/);
  });
});

describe('createNonce', () => {
  it('is 24 random bytes in base64, different every time, and accepted by panelHtml', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => createNonce()));
    assert.equal(nonces.size, 200);
    for (const nonce of nonces) {
      assert.match(nonce, /^[A-Za-z0-9+/]{32}$/);
      assert.equal(Buffer.from(nonce, 'base64').length, 24);
    }
    assert.doesNotThrow(() => panelHtml(options({ nonce: createNonce() })));
  });
});
