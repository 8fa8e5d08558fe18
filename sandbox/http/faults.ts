/**
 * Injected faults (POST /sandbox/faults): for the next `count` requests whose
 * "METHOD /path" or "/path" matches the route pattern ("*" = any characters),
 * add latency, answer a status, reset the connection or send a malformed body.
 * Kept in memory; sandbox routes themselves are never faulted.
 */
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

/** The admin routes (they set and clear faults) and the home page's helpers live here. */
const NEVER_FAULTED = '/sandbox/';

/**
 * Applies the table's faults to the routes of the instance it is registered
 * on: latency, status and reset before the route runs, a malformed body when
 * its answer is sent.
 */
const faultInjectionPlugin: FastifyPluginAsync<{ readonly faults: FaultTable }> = async (app, { faults }) => {
  app.decorateRequest('malformedFault', null);
  app.addHook('onRequest', async (request, reply) => {
    const path = requestPath(request.url);
    if (path.startsWith(NEVER_FAULTED)) return undefined;
    const fault = faults.take(request.method, path);
    if (!fault) return undefined;
    if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
    else if (fault.kind === 'reset') {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    } else if (fault.kind === 'status') {
      if (fault.retryAfter !== undefined) reply.header('retry-after', String(fault.retryAfter));
      return sendProblem(reply, fault.status ?? 503, `Injected fault: status ${fault.status ?? 503}.`);
    } else request.malformedFault = fault;
    return undefined;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const fault = request.malformedFault;
    if (!fault) return payload;
    reply.code(200).type('application/json').removeHeader('etag');
    if (fault.malformedAs === 'wrong_shape') return JSON.stringify({ unexpected: true, data: 42, items: 'not-a-list' });
    const text = typeof payload === 'string' ? payload : '{"id": "in_truncated", "status": "pa';
    return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  });
};

/** Fastify's documented opt-out of encapsulation (what fastify-plugin sets): the hooks apply to the instance registering it. */
export const faultInjection = Object.assign(faultInjectionPlugin, { [Symbol.for('skip-override')]: true });
