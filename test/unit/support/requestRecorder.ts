/**
 * A stand-in for "another billing service" on loopback: a plain node:http
 * server that answers 404 to everything and records each request it got
 * (method, path, headers, body), so a test can assert that no credential
 * reached it. Used by the unit tests and, inside the host, by the integration
 * suite.
 */
import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface RequestRecorder {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The requests whose headers or body contain any of `secrets`. */
  carrying(secrets: readonly string[]): RecordedRequest[];
  close(): Promise<void>;
}

export async function startRequestRecorder(host = '127.0.0.1'): Promise<RequestRecorder> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Not a billing service', status: 404 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the recorder has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    carrying: (secrets) => requests.filter((r) => secrets.some((secret) => JSON.stringify(r.headers).includes(secret) || r.body.includes(secret))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
