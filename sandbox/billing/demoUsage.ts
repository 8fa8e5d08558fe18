/**
 * Plausible usage for the demo accounts (first start only): the current
 * period's events spread over its days, recorded through the same code as
 * POST /v1/usage/events, and totals for the paid periods before it. Past
 * periods stay within their included credits, so the seeded invoices (which
 * have no overage lines) agree with them.
 */
import type { BillingContext } from './context';
import { monthsOf, PLANS } from './plans';
import type { UserRow } from './repository';
import { grantBonus, recordUsageEvent, syncUsagePeriod } from './usage';
import { addMonths, DAY, HOUR, MINUTE } from './time';
import { FeatureKeys } from '../../shared/contract/featureKeys';

export interface DemoUsage {
  /** Credits (hundredths) used so far this period. */
  readonly used: number;
  /** Paid periods before this one to give totals (the account's invoice history). */
  readonly history: number;
  /** A bonus grant that lapses in the middle of the period. */
  readonly bonus?: { readonly hundredths: number; readonly description: string; readonly expiresInDays: number };
}

export const DEMO_USAGE: Readonly<Record<string, DemoUsage>> = {
  'free@sandbox.test': { used: 1_250, history: 0, bonus: { hundredths: 2_500, description: 'Welcome bonus', expiresInDays: 10 } },
  'trialing@sandbox.test': { used: 18_000, history: 0 },
  'pro@sandbox.test': { used: 41_275, history: 12 },
  'canceling@sandbox.test': { used: 53_050, history: 4 },
  'pastdue@sandbox.test': { used: 3_000, history: 6 },
  'proplus@sandbox.test': { used: 76_040, history: 2 },
  'power@sandbox.test': { used: 240_000, history: 1 },
};

const FEATURES = [FeatureKeys.agent, FeatureKeys.premiumModels, FeatureKeys.basicCompletions];

/** A fixed share in [0, 1) for period k: the history looks varied but is the same on every seed. */
function share(k: number): number {
  const x = Math.sin(k * 12.9898) * 43_758.5453;
  return x - Math.floor(x);
}

export function seedDemoUsage(ctx: BillingContext, user: UserRow, demo: DemoUsage, now: number): void {
  const { repo } = ctx;
  const { row } = syncUsagePeriod(ctx, user, now);
  if (demo.bonus) grantBonus(ctx, user, { hundredths: demo.bonus.hundredths, description: demo.bonus.description, expiresAt: now + demo.bonus.expiresInDays * DAY }, now);

  const sub = repo.subscriptionOf(user.id);
  if (sub && demo.history > 0) {
    const months = monthsOf(sub.interval);
    const included = PLANS[sub.plan_id].includedCredits[sub.interval];
    for (let k = 1; k <= demo.history; k++) {
      const start = addMonths(sub.current_period_start, -k * months);
      // Between 35 % and 95 % of the plan: never overage, which the seeded invoices would have to bill.
      const used = Math.round(included * (0.35 + 0.6 * share(k)));
      repo.usage.insertHistory({ user_id: user.id, period_start: start, period_end: addMonths(start, months), plan_id: sub.plan_id, included, used, overage_used: 0, overage_cents: 0 });
    }
  }

  // The period's usage over its days so far, more on some days than others, each day's at mid-morning (or just before now).
  const days = Math.floor((now - row.period_start) / DAY) + 1;
  const weights = Array.from({ length: days }, (_, d) => 1 + ((d * 7) % 5));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let left = demo.used;
  for (let d = 0; d < days && left > 0; d++) {
    const hundredths = d === days - 1 ? left : Math.min(left, Math.round((demo.used * weights[d]!) / total));
    left -= hundredths;
    if (hundredths === 0) continue;
    const occurredAt = Math.min(row.period_start + d * DAY + 3 * HOUR, now - MINUTE);
    recordUsageEvent(ctx, user, { eventId: `demo-${d + 1}`, feature: FEATURES[d % FEATURES.length]!, hundredths, occurredAt: Math.max(row.period_start, occurredAt) }, now);
  }
}
