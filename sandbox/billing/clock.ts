import { readMeta, writeMeta, type Db } from '../db/database';

const OFFSET_KEY = 'billing_clock_offset_ms';

/**
 * The billing clock: real time plus a persisted offset that only moves forward
 * (POST /sandbox/clock/advance). Subscriptions, invoices, retries and every
 * date in the API run on it; token and portal lifetimes use the real clock.
 */
export class BillingClock {
  private offsetMs: number;

  constructor(
    private readonly db: Db,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = Number(readMeta(db, OFFSET_KEY) ?? '0');
  }

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += Math.max(0, Math.round(ms));
    writeMeta(this.db, OFFSET_KEY, String(this.offsetMs));
  }
}
