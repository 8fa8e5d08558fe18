import type { Money } from '../../shared/contract/common';

export const CURRENCY = 'USD';

export function usd(amount: number): Money {
  return { amount, currency: CURRENCY };
}

/** "$20.00" (negative amounts as "-$5.00"). */
export function formatUsd(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
