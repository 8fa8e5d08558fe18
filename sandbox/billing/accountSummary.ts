/** The account summary of GET /v1/account and the access rules behind entitlements (docs/lifecycle.md). */
import type { AccountSummary } from '../../shared/contract/account';
import type { FeatureKey } from '../../shared/contract/featureKeys';
import type { PlanId } from '../../shared/contract/planId';
import { PLAN_FEATURES } from '../../shared/planTiers';
import { type EntitlementStatus } from '../../shared/contract/entitlements';
import { declineFor } from './cards';
import type { BillingContext } from './context';
import { usd } from './money';
import { defaultPaymentMethod } from './paymentMethods';
import { pendingPlanChangeOf } from './planChanges';
import { PLANS } from './plans';
import { amountDueOf, billingDetailsOf, toSubscription, type SubscriptionRow, type UserRow } from './repository';
import { taxOf } from './tax';
import { overageToBillCents } from './usage';
import { iso, isoOrNull } from './time';


/** Statuses in which the subscription's plan is still the account's plan (paid access or not). */
const PLAN_STATUSES: ReadonlySet<SubscriptionRow['status']> = new Set(['trialing', 'active', 'past_due']);

export interface Access {
  readonly plan: PlanId;
  readonly status: EntitlementStatus;
  readonly features: readonly FeatureKey[];
  /** Billing time until which paid access has been paid for; null without paid access. */
  readonly paidUntil: number | null;
}

export function accessOf(sub: SubscriptionRow | undefined): Access {
  if (!sub) return { plan: 'free', status: 'none', features: PLAN_FEATURES.free, paidUntil: null };
  const plan: PlanId = PLAN_STATUSES.has(sub.status) ? sub.plan_id : 'free';
  if (sub.status === 'trialing' || sub.status === 'active') {
    return { plan, status: sub.status, features: PLAN_FEATURES[plan], paidUntil: sub.current_period_end };
  }
  // past_due grants none of the paid features (the product's policy); everything else is Free.
  return { plan, status: sub.status, features: PLAN_FEATURES.free, paidUntil: null };
}

/** The next renewal's invoice as it would be finalized now: the plan price (a scheduled downgrade's) and the tax of today's billing details. */
function upcomingInvoiceOf(ctx: BillingContext, user: UserRow, sub: SubscriptionRow): NonNullable<AccountSummary['upcomingInvoice']> {
  // The renewal bills the plan and the period's overage so far (billing/usage.ts).
  const price = (sub.scheduled_price ?? sub.price_amount) + overageToBillCents(ctx, user.id, sub.current_period_start);
  const { lines, tax } = taxOf(ctx.config.seller, user, price);
  return {
    date: iso(sub.current_period_end),
    subtotal: usd(price),
    taxLines: lines,
    tax: usd(tax),
    amountDue: usd(price + tax),
  };
}

/** The summary without its meters (GET /v1/account adds them: buildUsageMeters writes when a period opens). */
export function buildAccountSummary(ctx: BillingContext, user: UserRow): Omit<AccountSummary, 'asOf' | 'usage'> {
  const { repo } = ctx;
  const sub = repo.subscriptionOf(user.id);
  const outstanding = repo.outstandingInvoices(user.id);
  const access = accessOf(sub);

  const renews = sub && (sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due') && sub.cancel_at_period_end === 0;
  const failed = [...outstanding].reverse().find((inv) => inv.last_failed_at !== null);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    plan: { id: access.plan, name: PLANS[access.plan].name },
    subscription: sub ? toSubscription(sub) : null,
    upcomingInvoice: renews ? upcomingInvoiceOf(ctx, user, sub) : null,
    paymentMethod: defaultPaymentMethod(ctx, user),
    billingDetails: billingDetailsOf(user),
    outstandingBalance: usd(outstanding.reduce((sum, inv) => sum + amountDueOf(inv), 0)),
    latestPaymentFailure: failed
      ? {
          invoiceId: failed.id,
          amountDue: usd(amountDueOf(failed)),
          declineCode: failed.decline_code ?? 'generic_decline',
          message: declineFor(failed.decline_code ?? 'generic_decline').message,
          attemptCount: Math.max(1, failed.attempt_count),
          failedAt: iso(failed.last_failed_at!),
          nextRetryAt: isoOrNull(failed.status === 'open' ? failed.next_retry_at : null),
        }
      : null,
    pendingPlanChange: pendingPlanChangeOf(ctx, user),
  };
}

/** The state name of GET /sandbox/accounts: the subscription status, or "free". */
export function stateOf(sub: SubscriptionRow | undefined): string {
  return sub ? sub.status : 'free';
}

/** A few words about an account's state for the sign-in and home pages. */
export function stateLabel(sub: SubscriptionRow | undefined, now: number): string {
  if (!sub) return 'Free';
  const name = PLANS[sub.plan_id].name;
  const days = (ms: number) => Math.max(0, Math.ceil((ms - now) / 86_400_000));
  switch (sub.status) {
    case 'trialing':
      return sub.trial_end === null ? `${name} trial` : `${name} trial, ends in ${days(sub.trial_end)} days`;
    case 'active':
      return sub.cancel_at_period_end ? `${name}, cancels in ${days(sub.current_period_end)} days` : `${name}, active`;
    case 'past_due':
      return `${name}, past due`;
    case 'unpaid':
      return 'Unpaid';
    case 'canceled':
      return 'Canceled';
    case 'incomplete':
      return `${name}, first payment pending`;
    case 'incomplete_expired':
      return 'Free (upgrade expired)';
  }
}
