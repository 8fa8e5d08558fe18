/**
 * Simulated card processing: the well-known public test card numbers, brand
 * detection for every major network (with its number lengths and security
 * code length), Luhn, and what a charge to a card does. Pure logic.
 */
import type { CardBrand, CardFunding } from '../../shared/contract/paymentMethods';
import type { ChargeOutcome } from '../../shared/contract/sandboxAdmin';

export type DeclineCode = Exclude<ChargeOutcome, 'succeed'> | 'authentication_failed' | 'no_payment_method';

export interface Decline {
  readonly code: DeclineCode;
  /** What the user is told. */
  readonly message: string;
  /** Hard declines are not retried automatically; only a new card helps. */
  readonly hard: boolean;
}

const DECLINES: Record<DeclineCode, Omit<Decline, 'code'>> = {
  generic_decline: { message: 'Your card was declined.', hard: false },
  insufficient_funds: { message: 'Your card has insufficient funds.', hard: false },
  expired_card: { message: 'Your card has expired.', hard: true },
  lost_card: { message: 'Your card was declined because it was reported lost. Please use a different card.', hard: true },
  stolen_card: { message: 'Your card was declined because it was reported stolen. Please use a different card.', hard: true },
  authentication_failed: { message: 'Your bank could not confirm this card (3-D Secure authentication failed).', hard: false },
  no_payment_method: { message: 'There is no card on file.', hard: false },
};

export function declineFor(code: string): Decline {
  const known = (DECLINES as Record<string, Omit<Decline, 'code'> | undefined>)[code];
  return known ? { code: code as DeclineCode, ...known } : { code: 'generic_decline', ...DECLINES.generic_decline };
}

/** What happens when a card is saved (attached) and when it is later charged, and what the card is. */
export interface CardBehaviour {
  /** 'ok', '3ds' (a 3-D Secure challenge first), or the decline that refuses the card at once. */
  readonly attach: 'ok' | '3ds' | DeclineCode;
  readonly charge: ChargeOutcome;
  /** What the issuer reports; the sandbox knows it only for its test numbers. */
  readonly funding: CardFunding;
}

const credit = (attach: CardBehaviour['attach'] = 'ok', charge: ChargeOutcome = 'succeed'): CardBehaviour => ({ attach, charge, funding: 'credit' });
const good = (funding: CardFunding): CardBehaviour => ({ attach: 'ok', charge: 'succeed', funding });

/**
 * The test cards of docs/lifecycle.md: Stripe's public test numbers for every
 * brand (with their funding), the decline and 3-D Secure numbers, and two
 * hard-decline cards that attach and then fail every charge (to stage a
 * renewal hard decline). Any other number that passes the checks behaves like
 * a good card of unknown funding.
 */
export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': good('credit'),
  '4012888888881881': good('credit'),
  '4000056655665556': good('debit'),
  '5555555555554444': good('credit'),
  '2223003122003222': good('credit'),
  '5200828282828210': good('debit'),
  '5105105105105100': good('prepaid'),
  '378282246310005': good('credit'),
  '371449635398431': good('credit'),
  '6011111111111117': good('credit'),
  '6011000990139424': good('credit'),
  '6011981111111113': good('debit'),
  '3056930009020004': good('credit'),
  '36227206271667': good('credit'),
  '3566002020360505': good('credit'),
  '6200000000000005': good('credit'),
  '6200000000000047': good('debit'),
  '6205500000000000004': good('credit'),
  '4000000000000002': credit('generic_decline', 'generic_decline'),
  '4000000000009995': credit('insufficient_funds', 'insufficient_funds'),
  '4000000000000069': credit('expired_card', 'expired_card'),
  '4000002760003184': credit('3ds'),
  '4000000000000341': credit('ok', 'generic_decline'),
  '4000000000009987': credit('ok', 'lost_card'),
  '4000000000009979': credit('ok', 'stolen_card'),
};

export function behaviourOf(number: string): CardBehaviour {
  return TEST_CARDS[number] ?? good('unknown');
}

export function digitsOnly(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

interface BrandRule {
  readonly brand: Exclude<CardBrand, 'unknown'>;
  /** Issuer identification number ranges (the leading digits), as the networks publish them. */
  readonly prefix: RegExp;
  readonly lengths: readonly number[];
  readonly cvcLength: number;
  readonly name: string;
}

// Order matters only where ranges could be read two ways; these do not overlap.
const BRANDS: readonly BrandRule[] = [
  { brand: 'visa', prefix: /^4/, lengths: [13, 16, 19], cvcLength: 3, name: 'Visa' },
  { brand: 'mastercard', prefix: /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16], cvcLength: 3, name: 'Mastercard' },
  { brand: 'amex', prefix: /^3[47]/, lengths: [15], cvcLength: 4, name: 'American Express' },
  { brand: 'discover', prefix: /^(6011|64[4-9]|65)/, lengths: [16, 17, 18, 19], cvcLength: 3, name: 'Discover' },
  { brand: 'diners', prefix: /^(30[0-5]|309|36|3[89])/, lengths: [14, 15, 16, 17, 18, 19], cvcLength: 3, name: 'Diners Club' },
  { brand: 'jcb', prefix: /^35(2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19], cvcLength: 3, name: 'JCB' },
  { brand: 'unionpay', prefix: /^(62|81[0-7])/, lengths: [16, 17, 18, 19], cvcLength: 3, name: 'UnionPay' },
];

function ruleOf(number: string): BrandRule | undefined {
  return BRANDS.find((rule) => rule.prefix.test(number));
}

export function brandOf(number: string): CardBrand {
  return ruleOf(number)?.brand ?? 'unknown';
}

/** "Visa", "American Express", "Card" for an unknown brand: how pages and messages name a card. */
export function brandName(brand: CardBrand): string {
  return BRANDS.find((rule) => rule.brand === brand)?.name ?? 'Card';
}

/** How long the security code of a brand is; null when the brand is unknown (3 or 4 digits then). */
export function cvcLengthOf(brand: CardBrand): number | null {
  return BRANDS.find((rule) => rule.brand === brand)?.cvcLength ?? null;
}

export interface CardInput {
  readonly name: string;
  readonly number: string;
  /** "MM/YY" as typed. */
  readonly expiry: string;
  readonly cvc: string;
}

/** What is kept of a card: never the number itself. */
export interface CardOnFile {
  readonly name: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly funding: CardFunding;
}

export interface ValidCard extends CardOnFile {
  /** Only to look up the test card's behaviour; dropped before anything is stored. */
  readonly number: string;
}

export type CardField = 'cardName' | 'cardNumber' | 'cardExpiry' | 'cardCvc';

function lengthsInWords(lengths: readonly number[]): string {
  if (lengths.length === 1) return String(lengths[0]);
  const contiguous = lengths.every((n, i) => i === 0 || n === lengths[i - 1]! + 1);
  if (contiguous) return `${lengths[0]} to ${lengths.at(-1)}`;
  return `${lengths.slice(0, -1).join(', ')} or ${lengths.at(-1)}`;
}

/** An expiry as typed ("MM/YY" or "MM/YYYY") against `now` (billing clock): the month and year, or what is wrong. */
export function checkExpiry(expiry: string, now: number): { expMonth: number; expYear: number } | { error: string } {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (expiry.trim() === '') return { error: 'Enter the expiry date as MM/YY.' };
  if (!match) return { error: 'Enter the expiry date as MM/YY, for example 08/29.' };
  const expMonth = Number(match[1]);
  const expYear = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  const today = new Date(now);
  const current = today.getUTCFullYear() * 12 + today.getUTCMonth() + 1;
  if (expMonth < 1 || expMonth > 12) return { error: 'The expiry month must be between 01 and 12.' };
  if (expYear * 12 + expMonth < current) return { error: 'This card has expired. Check the date or use another card.' };
  if (expYear > today.getUTCFullYear() + 20) return { error: 'The expiry year is too far in the future.' };
  return { expMonth, expYear };
}

/** Validates the portal's card form against `now` (billing clock). Returns the card or per-field messages. */
export function validateCard(input: CardInput, now: number): { card: ValidCard } | { errors: Partial<Record<CardField, string>> } {
  const errors: Partial<Record<CardField, string>> = {};
  const name = input.name.trim();
  if (name === '') errors.cardName = 'Enter the name on the card.';
  else if (name.length > 100) errors.cardName = 'The name is too long (100 characters at most).';

  const number = digitsOnly(input.number);
  // The brand is read from the leading digits even when the rest is wrong, so the CVC rule can follow it.
  const rule = /^\d+$/.test(number) ? ruleOf(number) : undefined;
  if (number === '') errors.cardNumber = 'Enter the card number.';
  else if (!/^\d+$/.test(number)) errors.cardNumber = 'The card number can contain only digits.';
  else if (number.length < 12 || number.length > 19) errors.cardNumber = 'The card number should have 12 to 19 digits.';
  else if (rule && !rule.lengths.includes(number.length)) errors.cardNumber = `A ${rule.name} card number has ${lengthsInWords(rule.lengths)} digits. Check it for typos.`;
  else if (!luhnValid(number)) errors.cardNumber = 'This card number is not valid. Check it for typos.';

  const expiry = checkExpiry(input.expiry, now);
  if ('error' in expiry) errors.cardExpiry = expiry.error;

  const cvc = input.cvc.trim();
  if (cvc === '') errors.cardCvc = 'Enter the security code (CVC).';
  else if (!/^\d+$/.test(cvc)) errors.cardCvc = 'The security code can contain only digits.';
  else if (rule?.brand === 'amex' && cvc.length !== 4) errors.cardCvc = 'An American Express card has a 4-digit security code, printed on the front.';
  else if (rule && cvc.length !== rule.cvcLength) errors.cardCvc = `A ${rule.name} card has a ${rule.cvcLength}-digit security code, on the back of the card.`;
  else if (!rule && (cvc.length < 3 || cvc.length > 4)) errors.cardCvc = 'The security code is 3 or 4 digits.';

  if (Object.keys(errors).length > 0 || 'error' in expiry) return { errors };
  const behaviour = behaviourOf(number);
  return { card: { name, number, brand: rule?.brand ?? 'unknown', last4: number.slice(-4), expMonth: expiry.expMonth, expYear: expiry.expYear, funding: behaviour.funding } };
}
