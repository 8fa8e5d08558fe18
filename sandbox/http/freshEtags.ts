/**
 * The 304 fast path
 * (docs/contract.md#how-the-sandbox-answers-304-without-loading-the-account):
 * the ETag each account's representations had when this process last built
 * them, with the account version, clock offset and deadlines they were valid
 * under. A conditional
 * GET whose If-None-Match names that ETag while all of them still hold gets
 * 304 without the account being loaded, serialized or hashed; anything else
 * takes the full path, which builds the representation (running what fell
 * due), answers, and records it here again.
 *
 * The ETags themselves stay hashes of the representation: the same content
 * has the same ETag whatever the version (a usage event does not change the
 * entitlement token's), across restarts and in every process. Only this
 * record of which ETag is current is per process, so a restart starts cold
 * and can never answer from before it.
 */
import type { BillingClock } from '../billing/clock';
import type { Freshness } from '../billing/freshness';
import { ifNoneMatchHits } from './etag';

export type FastRoute = 'account' | 'usage' | 'entitlements' | 'paymentMethods';

interface Current extends Freshness {
  readonly etag: string;
}

/** Accounts remembered at most (the least recently built go first); a few hundred bytes each. */
const MAX_ACCOUNTS = 50_000;

export class FreshEtags {
  private readonly accounts = new Map<string, Partial<Record<FastRoute, Current>>>();

  constructor(
    private readonly clock: BillingClock,
    private readonly realNow: () => number = Date.now,
    private readonly maxAccounts = MAX_ACCOUNTS,
  ) {}

  /**
   * The ETag to answer 304 with: the client's If-None-Match names the
   * representation last built for this account and route, and the account's
   * version (read by the bearer check for this request), the clock offset and
   * the deadlines say it is still what a full build would answer.
   */
  notModified(userId: string, route: FastRoute, ifNoneMatch: string | undefined, version: number): string | undefined {
    if (ifNoneMatch === undefined) return undefined;
    const current = this.accounts.get(userId)?.[route];
    if (current === undefined || current.version !== version || current.clockOffset !== this.clock.offset) return undefined;
    if (this.clock.now() >= current.billingUntil || this.realNow() >= current.realUntil) return undefined;
    return ifNoneMatchHits(ifNoneMatch, current.etag) ? current.etag : undefined;
  }

  /** Records what the full path answered; `freshness` must come from the transaction that read the representation. */
  remember(userId: string, route: FastRoute, etag: string, freshness: Freshness): void {
    const routes = this.accounts.get(userId);
    if (routes) {
      // Re-inserted, so the Map's order is least recently built first.
      this.accounts.delete(userId);
    } else if (this.accounts.size >= this.maxAccounts) {
      const oldest = this.accounts.keys().next();
      if (!oldest.done) this.accounts.delete(oldest.value);
    }
    this.accounts.set(userId, { ...routes, [route]: { ...freshness, etag } });
  }

  /** Forgets a representation whose build could not be pinned to one version (it raced with a write). */
  forget(userId: string, route: FastRoute): void {
    const routes = this.accounts.get(userId);
    if (routes) delete routes[route];
  }
}
