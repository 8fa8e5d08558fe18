/**
 * Check digits of tax IDs, as the issuing authorities publish them
 * (python-stdnum served as the reference for the algorithms and test numbers).
 *
 * Pure and self-contained. The input is a value already normalized by
 * validation/taxIds.ts: upper case, spaces, dots and dashes removed, except
 * that a US EIN keeps its dash. The shape is checked again here so a caller
 * gets a precise reason and a sentence the customer can act on.
 */

export type TaxIdCheckType = 'eu_vat' | 'gb_vat' | 'us_ein' | 'au_abn' | 'ca_bn' | 'in_gst';
export type TaxIdCheckReason = 'format' | 'check_digit' | 'unknown_prefix' | 'state_code';
export type TaxIdCheck = { ok: true } | { ok: false; reason: TaxIdCheckReason; message: string };

/** What a national algorithm says about the part after the prefix. */
type Verdict = 'ok' | 'format' | 'check_digit';

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = DIGITS + LETTERS;

const OK: TaxIdCheck = { ok: true };
const fail = (reason: TaxIdCheckReason, message: string): TaxIdCheck => ({ ok: false, reason, message });

// ---------------------------------------------------------------------------
// Shared arithmetic
// ---------------------------------------------------------------------------

/** Σ weight × digit over the first weights.length digits. */
function weighted(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]! * Number(digits[i]);
  return sum;
}

/** Remainder that is never negative (weights can be negative). */
const mod = (n: number, m: number): number => ((n % m) + m) % m;

/**
 * Luhn sum modulo the alphabet's size: from the right, every second value is
 * doubled and the two base-n digits of the product are added. 0 means valid.
 */
function luhnSum(value: string, alphabet: string = DIGITS): number {
  const n = alphabet.length;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const v = alphabet.indexOf(value[value.length - 1 - i]!);
    const x = i % 2 === 1 ? v * 2 : v;
    sum += Math.floor(x / n) + (x % n);
  }
  return sum % n;
}

/** The digit that, appended, makes the Luhn sum 0. */
const luhnCheckDigit = (digits: string): number => (10 - luhnSum(digits + '0')) % 10;

/** ISO 7064 MOD 11,10 over all digits, the last being the check digit. */
function iso7064Mod11x10(digits: string): boolean {
  let product = 10;
  for (const d of digits.slice(0, -1)) product = (((product + Number(d)) % 10 || 10) * 2) % 11;
  return (product + Number(digits[digits.length - 1])) % 10 === 1;
}

/** ISO 7064 MOD 97-10 remainder, letters counting as 10–35 (as in IBANs). */
function mod97(value: string): number {
  let r = 0;
  for (const c of value) {
    const v = parseInt(c, 36);
    r = (r * (v >= 10 ? 100 : 10) + v) % 97;
  }
  return r;
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const verdict = (valid: boolean): Verdict => (valid ? 'ok' : 'check_digit');

// ---------------------------------------------------------------------------
// EU member states: each function takes the number without its country prefix
// ---------------------------------------------------------------------------

// AT: Luhn-style sum of digits 2–8 (every second doubled); check = (10 − (sum + 4) mod 10) mod 10.
function atVat(b: string): Verdict {
  if (!/^U\d{8}$/.test(b)) return 'format';
  return verdict(Number(b[8]) === (10 - ((luhnSum(b.slice(1, 8)) + 4) % 10)) % 10);
}

// BE: mod 97 — the last two digits are 97 minus the first eight modulo 97.
function beVat(b: string): Verdict {
  if (!/^[01]\d{9}$/.test(b) || /^0+$/.test(b)) return 'format';
  return verdict((Number(b.slice(0, 8)) + Number(b.slice(8))) % 97 === 0);
}

// BG: mod 11 with weights 1–8 (retried with 3–10) for companies; 10 digits are
// a personal number (EGN), a foreigner's number (LNCh) or another mod 11 number.
function bgVat(b: string): Verdict {
  if (!/^\d{9,10}$/.test(b)) return 'format';
  const last = Number(b[b.length - 1]);
  if (b.length === 9) {
    let r = weighted(b, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    if (r === 10) r = weighted(b, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    return verdict(r % 10 === last);
  }
  const foreigner = weighted(b, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === last;
  const other = (11 - (weighted(b, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11 === last;
  return verdict(bgPersonalNumber(b, last) || foreigner || other);
}

/** Bulgarian EGN: a birth date (month +20 for the 1800s, +40 for the 2000s) and a mod 11 check digit. */
function bgPersonalNumber(b: string, last: number): boolean {
  let year = 1900 + Number(b.slice(0, 2));
  let month = Number(b.slice(2, 4));
  if (month > 40) [year, month] = [year + 100, month - 40];
  else if (month > 20) [year, month] = [year - 100, month - 20];
  return isDate(year, month, Number(b.slice(4, 6))) && (weighted(b, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === last;
}

// CY: letter check — digits in odd positions are mapped through a table, summed with the others, mod 26.
const CY_ODD_POSITION = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
function cyVat(b: string): Verdict {
  if (!/^\d{8}[A-Z]$/.test(b) || b.startsWith('12')) return 'format';
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += i % 2 === 0 ? CY_ODD_POSITION[Number(b[i])]! : Number(b[i]);
  return verdict(LETTERS[sum % 26] === b[8]);
}

// CZ: mod 11 with weights 8–2 (companies, 8 digits; individuals without a birth number, 9 digits from 6),
// or a birth number (rodné číslo).
function czVat(b: string): Verdict {
  if (!/^\d{8,10}$/.test(b)) return 'format';
  if (b.length === 8) {
    if (b.startsWith('9')) return 'format';
    const c = (11 - (weighted(b, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
    return verdict((c === 0 ? 1 : c) % 10 === Number(b[7]));
  }
  if (b.length === 9 && b.startsWith('6')) {
    const r = weighted(b.slice(1), [8, 7, 6, 5, 4, 3, 2]) % 11;
    return verdict(mod(8 - ((10 - r) % 11), 10) === Number(b[8]));
  }
  return czSkBirthNumber(b);
}

/** Czech/Slovak birth number: YYMMDD (+50 or +20 on the month) and, from 1954, a 10th digit making it divisible by 11. */
function czSkBirthNumber(b: string): Verdict {
  let year = 1900 + Number(b.slice(0, 2));
  if (b.length === 9) {
    // Nine-digit numbers (no check digit) were issued until 1953.
    if (year >= 1980) year -= 100;
    if (year > 1953) return 'format';
  } else if (year < 1954) year += 100;
  if (!isDate(year, (Number(b.slice(2, 4)) % 50) % 20, Number(b.slice(4, 6)))) return 'format';
  return b.length === 9 ? 'ok' : verdict((Number(b.slice(0, 9)) % 11) % 10 === Number(b[9]));
}

// DE: ISO 7064 MOD 11,10.
function deVat(b: string): Verdict {
  return /^[1-9]\d{8}$/.test(b) ? verdict(iso7064Mod11x10(b)) : 'format';
}

// DK: mod 11 with weights 2,7,6,5,4,3,2,1.
function dkVat(b: string): Verdict {
  return /^[1-9]\d{7}$/.test(b) ? verdict(weighted(b, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0) : 'format';
}

// EE: mod 10 with weights 3,7,1.
function eeVat(b: string): Verdict {
  return /^\d{9}$/.test(b) ? verdict(weighted(b, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0) : 'format';
}

// EL: powers of two (256 … 2) mod 11, then mod 10.
function elVat(b: string): Verdict {
  if (!/^\d{9}$/.test(b)) return 'format';
  return verdict((weighted(b, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === Number(b[8]));
}

// ES: mod 23 letter (DNI, NIE with X/Y/Z as 0/1/2, and K/L/M), or Luhn digit/letter for companies (CIF).
const ES_DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const esDniLetter = (digits: string): string => ES_DNI_LETTERS[Number(digits) % 23]!;
function esVat(b: string): Verdict {
  if (!/^[A-Z0-9]\d{7}[A-Z0-9]$/.test(b)) return 'format';
  const first = b[0]!;
  const middle = b.slice(1, 8);
  const last = b[8];
  if ('KLM'.includes(first)) return verdict(last === esDniLetter(middle));
  if (DIGITS.includes(first)) return verdict(last === esDniLetter(b.slice(0, 8)));
  if ('XYZ'.includes(first)) return verdict(last === esDniLetter(String('XYZ'.indexOf(first)) + middle));
  if (!'ABCDEFGHJNPQRSUVW'.includes(first)) return 'format';
  // Sources disagree on which entity types use the digit or the letter form, so both are accepted.
  const c = luhnCheckDigit(middle);
  return verdict(last === String(c) || last === 'JABCDEFGHI'[c]);
}

// FI: mod 11 with weights 7,9,10,5,8,4,2,1.
function fiVat(b: string): Verdict {
  return /^\d{8}$/.test(b) ? verdict(weighted(b, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 === 0) : 'format';
}

// FR: Luhn on the SIREN, then the key — numeric: (SIREN·100 + 12) mod 97; alphanumeric: the newer mod 11 scheme.
const FR_KEY_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function frVat(b: string): Verdict {
  if (!/^[0-9A-HJ-NP-Z]{2}\d{9}$/.test(b)) return 'format';
  const key = b.slice(0, 2);
  const siren = Number(b.slice(2));
  // Monaco's numbers (000…) are French VAT numbers but not SIRENs.
  if (!b.startsWith('000', 2) && luhnSum(b.slice(2)) !== 0) return 'check_digit';
  if (/^\d\d$/.test(key)) return verdict(Number(key) === (siren * 100 + 12) % 97);
  const k0 = FR_KEY_ALPHABET.indexOf(key[0]!);
  const k1 = FR_KEY_ALPHABET.indexOf(key[1]!);
  const v = k0 < 10 ? k0 * 24 + k1 - 10 : k0 * 34 + k1 - 100;
  return verdict((siren + 1 + Math.floor(v / 11)) % 11 === v % 11);
}

// HR: ISO 7064 MOD 11,10.
function hrVat(b: string): Verdict {
  return /^\d{11}$/.test(b) ? verdict(iso7064Mod11x10(b)) : 'format';
}

// HU: mod 10 with weights 9,7,3,1.
function huVat(b: string): Verdict {
  return /^\d{8}$/.test(b) ? verdict(weighted(b, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0) : 'format';
}

// IE: mod 23 letter over weights 8–2 (plus 9 × the second letter in the 2013 format); the old format moves digit 1 to the end.
const IE_LETTERS = 'WABCDEFGHIJKLMNOPQRSTUV';
function ieVat(b: string): Verdict {
  let digits: string;
  let secondLetter = 0;
  if (/^\d{7}[A-W][A-IW]?$/.test(b)) {
    digits = b.slice(0, 7);
    if (b.length === 9) secondLetter = IE_LETTERS.indexOf(b[8]!);
  } else if (/^\d[A-Z+*]\d{5}[A-W]$/.test(b)) {
    digits = '0' + b.slice(2, 7) + b[0];
  } else return 'format';
  return verdict(IE_LETTERS[(weighted(digits, [8, 7, 6, 5, 4, 3, 2]) + 9 * secondLetter) % 23] === b[7]);
}

// IT: Luhn; digits 8–10 are the province office code.
function itVat(b: string): Verdict {
  if (!/^\d{11}$/.test(b) || b.startsWith('0000000')) return 'format';
  const office = Number(b.slice(7, 10));
  if (!((office >= 1 && office <= 100) || [120, 121, 888, 999].includes(office))) return 'format';
  return verdict(luhnSum(b) === 0);
}

// LT: mod 11 with weights 1–9,1,2 (retried shifted by two when the remainder is 10).
function ltVat(b: string): Verdict {
  if (!((/^\d{9}$/.test(b) && b[7] === '1') || (/^\d{12}$/.test(b) && b[10] === '1'))) return 'format';
  const body = b.slice(0, -1);
  const sum = (shift: number): number => Array.from(body).reduce((s, d, i) => s + (1 + ((i + shift) % 9)) * Number(d), 0) % 11;
  let r = sum(0);
  if (r === 10) r = sum(2);
  return verdict(r % 10 === Number(b[b.length - 1]));
}

// LU: mod 89 — the last two digits are the first six modulo 89.
function luVat(b: string): Verdict {
  return /^\d{8}$/.test(b) ? verdict(Number(b.slice(0, 6)) % 89 === Number(b.slice(6))) : 'format';
}

// LV: companies (first digit above 3): weighted mod 11 equals 3; persons: a birth date (or 32…) and a weighted mod 11 digit.
function lvVat(b: string): Verdict {
  if (!/^\d{11}$/.test(b)) return 'format';
  if (b[0]! > '3') return verdict(weighted(b, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3);
  if (!b.startsWith('32')) {
    const year = 1800 + 100 * Number(b[6]) + Number(b.slice(4, 6));
    if (!isDate(year, Number(b.slice(2, 4)), Number(b.slice(0, 2)))) return 'format';
  }
  return verdict(((1 + weighted(b, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11) % 10 === Number(b[10]));
}

// MT: mod 37 with weights 3,4,6,7,8,9,10,1 (the last two digits are the check).
function mtVat(b: string): Verdict {
  return /^[1-9]\d{7}$/.test(b) ? verdict(weighted(b, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0) : 'format';
}

// NL: the classic number is a BSN/RSIN (mod 11, "11-proef") + B + 2 digits; the newer btw-id is ISO 7064 mod 97 over "NL…".
function nlVat(b: string): Verdict {
  if (!/^\d{9}B\d{2}$/.test(b) || b.startsWith('000000000') || b.endsWith('00')) return 'format';
  return verdict(mod(weighted(b, [9, 8, 7, 6, 5, 4, 3, 2, -1]), 11) === 0 || mod97('NL' + b) === 1);
}

// PL: mod 11 with weights 6,5,7,2,3,4,5,6,7.
function plVat(b: string): Verdict {
  return /^\d{10}$/.test(b) ? verdict(mod(weighted(b, [6, 5, 7, 2, 3, 4, 5, 6, 7, -1]), 11) === 0) : 'format';
}

// PT: mod 11 with weights 9–2 (a result of 10 becomes 0).
function ptVat(b: string): Verdict {
  if (!/^[1-9]\d{8}$/.test(b)) return 'format';
  return verdict(((11 - (weighted(b, [9, 8, 7, 6, 5, 4, 3, 2]) % 11)) % 11) % 10 === Number(b[8]));
}

// RO: mod 11 of 10 × the weighted sum (weights 7,5,3,2,1,7,5,3,2 aligned to the right).
function roVat(b: string): Verdict {
  if (!/^[1-9]\d{1,9}$/.test(b)) return 'format';
  const body = b.slice(0, -1).padStart(9, '0');
  return verdict(((10 * weighted(body, [7, 5, 3, 2, 1, 7, 5, 3, 2])) % 11) % 10 === Number(b[b.length - 1]));
}

// SE: Luhn on the 10-digit organisation number, followed by 01.
function seVat(b: string): Verdict {
  return /^\d{10}01$/.test(b) ? verdict(luhnSum(b.slice(0, 10)) === 0) : 'format';
}

// SI: mod 11 with weights 8–2 (11 − remainder; 10 becomes 0, 11 is never issued).
function siVat(b: string): Verdict {
  if (!/^[1-9]\d{7}$/.test(b)) return 'format';
  const c = 11 - (weighted(b, [8, 7, 6, 5, 4, 3, 2]) % 11);
  return verdict((c === 10 ? 0 : c) === Number(b[7]));
}

// SK: the whole number is divisible by 11 (a birth number is also accepted).
function skVat(b: string): Verdict {
  if (!/^\d{10}$/.test(b)) return 'format';
  if (czSkBirthNumber(b) === 'ok') return 'ok';
  if (b.startsWith('0') || !'234789'.includes(b[2]!)) return 'format';
  return verdict(Number(b) % 11 === 0);
}

// GB (and XI): mod 97 with weights 8–2,10,1 — remainder 0, or 42/55 for the 9755 scheme (numbers from 100 0000 00);
// 12 digits are a branch (the check covers the first 9); GD/HA are government departments and health authorities.
function gbVat(b: string): Verdict {
  const govRange = (kind: string, n: number): boolean => (kind === 'GD' ? n < 500 : n >= 500);
  if (/^(GD|HA)\d{3}$/.test(b)) return govRange(b.slice(0, 2), Number(b.slice(2))) ? 'ok' : 'format';
  if (/^(GD|HA)8888\d{5}$/.test(b)) {
    const n = Number(b.slice(6, 9));
    if (!govRange(b.slice(0, 2), n)) return 'format';
    return verdict(n % 97 === Number(b.slice(9)));
  }
  if (!/^(\d{9}|\d{12})$/.test(b)) return 'format';
  const r = weighted(b, [8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97;
  return verdict(r === 0 || (Number(b.slice(0, 3)) >= 100 && (r === 42 || r === 55)));
}

// ---------------------------------------------------------------------------
// EU VAT: prefix → country, the shape to describe, a valid example, the checker
// ---------------------------------------------------------------------------

interface VatRule {
  /** Used as "German VAT numbers are …". */
  readonly adjective: string;
  readonly shape: string;
  readonly example: string;
  readonly check: (body: string) => Verdict;
  /** How many check characters the customer should re-read. */
  readonly checkDigits: 1 | 2;
}

const EU_VAT = {
  AT: { adjective: 'Austrian', shape: 'ATU followed by 8 digits', example: 'ATU12345675', check: atVat, checkDigits: 1 },
  BE: { adjective: 'Belgian', shape: 'BE followed by 10 digits starting with 0 or 1', example: 'BE0123456749', check: beVat, checkDigits: 2 },
  BG: { adjective: 'Bulgarian', shape: 'BG followed by 9 or 10 digits', example: 'BG123456786', check: bgVat, checkDigits: 1 },
  CY: { adjective: 'Cypriot', shape: 'CY followed by 8 digits and a letter', example: 'CY10345678D', check: cyVat, checkDigits: 1 },
  CZ: { adjective: 'Czech', shape: 'CZ followed by 8, 9 or 10 digits', example: 'CZ12345679', check: czVat, checkDigits: 1 },
  DE: { adjective: 'German', shape: 'DE followed by 9 digits', example: 'DE123456788', check: deVat, checkDigits: 1 },
  DK: { adjective: 'Danish', shape: 'DK followed by 8 digits', example: 'DK12345674', check: dkVat, checkDigits: 1 },
  EE: { adjective: 'Estonian', shape: 'EE followed by 9 digits', example: 'EE100931558', check: eeVat, checkDigits: 1 },
  EL: { adjective: 'Greek', shape: 'EL followed by 9 digits', example: 'EL123456783', check: elVat, checkDigits: 1 },
  ES: { adjective: 'Spanish', shape: 'ES followed by a letter or digit, 7 digits and a letter or digit', example: 'ESB12345674', check: esVat, checkDigits: 1 },
  FI: { adjective: 'Finnish', shape: 'FI followed by 8 digits', example: 'FI12345671', check: fiVat, checkDigits: 1 },
  FR: { adjective: 'French', shape: 'FR followed by a 2-character key and the 9-digit SIREN', example: 'FR11123456782', check: frVat, checkDigits: 2 },
  HR: { adjective: 'Croatian', shape: 'HR followed by 11 digits', example: 'HR12345678903', check: hrVat, checkDigits: 1 },
  HU: { adjective: 'Hungarian', shape: 'HU followed by 8 digits', example: 'HU12345676', check: huVat, checkDigits: 1 },
  IE: { adjective: 'Irish', shape: 'IE followed by 7 digits and 1 or 2 letters', example: 'IE1234567T', check: ieVat, checkDigits: 1 },
  IT: { adjective: 'Italian', shape: 'IT followed by 11 digits', example: 'IT12345670017', check: itVat, checkDigits: 1 },
  LT: { adjective: 'Lithuanian', shape: 'LT followed by 9 or 12 digits', example: 'LT123456715', check: ltVat, checkDigits: 1 },
  LU: { adjective: 'Luxembourg', shape: 'LU followed by 8 digits', example: 'LU12345613', check: luVat, checkDigits: 2 },
  LV: { adjective: 'Latvian', shape: 'LV followed by 11 digits', example: 'LV40003521600', check: lvVat, checkDigits: 1 },
  MT: { adjective: 'Maltese', shape: 'MT followed by 8 digits', example: 'MT12345634', check: mtVat, checkDigits: 2 },
  NL: { adjective: 'Dutch', shape: 'NL followed by 9 digits, the letter B and 2 digits', example: 'NL123456782B01', check: nlVat, checkDigits: 1 },
  PL: { adjective: 'Polish', shape: 'PL followed by 10 digits', example: 'PL1234567883', check: plVat, checkDigits: 1 },
  PT: { adjective: 'Portuguese', shape: 'PT followed by 9 digits', example: 'PT123456789', check: ptVat, checkDigits: 1 },
  RO: { adjective: 'Romanian', shape: 'RO followed by 2 to 10 digits', example: 'RO1234567897', check: roVat, checkDigits: 1 },
  SE: { adjective: 'Swedish', shape: 'SE followed by 10 digits and 01', example: 'SE123456789701', check: seVat, checkDigits: 1 },
  SI: { adjective: 'Slovenian', shape: 'SI followed by 8 digits', example: 'SI12345679', check: siVat, checkDigits: 1 },
  SK: { adjective: 'Slovak', shape: 'SK followed by 10 digits', example: 'SK2023456787', check: skVat, checkDigits: 1 },
  // Northern Ireland's prefix for goods trade with the EU; the number is a UK VAT number.
  XI: { adjective: 'Northern Ireland', shape: 'XI followed by 9 digits', example: 'XI123456782', check: gbVat, checkDigits: 2 },
} as const satisfies Record<string, VatRule>;

type EuVatPrefix = keyof typeof EU_VAT;
const isEuVatPrefix = (prefix: string): prefix is EuVatPrefix => Object.hasOwn(EU_VAT, prefix);

/** Turns a national verdict into the result, with the sentence for the customer. */
function judge(v: Verdict, what: string, shapeSentence: string, checkDigits: 1 | 2): TaxIdCheck {
  if (v === 'ok') return OK;
  if (v === 'format') return fail('format', shapeSentence);
  const digits = checkDigits === 1 ? 'check digit does' : 'check digits do';
  return fail('check_digit', `This ${what}'s ${digits} not match. Check it for typos.`);
}

function euVat(value: string): TaxIdCheck {
  const prefix = value.slice(0, 2);
  if (!/^[A-Z]{2}$/.test(prefix)) {
    return fail('format', `An EU VAT number starts with its two-letter country prefix, for example ${EU_VAT.DE.example}.`);
  }
  if (!isEuVatPrefix(prefix)) {
    const hint = prefix === 'GR' ? ' Greece uses the prefix EL.' : prefix === 'GB' ? ' For a UK VAT number choose the type "UK VAT number".' : '';
    return fail('unknown_prefix', `${prefix} is not an EU VAT country prefix.${hint}`);
  }
  const rule: VatRule = EU_VAT[prefix];
  return judge(rule.check(value.slice(2)), `${prefix} VAT number`, `${rule.adjective} VAT numbers are ${rule.shape}, for example ${rule.example}.`, rule.checkDigits);
}

function ukVat(value: string): TaxIdCheck {
  const shape = 'A UK VAT number is GB followed by 9 digits (12 for a branch), for example GB123456782.';
  const prefix = value.slice(0, 2);
  if (prefix !== 'GB' && prefix !== 'XI') {
    return /^[A-Z]{2}/.test(value) ? fail('unknown_prefix', `A UK VAT number starts with GB (or XI in Northern Ireland), not ${prefix}.`) : fail('format', shape);
  }
  return judge(gbVat(value.slice(2)), 'UK VAT number', shape, 2);
}

// ---------------------------------------------------------------------------
// Other countries
// ---------------------------------------------------------------------------

/** EIN prefixes the IRS assigns (its "How EINs are assigned and valid EIN prefixes" list, as in python-stdnum). */
const EIN_PREFIXES: ReadonlySet<string> = new Set(
  [
    [1, 6],
    [10, 16],
    [20, 27],
    [30, 48],
    [50, 68],
    [71, 77],
    [80, 88],
    [90, 95],
    [98, 99],
  ].flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String(from! + i).padStart(2, '0'))),
);

// US EIN: no check digit; the format NN-NNNNNNN and a campus prefix the IRS assigns.
function usEin(value: string): TaxIdCheck {
  if (!/^\d{2}-\d{7}$/.test(value)) return fail('format', 'A US EIN has the form 12-3456789 (two digits, a dash, seven digits).');
  const prefix = value.slice(0, 2);
  return EIN_PREFIXES.has(prefix) ? OK : fail('unknown_prefix', `${prefix} is not a prefix the IRS assigns to EINs. Check the first two digits for typos.`);
}

// AU ABN: mod 89 — subtract 1 from the first digit, weights 10,1,3,5,…,19; the first two digits are the check,
// which the ATO issues as 99 − remainder, so always 11–99.
function auAbn(value: string): TaxIdCheck {
  if (!/^\d{11}$/.test(value)) return fail('format', 'An Australian ABN has 11 digits, for example 51 824 753 556.');
  const sum = weighted(value, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) - 10;
  return sum % 89 === 0 && Number(value.slice(0, 2)) >= 11 ? OK : fail('check_digit', "This ABN's check digits do not match. Check it for typos.");
}

// CA BN: Luhn on the 9 digits; a program account (RC, RM, RP or RT and 4 digits) may follow.
function caBn(value: string): TaxIdCheck {
  if (!/^\d{9}((RC|RM|RP|RT)\d{4})?$/.test(value)) {
    return fail('format', 'A Canadian BN has 9 digits, optionally followed by a program account such as RT0001, for example 123456782RT0001.');
  }
  return luhnSum(value.slice(0, 9)) === 0 ? OK : fail('check_digit', "This BN's check digit does not match. Check it for typos.");
}

/** GST state and union territory codes (CBIC/GSTN list; 25 and 28 remain on older registrations, 97 is "Other Territory"). */
const IN_STATE_CODES: ReadonlySet<string> = new Set([...Array.from({ length: 38 }, (_, i) => String(i + 1).padStart(2, '0')), '97']);

// IN GSTIN: state code, PAN (5 letters with the holder type 4th, 4 digits, a letter), entity number, 'Z', Luhn mod 36 check character.
function inGst(value: string): TaxIdCheck {
  if (!/^\d{2}[A-Z]{3}[ABCFGHJLPTK][A-Z]\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(value) || value.slice(7, 11) === '0000') {
    return fail('format', 'An Indian GSTIN has 15 characters: the state code, the 10-character PAN, the entity number, Z and a check character, for example 27AAPFU0939F1ZV.');
  }
  const state = value.slice(0, 2);
  if (!IN_STATE_CODES.has(state)) {
    return fail('state_code', `${state} is not an Indian state or union territory code. A GSTIN starts with its state code, for example 27 for Maharashtra.`);
  }
  return luhnSum(value, ALPHANUMERIC) === 0 ? OK : fail('check_digit', "This GSTIN's check character does not match. Check it for typos.");
}

const CHECKS: Readonly<Record<TaxIdCheckType, (value: string) => TaxIdCheck>> = {
  eu_vat: euVat,
  gb_vat: ukVat,
  us_ein: usEin,
  au_abn: auAbn,
  ca_bn: caBn,
  in_gst: inGst,
};

/** Checks a normalized tax ID's shape and check digit(s). */
export function taxIdCheck(type: TaxIdCheckType, normalized: string): TaxIdCheck {
  return CHECKS[type](normalized);
}
