/**
 * How long what an account's representations say stays true without a write
 * (docs/contract.md#how-the-sandbox-answers-304-without-loading-the-account).
 * A representation read at version v stays the same while the account's version is still v, the billing clock was not
 * advanced, and none of the account's own times has come: a renewal, a trial
 * end, a retry, the end of dunning, an incomplete upgrade's expiry, a pending
 * change lapsing, a usage period rolling over (Free and past-due periods roll
 * without any event), a bonus grant expiring, a new UTC day (GET /v1/usage
 * lists every day of the period up to today), and for the entitlement token
 * its re-issue at three quarters of its lifetime (real clock; the account
 * summary carries the token, so that ends the summary's freshness too). Read it in the transaction
 * that read the representation.
 */
import type { BillingContext } from './context';
import type { SubscriptionRow } from './repository';
import { DAY, HOUR } from './time';

export interface Freshness {
  /** account_versions.version the representation was read at. */
  readonly version: number;
  /** The billing clock's offset then: an advance moves every account's time at once. */
  readonly clockOffset: number;
  /** Billing time from which the representation may read differently without a write. */
  readonly billingUntil: number;
  /** Real time from which likewise (the entitlement token's re-issue); Infinity when nothing depends on it. */
  readonly realUntil: number;
}

/** The first billing time after `now` at which any representation of the account could change on its own. */
export function nextChangeWithoutWrite(ctx: BillingContext, userId: string, now: number): number {
  // GET /v1/usage lists every UTC day of the period up to today.
  const nextDay = (Math.floor(now / DAY) + 1) * DAY;
  const own = ctx.repo.nextAccountTimeAfter(userId, now, ctx.config.incompleteExpiryHours * HOUR);
  return own === null ? nextDay : Math.min(own, nextDay);
}

/** The freshness of a representation of the account read at billing time `now`, in the same transaction. */
export function freshnessOf(ctx: BillingContext, userId: string, now: number, realUntil = Infinity): Freshness {
  return {
    version: ctx.repo.versions.read(userId).version,
    clockOffset: ctx.clock.offset,
    billingUntil: nextChangeWithoutWrite(ctx, userId, now),
    realUntil,
  };
}

/**
 * The freshness of an entitlement token answered at billing time `now`: what it says follows from the
 * subscription row alone (accessOf) and the clock offset, so besides writes only the row's own times (checked
 * here from the row in hand, though the engine's writes at them bump the version anyway) and the token's
 * re-issue time (`realUntil`) end it. Saves a full build the statement of nextChangeWithoutWrite.
 */
export function tokenFreshnessOf(ctx: BillingContext, userId: string, sub: SubscriptionRow | undefined, now: number, realUntil: number): Freshness {
  let billingUntil = Infinity;
  if (sub) {
    const times = [sub.current_period_end, sub.trial_end, sub.status === 'incomplete' ? sub.created_at + ctx.config.incompleteExpiryHours * HOUR : null];
    for (const at of times) if (at !== null && at > now && at < billingUntil) billingUntil = at;
  }
  return { version: ctx.repo.versions.read(userId).version, clockOffset: ctx.clock.offset, billingUntil, realUntil };
}
