/** Card facts every part applies the same way. */

/** Cards work through the last day of their expiry month: this is the first instant (ms, UTC) they no longer do. */
export function cardInvalidFrom(card: { readonly expMonth: number; readonly expYear: number }): number {
  return Date.UTC(card.expYear, card.expMonth, 1);
}

/** True when the card no longer works at `at` (ms or ISO), e.g. the next billing date. */
export function cardExpiresBefore(card: { readonly expMonth: number; readonly expYear: number }, at: number | string): boolean {
  return cardInvalidFrom(card) <= (typeof at === 'string' ? Date.parse(at) : at);
}
