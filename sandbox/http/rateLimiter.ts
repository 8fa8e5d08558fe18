/**
 * Token bucket per key (a user id on /v1, a client address on /oauth and
 * /portal): `perMinute` requests, refilled continuously. In memory: a restart
 * forgives everyone, which is fine for a single process.
 */
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problems';

/** Buckets idle this long are full again, so they can be dropped. */
const IDLE_MS = 120_000;
const MAX_BUCKETS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request; returns 0 when allowed, otherwise the seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const rate = this.perMinute / 60_000;
    if (this.buckets.size >= MAX_BUCKETS && !this.buckets.has(key)) this.prune(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }

  /** Drops full (idle) buckets; when every bucket is busy, the oldest tenth, so memory stays bounded and pruning rare. */
  private prune(now: number): void {
    for (const [key, b] of this.buckets) if (now - b.at > IDLE_MS) this.buckets.delete(key);
    if (this.buckets.size < MAX_BUCKETS) return;
    let drop = MAX_BUCKETS / 10;
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/** The 429 of a limited request: problem+json, or the error page for a browser, with Retry-After. */
export function tooManyRequests(waitSeconds: number, whose: string): HttpProblem {
  return new HttpProblem(429, `Too many requests ${whose}; try again in ${waitSeconds} seconds.`, { headers: { 'retry-after': String(waitSeconds) } });
}

/** An onRequest hook limiting requests per client address (behind a trusted proxy, the address it reports). */
export function limitPerClient(limiter: RateLimiter): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const wait = limiter.take(request.ip);
    if (wait > 0) throw tooManyRequests(wait, 'from this address');
  };
}
