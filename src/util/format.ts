/** Formatting shared by the status bar, notifications and support info. Pure. */
import { type Money } from '../../shared/contract/common';
import { formatMinorUnits } from '../../shared/money';
import { t } from '../l10n/localize';
import { DAY, HOUR, MINUTE } from './clock';

export interface FormatOptions {
  /** BCP 47 locale; default: the runtime's. */
  readonly locale?: string;
  /** IANA time zone; default: the runtime's (tests pass "UTC"). */
  readonly timeZone?: string;
}

/** Exact from the integer minor units, in the currency's own number of decimals. */
export function formatMoney(money: Money, options: FormatOptions = {}): string {
  return formatMinorUnits(money, options.locale);
}

export function formatDate(value: string | number, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeZone: options.timeZone }).format(new Date(value));
}

export function formatShortDate(value: string | number, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, { month: 'short', day: 'numeric', timeZone: options.timeZone }).format(new Date(value));
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function formatAgo(then: number, now: number): string {
  const delta = Math.max(0, now - then);
  if (delta < MINUTE) return t('just now');
  if (delta < HOUR) {
    const n = Math.floor(delta / MINUTE);
    return n === 1 ? t('{0} minute ago', n) : t('{0} minutes ago', n);
  }
  if (delta < DAY) {
    const n = Math.floor(delta / HOUR);
    return n === 1 ? t('{0} hour ago', n) : t('{0} hours ago', n);
  }
  const n = Math.floor(delta / DAY);
  return n === 1 ? t('{0} day ago', n) : t('{0} days ago', n);
}

/** Whole days left until `iso` (rounded up; 0 when passed). */
export function daysUntil(iso: string | number, now: number): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / DAY));
}

/** A message from the service as a clause: without its closing full stop, so ours can follow. */
export function clause(text: string): string {
  return text.trim().replace(/[.!]+$/, '');
}

/** Escapes text for Markdown (user-controlled strings in tooltips). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, (c) => `\\${c}`);
}
