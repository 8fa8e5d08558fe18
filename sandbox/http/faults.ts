/**
 * Injected faults (POST /sandbox/faults): for the next `count` requests whose
 * "METHOD /path" or "/path" matches the route pattern ("*" = any characters),
 * add latency, answer a status, reset the connection or send a malformed body.
 * Kept in memory; sandbox routes themselves are never faulted.
 */
import type { FaultRequest } from '../../shared/contract/sandboxAdmin';

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
