/**
 * Simulated card processing: the well-known public test card numbers, brand
 * detection, Luhn, and what a charge to a card does. Pure logic.
 */
import type { CardBrand } from '../../shared/contract/account';
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

/** What happens when a card is saved (attached) and when it is later charged. */
export interface CardBehaviour {
  /** 'ok', '3ds' (a 3-D Secure challenge first), or the decline that refuses the card at once. */
  readonly attach: 'ok' | '3ds' | DeclineCode;
  readonly charge: ChargeOutcome;
}

/**
 * The test cards of docs/lifecycle.md, plus two hard-decline cards that attach and
 * then fail every charge (to stage a renewal hard decline). Any other number
 * that passes Luhn behaves like a good card.
 */
export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': { attach: 'ok', charge: 'succeed' },
  '4000000000000002': { attach: 'generic_decline', charge: 'generic_decline' },
  '4000000000009995': { attach: 'insufficient_funds', charge: 'insufficient_funds' },
  '4000000000000069': { attach: 'expired_card', charge: 'expired_card' },
  '4000002760003184': { attach: '3ds', charge: 'succeed' },
  '4000000000000341': { attach: 'ok', charge: 'generic_decline' },
  '4000000000009987': { attach: 'ok', charge: 'lost_card' },
  '4000000000009979': { attach: 'ok', charge: 'stolen_card' },
};

export function behaviourOf(number: string): CardBehaviour {
  return TEST_CARDS[number] ?? { attach: 'ok', charge: 'succeed' };
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

export function brandOf(number: string): CardBrand {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  return 'unknown';
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
}

export interface ValidCard extends CardOnFile {
  /** Only to look up the test card's behaviour; dropped before anything is stored. */
  readonly number: string;
}

export type CardField = 'cardName' | 'cardNumber' | 'cardExpiry' | 'cardCvc';

/** Validates the portal's card form against `now` (billing clock). Returns the card or per-field messages. */
export function validateCard(input: CardInput, now: number): { card: ValidCard } | { errors: Partial<Record<CardField, string>> } {
  const errors: Partial<Record<CardField, string>> = {};
  const name = input.name.trim();
  if (name === '') errors.cardName = 'Enter the name on the card.';
  else if (name.length > 100) errors.cardName = 'The name is too long (100 characters at most).';

  const number = digitsOnly(input.number);
  if (number === '') errors.cardNumber = 'Enter the card number.';
  else if (!/^\d+$/.test(number)) errors.cardNumber = 'The card number can contain only digits.';
  else if (number.length < 12 || number.length > 19) errors.cardNumber = 'The card number should have 12 to 19 digits.';
  else if (!luhnValid(number)) errors.cardNumber = 'This card number is not valid. Check it for typos.';

  let expMonth = 0;
  let expYear = 0;
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
  if (input.expiry.trim() === '') errors.cardExpiry = 'Enter the expiry date as MM/YY.';
  else if (!expiry) errors.cardExpiry = 'Enter the expiry date as MM/YY, for example 08/29.';
  else {
    expMonth = Number(expiry[1]);
    expYear = expiry[2]!.length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
    const today = new Date(now);
    const current = today.getUTCFullYear() * 12 + today.getUTCMonth() + 1;
    if (expMonth < 1 || expMonth > 12) errors.cardExpiry = 'The expiry month must be between 01 and 12.';
    else if (expYear * 12 + expMonth < current) errors.cardExpiry = 'This card has expired. Check the date or use another card.';
    else if (expYear > today.getUTCFullYear() + 20) errors.cardExpiry = 'The expiry year is too far in the future.';
  }

  const cvc = input.cvc.trim();
  if (cvc === '') errors.cardCvc = 'Enter the security code (CVC).';
  else if (!/^\d{3,4}$/.test(cvc)) errors.cardCvc = 'The security code is 3 or 4 digits.';

  if (Object.keys(errors).length > 0) return { errors };
  return { card: { name, number, brand: brandOf(number), last4: number.slice(-4), expMonth, expYear } };
}
