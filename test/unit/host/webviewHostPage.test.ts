/**
 * The test hosts' patch of code-server's webview host page
 * (tools/host/browser.ts, oneWebviewWorkerUrl): one service-worker URL for
 * every webview, the page's CSP hash kept true, and a loud failure when the
 * page is not the one it was written for.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { oneWebviewWorkerUrl } from '../../../tools/host/browser';

const sha = (text: string) => createHash('sha256').update(text).digest('base64');
const SCRIPT = "\nconst swPath = encodeURI(`service-worker.js?v=${expectedWorkerVersion}&id=${ID}&remoteAuthority=${searchParams.get('remoteAuthority') ?? ''}`);\n";
const page = (script: string, hash = sha(script)) =>
  `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-${hash}' 'self';"></head><body><script async type="module">${script}</script></body></html>`;

describe('webview host page patch', () => {
  it('drops the webview id from the worker URL and pins the changed script by its new hash', () => {
    const out = oneWebviewWorkerUrl(page(SCRIPT));
    const script = /<script\b[^>]*>([\s\S]*?)<\/script>/.exec(out)![1]!;
    assert.equal(script, SCRIPT.replace('&id=${ID}', ''));
    assert.ok(out.includes(`'sha256-${sha(script)}'`));
    assert.ok(!out.includes(sha(SCRIPT)));
  });

  it('refuses a page whose script, hash or worker URL is not the expected one', () => {
    assert.throws(() => oneWebviewWorkerUrl(page(SCRIPT, sha('other'))), /unexpected page/);
    assert.throws(() => oneWebviewWorkerUrl(page('const swPath = "service-worker.js";')), /unexpected page/);
    assert.throws(() => oneWebviewWorkerUrl('<html></html>'), /unexpected page/);
  });
});
