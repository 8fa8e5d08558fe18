/**
 * Tax IDs of the billing details (Stripe's type names): normalized (upper
 * case, spaces, dots and dashes removed; an EIN keeps its dash), then checked
 * for shape and check digits (taxIdCheckDigits.ts), so a mistyped number is a
 * field error that says what is wrong. The normalized value is stored.
 */
import { formatEnglish } from '../../shared/l10n';
import { type TaxIdType, taxIdTypeLabel } from '../../shared/taxIds';
import { taxIdCheck } from './taxIdCheckDigits';

export function normalizeTaxId(type: TaxIdType, value: string): string {
  const upper = value.trim().toUpperCase();
  // An EIN keeps its dash; everything else drops the separators people type.
  return type === 'us_ein' ? upper.replace(/\s/g, '') : upper.replace(/[\s.-]/g, '');
}

/** Checks a normalized value; returns a sentence for the user, or null when valid. */
export function taxIdProblem(type: TaxIdType, value: string): string | null {
  if (value === '') return `Enter the ${taxIdTypeLabel(formatEnglish, type)}.`;
  const check = taxIdCheck(type, value);
  return check.ok ? null : check.message;
}
