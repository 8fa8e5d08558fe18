import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random Stripe-style id, e.g. "in_4fTq9X2mLk7Pz1Ab". */
export function newId(prefix: string, length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

/** Stable id derived from a value (demo users keep their ids across --reset). */
export function stableId(prefix: string, value: string, length = 16): string {
  const digest = createHash('sha256').update(value).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[digest[i]! % ALPHABET.length];
  return `${prefix}_${out}`;
}
