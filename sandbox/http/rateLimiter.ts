/**
 * Token bucket per key (an access token's hash): `perMinute` requests, refilled
 * continuously. In memory: a restart forgives everyone, which is fine for a sandbox.
 */
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
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    if (this.buckets.size > 10_000) this.prune(now);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) if (now - b.at > 120_000) this.buckets.delete(key);
  }
}
