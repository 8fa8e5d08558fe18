/**
 * Credits (the AI IDE's usage units) as exact integer hundredths.
 *
 * The Billing API writes credits as decimal strings with two decimals
 * ("1000.00", "-3.50"); every calculation works on integer hundredths
 * (1000.00 → 100000) so no float ever rounds a balance. This module is
 * bundled by the webview too, so it imports nothing and uses no Node API.
 */

/** Integer digits `parseCredits` accepts: 999,999,999,999.99 is 1e14 − 1 hundredths, well inside 2^53. */
export const MAX_CREDIT_INTEGER_DIGITS = 12;

/** The most one usage event may consume (1,000,000.00 credits): anything above is a client bug, not usage. */
export const MAX_CREDITS_PER_EVENT = 100_000_000;

export type CreditsInputReason = 'not_a_number' | 'too_many_decimals' | 'not_positive' | 'too_large';

export type CreditsInputResult =
  | { readonly ok: true; readonly hundredths: number }
  | { readonly ok: false; readonly reason: CreditsInputReason; readonly message: string };

// Written out by hand (no regex backtracking surprises): optional minus, 1–12 digits, optional 1–2 decimals.
const API_CREDITS = new RegExp(`^(-?)(\\d{1,${MAX_CREDIT_INTEGER_DIGITS}})(?:\\.(\\d{1,2}))?$`);

// Client input: any plain decimal; the digit limits are checked afterwards so each failure gets its own reason.
const INPUT_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Reads an API credits string into hundredths: "12" → 1200, "12.5" → 1250, "-1.25" → -125.
 * Returns undefined for anything else: more than two decimals, exponents, signs other than a
 * leading "-", spaces, empty text, "12." / ".5", or more than 12 integer digits.
 */
export function parseCredits(text: string): number | undefined {
  const match = API_CREDITS.exec(text);
  if (!match) return undefined;
  const [, minus, whole, fraction = ''] = match;
  const magnitude = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  // "-0.00" is zero, not negative zero (which would print as "0.00" but compare oddly with Object.is).
  return minus === '-' && magnitude !== 0 ? -magnitude : magnitude;
}

/** Hundredths as the API writes them: always two decimals ("1000.00", "-3.50", "0.00"). */
export function creditsText(hundredths: number): string {
  assertSafeInteger(hundredths);
  const { negative, whole, fraction } = split(hundredths);
  return `${negative ? '-' : ''}${whole}.${String(fraction).padStart(2, '0')}`;
}

/**
 * Validates credits a client sent to the API, as a JSON number (1.5) or a decimal string ("1.50").
 * Numbers are read through their shortest round-trip decimal (String(n)), so 0.1 is exactly 10
 * hundredths while 1.005 or 0.1 + 0.2 (0.30000000000000004) are refused rather than rounded: a
 * usage amount the client cannot state exactly is a client bug we must not silently fix.
 * Strings may carry trailing zeros ("1.500"): the value is still a whole number of hundredths.
 * Checked in this order, first failure wins: a plain decimal at all (not_a_number), at most two
 * decimals (too_many_decimals), greater than zero (not_positive), at most MAX_CREDITS_PER_EVENT
 * (too_large).
 */
export function creditsFromInput(value: number | string): CreditsInputResult {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return refuse('not_a_number');
    text = String(value);
    // String() switches to exponent notation below 1e-6 and from 1e21: tiny values are not
    // meaningful credits; huge ones are just too large (or not positive).
    if (text.includes('e')) return value < 0 ? refuse('not_positive') : value >= 1 ? refuse('too_large') : refuse('not_a_number');
  } else if (typeof value === 'string') {
    text = value;
  } else {
    // JSON callers can hand over anything at runtime whatever the static type says.
    return refuse('not_a_number');
  }

  const match = INPUT_DECIMAL.exec(text);
  if (!match) return refuse('not_a_number');
  const [, minus, wholeDigits, fractionDigits = ''] = match;
  const fraction = fractionDigits.replace(/0+$/, '');
  if (fraction.length > 2) return refuse('too_many_decimals');
  const whole = wholeDigits.replace(/^0+(?=\d)/, '');
  const isZero = /^0$/.test(whole) && fraction === '';
  if (minus === '-' || isZero) return refuse('not_positive');
  // Checked on the digits before converting so a 40-digit string never becomes an inexact number.
  if (whole.length > MAX_CREDIT_INTEGER_DIGITS) return refuse('too_large');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (hundredths > MAX_CREDITS_PER_EVENT) return refuse('too_large');
  return { ok: true, hundredths };
}

/**
 * Credits for display in `locale`: whole amounts without decimals ("1,000"), anything else with
 * exactly two ("12.50", de-DE "1.234,50"). The integer and fraction parts are formatted separately
 * as integers and slotted into the locale's own pattern, so no value is ever divided into a float
 * (1e14 hundredths would lose its cents as a double).
 */
export function formatCredits(hundredths: number, locale: string): string {
  assertSafeInteger(hundredths);
  const { negative, whole, fraction } = split(hundredths);
  const formats = formatsFor(locale);
  const template = fraction !== 0 ? (negative ? formats.negativeWithFraction : formats.withFraction) : negative ? formats.negativeWhole : formats.whole;
  const wholeText = formats.integer
    .formatToParts(whole)
    .filter((part) => part.type === 'integer' || part.type === 'group')
    .map((part) => part.value)
    .join('');
  let out = '';
  for (const part of template) {
    if (part.type === 'integer') out += wholeText;
    else if (part.type === 'fraction') out += formats.fraction.format(fraction);
    else out += part.value;
  }
  return out;
}

interface LocaleFormats {
  /** Sign, decimal mark and their order, from a sample number of each shape. */
  readonly whole: readonly Intl.NumberFormatPart[];
  readonly negativeWhole: readonly Intl.NumberFormatPart[];
  readonly withFraction: readonly Intl.NumberFormatPart[];
  readonly negativeWithFraction: readonly Intl.NumberFormatPart[];
  /** Grouped integer digits, e.g. "1.234" in de-DE. */
  readonly integer: Intl.NumberFormat;
  /** The two fraction digits in the locale's numbering system. */
  readonly fraction: Intl.NumberFormat;
}

// Building Intl formatters costs far more than using them and lists format many values:
// keep a few per locale (bounded, since the locale is caller input).
const formatsCache = new Map<string, LocaleFormats>();

function formatsFor(locale: string): LocaleFormats {
  const cached = formatsCache.get(locale);
  if (cached) return cached;
  const noFraction = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const formats: LocaleFormats = {
    whole: noFraction.formatToParts(1),
    negativeWhole: noFraction.formatToParts(-1),
    withFraction: twoDecimals.formatToParts(1.5),
    negativeWithFraction: twoDecimals.formatToParts(-1.5),
    integer: noFraction,
    fraction: new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false }),
  };
  if (formatsCache.size >= 16) formatsCache.clear();
  formatsCache.set(locale, formats);
  return formats;
}

// A function, not a table built at import: formatting here would load ICU's number data (about 18 ms)
// while the extension's core bundle is required, in the middle of activation.
function message(reason: CreditsInputReason): string {
  switch (reason) {
    case 'not_a_number':
      return 'Credits must be a number, e.g. 1.25.';
    case 'too_many_decimals':
      return 'Credits have at most two decimals, e.g. 1.25.';
    case 'not_positive':
      return 'Credits must be greater than zero.';
    case 'too_large':
      return `Credits can be at most ${formatCredits(MAX_CREDITS_PER_EVENT, 'en-US')} per event.`;
  }
}

function refuse(reason: CreditsInputReason): CreditsInputResult {
  return { ok: false, reason, message: message(reason) };
}

function assertSafeInteger(hundredths: number): void {
  if (!Number.isSafeInteger(hundredths)) throw new RangeError(`Credits must be a safe integer number of hundredths, got ${hundredths}.`);
}

/** Sign, whole credits and hundredths; `%` and the exact division of a multiple of 100 keep it integer. */
function split(hundredths: number): { negative: boolean; whole: number; fraction: number } {
  const magnitude = Math.abs(hundredths);
  const fraction = magnitude % 100;
  return { negative: hundredths < 0, whole: (magnitude - fraction) / 100, fraction };
}
