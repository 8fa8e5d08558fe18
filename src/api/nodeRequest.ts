/**
 * One HTTP exchange over Node's http/https modules: what the transport needs
 * and nothing more (docs/architecture.md "HTTP"). Node's modules rather than
 * fetch, because the VS Code extension host patches exactly these to apply the
 * editor's proxy settings (http.proxy, system proxy, proxy auth, custom CA
 * certificates); no proxy variables are read here, which would bypass or
 * double that patching. Redirects are not followed: the service never
 * redirects an API call, and a credential must not follow one elsewhere.
 *
 * It replaced axios, of which the extension used this one path: axios and
 * what it pulls in (follow-redirects, debug, proxy agents) were 109 KiB of a
 * 150 KiB bundle budget (docs/benchmarks.md).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { type Readable } from 'node:stream';
import * as zlib from 'node:zlib';

export interface NodeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** Bytes (a PDF) rather than UTF-8 text. */
  readonly binary: boolean;
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

export interface NodeResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Record<string, string | undefined>;
  readonly data: string | Buffer;
}

/** No answer of the Billing API comes near this (the largest is an invoice PDF). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** A failure before a complete response: `code` as Node names it (ECONNREFUSED…) or one of ours. */
export class RequestFailure extends Error {
  constructor(
    readonly code: 'ERR_CANCELED' | 'ERR_RESPONSE_TOO_LARGE' | 'ERR_BAD_RESPONSE' | string,
    message: string,
  ) {
    super(message);
  }
}

/** Sends `request` and resolves with the whole response, whatever its status. */
export function sendNodeRequest(request: NodeRequest): Promise<NodeResponse> {
  return new Promise<NodeResponse>((resolve, reject) => {
    if (request.signal.aborted) return reject(new RequestFailure('ERR_CANCELED', 'canceled'));
    const module = request.url.protocol === 'https:' ? https : request.url.protocol === 'http:' ? http : undefined;
    if (!module) return reject(new RequestFailure('ERR_BAD_URL', `unsupported protocol ${request.url.protocol}`));
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { 'Accept-Encoding': 'gzip, deflate, br', ...request.headers };
    if (body) headers['Content-Length'] = String(body.length);
    let settled = false;
    const fail = (error: RequestFailure) => {
      if (settled) return;
      settled = true;
      request.signal.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(new RequestFailure('ERR_CANCELED', 'canceled'));
    const req = module.request(request.url, { method: request.method, headers }, (res) => {
      const total = Number(res.headers['content-length']);
      const stream = decoded(res);
      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) return fail(new RequestFailure('ERR_RESPONSE_TOO_LARGE', `response larger than ${MAX_RESPONSE_BYTES} bytes`));
        chunks.push(chunk);
        request.onProgress?.(received, Number.isFinite(total) && total > 0 ? total : undefined);
      });
      stream.on('error', (error: NodeJS.ErrnoException) => fail(new RequestFailure(error.code ?? 'ERR_BAD_RESPONSE', error.message)));
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        request.signal.removeEventListener('abort', onAbort);
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), data: request.binary ? data : data.toString('utf8') });
      });
      const cut = () => fail(new RequestFailure('ECONNRESET', 'the connection closed before the response was complete'));
      res.on('aborted', cut);
      if (stream !== res) res.on('error', cut);
    });
    request.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => fail(new RequestFailure(error.code ?? 'ERR_NETWORK', error.message)));
    req.end(body);
  });
}

/** The body stream, decompressed as Content-Encoding says. */
function decoded(res: http.IncomingMessage): Readable {
  switch ((res.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
