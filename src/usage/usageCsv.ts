/**
 * The usage history as CSV (RFC 4180: comma-separated, CRLF line ends, a
 * field quoted when it holds a comma, quote, CR or LF, quotes doubled).
 * Credits and amounts are exact decimals from their integer forms, never
 * floats: "1000.00" credits, "4.14" USD. Pure.
 */
import { type Usage, type UsagePeriodTotal } from '../../shared/contract/usage';
import { creditsText } from '../../shared/credits';
import { minorUnitsToDecimal } from '../../shared/money';
import { planName } from '../../shared/planTiers';
import { hundredths } from './usageFacts';

export const USAGE_CSV_HEADER = ['period_start', 'period_end', 'plan', 'included_credits', 'used_credits', 'overage_credits', 'overage_amount', 'currency'] as const;

/** One field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

function periodRow(period: UsagePeriodTotal): string[] {
  return [
    period.periodStart,
    period.periodEnd,
    planName(period.planId),
    creditsText(hundredths(period.included)),
    creditsText(hundredths(period.used)),
    creditsText(hundredths(period.overageCredits)),
    // Cents here; a zero-decimal currency would need its own digits (the service bills USD).
    minorUnitsToDecimal(period.overageAmount.amount, 2),
    period.overageAmount.currency,
  ];
}

/**
 * The header, then the current period (so far) and the closed periods, newest
 * first, as the panel shows them; ends with CRLF.
 */
export function usageCsv(usage: Usage): string {
  const current: UsagePeriodTotal = {
    periodStart: usage.periodStart,
    periodEnd: usage.periodEnd,
    planId: usage.planId,
    included: usage.plan.included,
    used: usage.used,
    overageCredits: usage.overage?.used ?? '0.00',
    overageAmount: usage.overage?.accrued ?? { amount: 0, currency: 'USD' },
  };
  const rows = [USAGE_CSV_HEADER, periodRow(current), ...usage.history.map(periodRow)];
  return rows.map((r) => `${csvRow(r)}\r\n`).join('');
}

/** "usage-history-2026-12.csv": the month the current period started in (UTC). */
export function usageCsvFileName(usage: Usage): string {
  return `usage-history-${usage.periodStart.slice(0, 7)}.csv`;
}
