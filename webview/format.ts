/**
 * Pure formatting of money, dates and relative times for the panel, with the
 * platform's Intl APIs in the editor's display language. Dates are shown in the
 * user's time zone (the runtime's default); `timeZone` exists for tests.
 */
import { type Money } from '../shared/contract/common';
import { type PaymentMethod } from '../shared/contract/paymentMethods';
import { formatMinorUnits } from '../shared/money';

const DAY_MS = 86_400_000;

/** A money amount (integer minor units, e.g. cents) in its own currency, exactly. Negative = credit/refund. */
export function formatMoney(money: Money, locale: string): string {
  return formatMinorUnits(money, locale);
}

export interface DateOptions {
  /** IANA zone; the user's own zone when omitted. */
  timeZone?: string;
}

/** A calendar date such as "Dec 28, 2026", in the user's time zone. */
export function formatDate(iso: string, locale: string, options: DateOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: options.timeZone }).format(new Date(iso));
}

/** A date and time such as "Dec 28, 2026, 3:04 PM", for precise tooltips. */
export function formatDateTime(iso: string, locale: string, options: DateOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone }).format(
    new Date(iso),
  );
}

/** "in 5 minutes", "2 hours ago", "yesterday", "now": the largest unit that fits. */
export function formatRelativeTime(iso: string, now: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = (Date.parse(iso) - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 26 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  if (abs < 320 * 86400) return rtf.format(Math.round(seconds / (30 * 86400)), 'month');
  return rtf.format(Math.round(seconds / (365 * 86400)), 'year');
}

/** The calendar day (as a UTC day number) on which an instant falls in the given zone. */
function localDayNumber(instant: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

/** Whole calendar days from `now` until `iso` in the user's time zone (0 = today, negative = past). */
export function calendarDaysUntil(iso: string, now: number, options: DateOptions = {}): number {
  return localDayNumber(Date.parse(iso), options.timeZone) - localDayNumber(now, options.timeZone);
}

/** "in 3 days", "tomorrow", "today" for a day count. */
export function formatDaysFromNow(days: number, locale: string): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
}

/** Card expiry as the locale writes a month and year, e.g. "04/2027". */
export function formatCardExpiry(card: Pick<PaymentMethod, 'expMonth' | 'expYear'>, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(card.expYear, card.expMonth - 1, 1),
  );
}

/** A country's name in the display language, or its code where the runtime has no names. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A short date such as "Jan 1", in the user's time zone. */
export function formatShortDate(iso: string, locale: string, options: DateOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: options.timeZone }).format(new Date(iso));
}
