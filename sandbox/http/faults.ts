/**
 * Injected faults (POST /sandbox/faults): for the next `count` requests whose
 * "METHOD /path" or "/path" matches the route pattern ("*" = any characters),
 * add latency, answer a status, reset the connection, send a malformed, replaced
 * or oversized body, or trickle the real body out slowly.
 * Kept in memory; sandbox routes themselves are never faulted.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { FaultRequest } from '../../shared/contract/sandboxAdmin';
import { sendProblem } from './problems';
import { requestPath } from './requestPath';

declare module 'fastify' {
  interface FastifyRequest {
    /** A malformed-body fault taken by this request, applied when its answer is sent. */
    malformedFault: ActiveFault | null;
  }
}

export interface ActiveFault extends FaultRequest {
  remaining: number;
  readonly matcher: RegExp;
}

function compile(route: string): RegExp {
  const trimmed = route.trim();
  const hasMethod = /^[A-Za-z]+\s+\//.test(trimmed);
  const [method, path] = hasMethod ? [trimmed.split(/\s+/)[0]!.toUpperCase(), trimmed.split(/\s+/)[1]!] : ['[A-Z]+', trimmed];
  const pathPattern = path
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${method} ${pathPattern}$`);
}

export class FaultTable {
  private faults: ActiveFault[] = [];

  add(request: FaultRequest): ActiveFault {
    const fault: ActiveFault = { ...request, remaining: request.count, matcher: compile(request.route) };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  get active(): readonly ActiveFault[] {
    return this.faults;
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(method: string, path: string): ActiveFault | undefined {
    const key = `${method.toUpperCase()} ${path}`;
    const fault = this.faults.find((f) => f.matcher.test(key));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

/** Where a foreign_origin fault points every link of an answer. */
export const FOREIGN_ORIGIN = 'https://portal.evil.example';

/** The admin routes (they set and clear faults) and the home page's helpers live here. */
const NEVER_FAULTED = '/sandbox/';

/**
 * Applies the table's faults to the routes of the instance it is registered
 * on: latency, status and reset before the route runs, a malformed body when
 * its answer is sent.
 */
const faultInjectionPlugin: FastifyPluginAsync<{ readonly faults: FaultTable }> = async (app, { faults }) => {
  app.decorateRequest('malformedFault', null);
  // Callback-style hooks that return at once while no fault is set: every request passes them, and an async
  // hook costs a promise and a microtask each (the 304 fast path is measured against a bare route).
  app.addHook('onRequest', (request, reply, done) => {
    if (faults.active.length === 0) return done();
    const path = requestPath(request.url);
    if (path.startsWith(NEVER_FAULTED)) return done();
    const fault = faults.take(request.method, path);
    if (!fault) return done();
    if (fault.kind === 'latency') {
      setTimeout(done, fault.latencyMs ?? 1000);
    } else if (fault.kind === 'reset') {
      // Answered by no one: the hook does not call done.
      reply.hijack();
      request.raw.socket.destroy();
    } else if (fault.kind === 'status') {
      if (fault.retryAfter !== undefined) reply.header('retry-after', String(fault.retryAfter));
      sendProblem(reply, fault.status ?? 503, `Injected fault: status ${fault.status ?? 503}.`);
    } else if (fault.kind === 'malformed' && fault.malformedAs === 'replaced') {
      // Answered in the service's place: the route never runs, so it costs the account no request allowance.
      reply.code(fault.status ?? 200).type(fault.contentType ?? 'application/json').send(fault.body ?? '');
    } else {
      // A trickle needs a body: the whole answer, never a 304 of a conditional request.
      if (fault.kind === 'slow_body') delete request.headers['if-none-match'];
      // The other malformed answers and slow_body change the answer once the route produced it.
      request.malformedFault = fault;
      done();
    }
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const fault = request.malformedFault;
    if (!fault) return done(null, payload);
    if (fault.kind === 'slow_body') return done(null, trickle(payloadText(payload), fault.byteIntervalMs ?? 100, reply));
    if (fault.malformedAs === 'oversized') {
      const text = payloadText(payload);
      reply.code(200).type('application/json').removeHeader('etag').removeHeader('content-length');
      return done(null, text + ' '.repeat(Math.max(0, (fault.sizeBytes ?? 64 * 1024 * 1024) - Buffer.byteLength(text))));
    }
    if (fault.malformedAs === 'foreign_origin') {
      return done(null, typeof payload === 'string' ? payload.replace(/https?:\/\/[^/"\s]+/g, FOREIGN_ORIGIN) : payload);
    }
    reply.code(200).type('application/json').removeHeader('etag');
    if (fault.malformedAs === 'wrong_shape') return done(null, JSON.stringify({ unexpected: true, data: 42, items: 'not-a-list' }));
    const text = typeof payload === 'string' ? payload : '{"id": "in_truncated", "status": "pa';
    return done(null, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  });
};

/** The route's answer as text (streams and buffers of the few routes that send them are not faulted that way). */
function payloadText(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('latin1');
  return '';
}

/** The answer's bytes one at a time: a client's timeout must cover the body, not only the headers. */
function trickle(text: string, intervalMs: number, reply: { removeHeader(name: string): unknown }): Readable {
  const bytes = Buffer.from(text, 'latin1');
  reply.removeHeader('content-length');
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    read() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        this.push(sent < bytes.length ? bytes.subarray(sent, ++sent) : null);
      }, intervalMs);
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
}

/** Fastify's documented opt-out of encapsulation (what fastify-plugin sets): the hooks apply to the instance registering it. */
export const faultInjection = Object.assign(faultInjectionPlugin, { [Symbol.for('skip-override')]: true });
