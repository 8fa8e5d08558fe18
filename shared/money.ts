/**
 * Money as the contract carries it: an integer number of minor units (cents).
 * Amounts are summed as integers and turned into a decimal string only for
 * display, so no binary fraction ever reaches a formatter.
 */
import { type Money } from './contract/common';

/** "-12.34" for -1234 with 2 fraction digits; "1234" with 0. Exact for every safe integer. */
export function minorUnitsToDecimal(amount: number, fractionDigits: number): `${number}` {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an integer amount of minor units: ${amount}`);
  const digits = String(Math.abs(amount)).padStart(fractionDigits + 1, '0');
  const whole = fractionDigits > 0 ? digits.slice(0, -fractionDigits) : digits;
  const fraction = fractionDigits > 0 ? `.${digits.slice(-fractionDigits)}` : '';
  // A zero amount never reads as "-0".
  return `${amount < 0 ? '-' : ''}${whole}${fraction}` as `${number}`;
}

/** Formats `money` in its currency with Intl, from the exact decimal string (shared/intlDecimal.d.ts). */
export function formatMinorUnits(money: Money, locale: string | undefined): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnitsToDecimal(money.amount, digits));
}
