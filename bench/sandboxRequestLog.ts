/**
 * The sandbox's request log (SANDBOX_LOG=1: one line per answered request on
 * stderr, "[sandbox] GET /v1/account 200 3.2ms"), timestamped on arrival, so
 * requests can be matched against time windows measured in the extension host
 * (same machine, same wall clock).
 */
import { type Readable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** When the sandbox started handling it (arrival time minus its duration), epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
}

const linePattern = /^\[sandbox\] (\S+) (\S+) (\d{3}) ([\d.]+)ms$/;

export function parseRequestLine(line: string, receivedAt: number): LoggedRequest | undefined {
  const match = linePattern.exec(line.trim());
  if (!match) return undefined;
  const durationMs = Number(match[4]);
  return { method: match[1]!, path: match[2]!, status: Number(match[3]), durationMs, startedAt: receivedAt - durationMs };
}

export class SandboxRequestLog {
  readonly requests: LoggedRequest[] = [];

  constructor(stderr: Readable) {
    createInterface({ input: stderr }).on('line', (line) => {
      const request = parseRequestLine(line, Date.now());
      if (request) this.requests.push(request);
    });
  }

  /** Requests to the service (not the sandbox's own admin routes) that started in [from, to], epoch ms. */
  serviceRequestsBetween(from: number, to: number): LoggedRequest[] {
    return this.requests.filter((r) => !r.path.startsWith('/sandbox/') && r.startedAt >= from && r.startedAt <= to);
  }
}
