/**
 * The usage tables (docs/lifecycle.md, "Usage"): per account the current
 * period's counters and overage settings (usage_periods), every counted event
 * (usage_events, one row per account and eventId), bonus grants, and the
 * totals of closed periods (usage_history). Credits are integer hundredths,
 * money integer cents, times billing-clock milliseconds.
 */
import type { PlanId } from '../../shared/contract/planId';
import type { Statements } from './database';

export interface UsagePeriodRow {
  user_id: string;
  period_start: number;
  period_end: number;
  plan_id: PlanId;
  included: number;
  plan_used: number;
  /** Bonus credits consumed in this period (grants keep their own lifetime total). */
  bonus_used: number;
  overage_used: number;
  overage_enabled: number;
  /** Cents. */
  spend_cap: number;
  /** JSON of the alert kinds already sent this period. */
  alerts_sent: string;
  /** Overage of earlier periods that ended without a renewal (a plan change that restarted the period), billed at the next one. */
  unbilled_overage_used: number;
  unbilled_overage_cents: number;
}

export interface UsageEventRow {
  user_id: string;
  event_id: string;
  feature: string;
  hundredths: number;
  occurred_at: number;
  recorded_at: number;
  from_plan: number;
  from_bonus: number;
  from_overage: number;
  /** Plan + bonus credits left right after the event, answered again to a retry. */
  remaining_after: number;
  period_start: number;
}

export interface BonusGrantRow {
  id: string;
  user_id: string;
  description: string;
  granted: number;
  used: number;
  expires_at: number;
  created_at: number;
  /** Set when a period reset drops the grant (nothing left on it); the row stays for the record. */
  retired_at: number | null;
}

export interface UsageHistoryRow {
  user_id: string;
  period_start: number;
  period_end: number;
  plan_id: PlanId;
  included: number;
  used: number;
  overage_used: number;
  overage_cents: number;
}

export class UsageRecords {
  constructor(private readonly stmt: Statements) {}

  periodOf(userId: string): UsagePeriodRow | undefined {
    return this.stmt('SELECT * FROM usage_periods WHERE user_id = ?').get(userId) as UsagePeriodRow | undefined;
  }

  savePeriod(row: UsagePeriodRow): void {
    this.stmt(
      `INSERT INTO usage_periods (user_id, period_start, period_end, plan_id, included, plan_used, bonus_used, overage_used, overage_enabled, spend_cap, alerts_sent,
         unbilled_overage_used, unbilled_overage_cents)
       VALUES (@user_id, @period_start, @period_end, @plan_id, @included, @plan_used, @bonus_used, @overage_used, @overage_enabled, @spend_cap, @alerts_sent,
         @unbilled_overage_used, @unbilled_overage_cents)
       ON CONFLICT(user_id) DO UPDATE SET period_start = excluded.period_start, period_end = excluded.period_end, plan_id = excluded.plan_id,
         included = excluded.included, plan_used = excluded.plan_used, bonus_used = excluded.bonus_used, overage_used = excluded.overage_used,
         overage_enabled = excluded.overage_enabled, spend_cap = excluded.spend_cap, alerts_sent = excluded.alerts_sent,
         unbilled_overage_used = excluded.unbilled_overage_used, unbilled_overage_cents = excluded.unbilled_overage_cents`,
    ).run(row);
  }

  eventOf(userId: string, eventId: string): UsageEventRow | undefined {
    return this.stmt('SELECT * FROM usage_events WHERE user_id = ? AND event_id = ?').get(userId, eventId) as UsageEventRow | undefined;
  }

  insertEvent(row: UsageEventRow): void {
    this.stmt(
      `INSERT INTO usage_events (user_id, event_id, feature, hundredths, occurred_at, recorded_at, from_plan, from_bonus, from_overage, remaining_after, period_start)
       VALUES (@user_id, @event_id, @feature, @hundredths, @occurred_at, @recorded_at, @from_plan, @from_bonus, @from_overage, @remaining_after, @period_start)`,
    ).run(row);
  }

  /** The period's events' credits per UTC day (YYYY-MM-DD of occurred_at). */
  dailyTotals(userId: string, periodStart: number): { day: string; total: number }[] {
    return this.stmt(
      `SELECT strftime('%Y-%m-%d', occurred_at / 1000, 'unixepoch') AS day, SUM(hundredths) AS total
       FROM usage_events WHERE user_id = ? AND period_start = ? GROUP BY day ORDER BY day`,
    ).all(userId, periodStart) as { day: string; total: number }[];
  }

  /** Grants not yet retired, in no particular order (the pure pool code orders them). */
  liveGrants(userId: string): BonusGrantRow[] {
    return this.stmt('SELECT * FROM bonus_grants WHERE user_id = ? AND retired_at IS NULL ORDER BY created_at, id').all(userId) as BonusGrantRow[];
  }

  insertGrant(row: BonusGrantRow): void {
    this.stmt(
      `INSERT INTO bonus_grants (id, user_id, description, granted, used, expires_at, created_at, retired_at)
       VALUES (@id, @user_id, @description, @granted, @used, @expires_at, @created_at, @retired_at)`,
    ).run(row);
  }

  updateGrant(id: string, granted: number, used: number): void {
    this.stmt('UPDATE bonus_grants SET granted = ?, used = ? WHERE id = ?').run(granted, used, id);
  }

  retireGrant(id: string, at: number): void {
    this.stmt('UPDATE bonus_grants SET retired_at = ? WHERE id = ?').run(at, id);
  }

  insertHistory(row: UsageHistoryRow): void {
    // A period closed twice (a state reset in the sandbox) keeps its first totals.
    this.stmt(
      `INSERT OR IGNORE INTO usage_history (user_id, period_start, period_end, plan_id, included, used, overage_used, overage_cents)
       VALUES (@user_id, @period_start, @period_end, @plan_id, @included, @used, @overage_used, @overage_cents)`,
    ).run(row);
  }

  /** The newest `limit` closed periods. */
  history(userId: string, limit: number): UsageHistoryRow[] {
    return this.stmt('SELECT * FROM usage_history WHERE user_id = ? ORDER BY period_start DESC LIMIT ?').all(userId, limit) as UsageHistoryRow[];
  }
}
