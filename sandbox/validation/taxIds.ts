/**
 * Tax ID formats by type (Stripe's type names). Values are normalized (upper
 * case, spaces/dots removed) before checking; the normalized value is stored.
 */
import { formatEnglish } from '../../shared/l10n';
import { type TaxIdType, taxIdTypeLabel } from '../../shared/taxIds';

/** EU VAT number formats after the country prefix (Greece uses EL). */
const EU_VAT: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  AT: { pattern: /^U\d{8}$/, example: 'ATU12345678' },
  BE: { pattern: /^[01]\d{9}$/, example: 'BE0123456789' },
  BG: { pattern: /^\d{9,10}$/, example: 'BG123456789' },
  CY: { pattern: /^\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { pattern: /^\d{8,10}$/, example: 'CZ12345678' },
  DE: { pattern: /^\d{9}$/, example: 'DE123456789' },
  DK: { pattern: /^\d{8}$/, example: 'DK12345678' },
  EE: { pattern: /^\d{9}$/, example: 'EE123456789' },
  EL: { pattern: /^\d{9}$/, example: 'EL123456789' },
  ES: { pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/, example: 'ESA1234567Z' },
  FI: { pattern: /^\d{8}$/, example: 'FI12345678' },
  FR: { pattern: /^[A-HJ-NP-Z0-9]{2}\d{9}$/, example: 'FRAB123456789' },
  HR: { pattern: /^\d{11}$/, example: 'HR12345678901' },
  HU: { pattern: /^\d{8}$/, example: 'HU12345678' },
  IE: { pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567T' },
  IT: { pattern: /^\d{11}$/, example: 'IT12345678901' },
  LT: { pattern: /^(\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { pattern: /^\d{8}$/, example: 'LU12345678' },
  LV: { pattern: /^\d{11}$/, example: 'LV12345678901' },
  MT: { pattern: /^\d{8}$/, example: 'MT12345678' },
  NL: { pattern: /^\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { pattern: /^\d{10}$/, example: 'PL1234567890' },
  PT: { pattern: /^\d{9}$/, example: 'PT123456789' },
  RO: { pattern: /^\d{2,10}$/, example: 'RO1234567' },
  SE: { pattern: /^\d{10}01$/, example: 'SE123456789001' },
  SI: { pattern: /^\d{8}$/, example: 'SI12345678' },
  SK: { pattern: /^\d{10}$/, example: 'SK1234567890' },
};

export function normalizeTaxId(type: TaxIdType, value: string): string {
  const upper = value.trim().toUpperCase();
  // An EIN keeps its dash; everything else drops the separators people type.
  return type === 'us_ein' ? upper.replace(/\s/g, '') : upper.replace(/[\s.-]/g, '');
}

/** ABN checksum: subtract 1 from the first digit, weight the digits, the sum is divisible by 89. */
export function abnChecksumValid(abn: string): boolean {
  if (!/^\d{11}$/.test(abn)) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const digits = abn.split('').map(Number);
  digits[0]! -= 1;
  return digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 89 === 0;
}

/** Checks a normalized value; returns a sentence for the user, or null when valid. */
export function taxIdProblem(type: TaxIdType, value: string): string | null {
  const label = taxIdTypeLabel(formatEnglish, type);
  if (value === '') return `Enter the ${label}.`;
  switch (type) {
    case 'eu_vat': {
      const prefix = value.slice(0, 2);
      const rule = EU_VAT[prefix];
      if (!/^[A-Z]{2}/.test(value)) return 'An EU VAT number starts with its two-letter country prefix, for example DE123456789.';
      if (!rule) {
        const hint = prefix === 'GR' ? ' Greece uses the prefix EL.' : prefix === 'GB' ? ' For a UK VAT number choose the type "UK VAT number".' : '';
        return `${prefix} is not an EU VAT country prefix.${hint}`;
      }
      return rule.pattern.test(value.slice(2)) ? null : `This is not a valid ${prefix} VAT number. It should look like ${rule.example}.`;
    }
    case 'gb_vat':
      return /^GB(\d{9}|\d{12})$/.test(value) ? null : 'A UK VAT number is GB followed by 9 or 12 digits, for example GB123456789.';
    case 'us_ein':
      return /^\d{2}-\d{7}$/.test(value) ? null : 'A US EIN has the form 12-3456789 (two digits, a dash, seven digits).';
    case 'au_abn':
      if (!/^\d{11}$/.test(value)) return 'An Australian ABN has 11 digits, for example 51 824 753 556.';
      return abnChecksumValid(value) ? null : 'This ABN is not valid: its check digits do not match. Check it for typos.';
    case 'ca_bn':
      return /^\d{9}([A-Z]{2}\d{4})?$/.test(value)
        ? null
        : 'A Canadian BN has 9 digits, optionally followed by a program account such as RT0001 (123456789RT0001).';
    case 'in_gst':
      return /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(value)
        ? null
        : 'An Indian GSTIN has 15 characters, for example 27AAPFU0939F1ZV.';
  }
}
