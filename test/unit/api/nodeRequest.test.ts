/**
 * The transport's HTTP exchange against a real loopback server: what the
 * Billing API sandbox never sends (compressed bodies, oversized bodies, a
 * connection cut mid-body, redirects) but a proxy or a vendor's CDN might.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { MAX_RESPONSE_BYTES, RequestFailure, sendNodeRequest, type NodeRequest } from '../../../src/api/nodeRequest';

/** The RequestFailure a call fails with (the test fails when it succeeds, or fails with something else). */
async function rejection(promise: Promise<unknown>): Promise<RequestFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RequestFailure, `not a RequestFailure: ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('sendNodeRequest over loopback', () => {
  let server: http.Server;
  let base: string;
  const body = JSON.stringify({ plan: 'pro', note: 'é'.repeat(2000) });

  before(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
        res.end(zlib.gzipSync(body));
      } else if (path === '/br') {
        res.writeHead(200, { 'Content-Encoding': 'br' });
        res.end(zlib.brotliCompressSync(body));
      } else if (path === '/echo') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          res.writeHead(201, { 'Set-Cookie': ['a=1', 'b=2'], 'X-Method': req.method ?? '' });
          res.end(JSON.stringify({ body: Buffer.concat(chunks).toString('utf8'), type: req.headers['content-type'], length: req.headers['content-length'] }));
        });
      } else if (path === '/huge') {
        res.writeHead(200);
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent <= MAX_RESPONSE_BYTES && res.write(chunk)) sent += chunk.length;
          if (sent <= MAX_RESPONSE_BYTES) res.once('drain', pump);
          else res.end();
        };
        res.on('close', () => (sent = Infinity));
        pump();
      } else if (path === '/cut') {
        res.writeHead(200, { 'Content-Length': '1000' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (path === '/slow') {
        res.writeHead(200);
        res.write('{');
      } else if (path === '/redirect') {
        res.writeHead(302, { Location: '/gzip' });
        res.end();
      } else if (path === '/pdf') {
        res.writeHead(200, { 'Content-Length': '6' });
        res.end(Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0x00]));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, extra: Partial<NodeRequest> = {}) =>
    sendNodeRequest({ method: 'GET', url: new URL(base + path), headers: {}, binary: false, signal: new AbortController().signal, ...extra });

  it('decodes gzip and brotli bodies as UTF-8 text', async () => {
    assert.equal((await send('/gzip')).data, body);
    assert.equal((await send('/br')).data, body);
  });

  it('sends the body with its length, and joins repeated headers', async () => {
    const response = await send('/echo', { method: 'POST', body: '{"é":1}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(response.status, 201);
    assert.deepEqual(JSON.parse(response.data as string), { body: '{"é":1}', type: 'application/json', length: String(Buffer.byteLength('{"é":1}')) });
    assert.equal(response.headers['set-cookie'], 'a=1, b=2');
    assert.equal(response.headers['x-method'], 'POST');
  });

  it('returns bytes untouched for a binary download, reporting progress against Content-Length', async () => {
    const progress: Array<[number, number | undefined]> = [];
    const response = await send('/pdf', { binary: true, onProgress: (received, total) => progress.push([received, total]) });
    assert.ok(Buffer.isBuffer(response.data));
    assert.deepEqual([...(response.data as Buffer)], [0x25, 0x50, 0x44, 0x46, 0xff, 0x00]);
    assert.deepEqual(progress.at(-1), [6, 6]);
  });

  it('does not follow a redirect', async () => {
    const response = await send('/redirect');
    assert.equal(response.status, 302);
    assert.equal(response.data, '');
  });

  it('refuses a body larger than the bound instead of buffering it', async () => {
    const error = await rejection(send('/huge'));
    assert.equal(error.code, 'ERR_RESPONSE_TOO_LARGE');
  });

  it('reports a connection cut mid-body as a reset, not as a short answer', async () => {
    const error = await rejection(send('/cut'));
    assert.equal(error.code, 'ECONNRESET');
  });

  it('cancels a pending answer through the signal, and refuses an aborted signal at once', async () => {
    const controller = new AbortController();
    const pending = send('/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(pending);
    assert.equal(error.code, 'ERR_CANCELED');
    const already = await rejection(send('/gzip', { signal: controller.signal }));
    assert.equal(already.code, 'ERR_CANCELED');
  });

  it('reports a refused connection with Node\'s code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(sendNodeRequest({ method: 'GET', url: new URL(`http://127.0.0.1:${port}/`), headers: {}, binary: false, signal: new AbortController().signal }));
    assert.equal(error.code, 'ECONNREFUSED');
  });
});
