/**
 * The billing-details edit form's data, kept as plain strings while the user
 * types (so it can be persisted with getState/setState), and its conversion to
 * the contract's `BillingDetailsInput`.
 */
import { type BillingDetails, type BillingDetailsInput, type TaxIdType } from '../../shared/contract/billingDetails';
import { type FieldError } from '../../shared/contract/common';
import { type Translate } from '../../shared/l10n';

export interface TaxIdDraft {
  type: TaxIdType;
  value: string;
}

export interface BillingDraft {
  name: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  taxIds: TaxIdDraft[];
}

/** Text fields of the form, by their field path in `BillingDetailsInput`. */
export type DraftTextField = Exclude<keyof BillingDraft, 'taxIds'>;

export const FIELD_PATHS: Readonly<Record<DraftTextField, string>> = {
  name: 'name',
  line1: 'address.line1',
  line2: 'address.line2',
  city: 'address.city',
  state: 'address.state',
  postalCode: 'address.postalCode',
  country: 'address.country',
};

export const taxIdFieldPath = (index: number, part: 'type' | 'value') => `taxIds.${index}.${part}`;

export function draftFromDetails(details: BillingDetails): BillingDraft {
  const address = details.address;
  return {
    name: details.name,
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    state: address?.state ?? '',
    postalCode: address?.postalCode ?? '',
    country: address?.country ?? '',
    taxIds: details.taxIds.map((taxId) => ({ type: taxId.type, value: taxId.value })),
  };
}

/** The request body: trimmed, optional address lines left out when empty, country upper-cased. */
export function draftToInput(draft: BillingDraft): BillingDetailsInput {
  const line2 = draft.line2.trim();
  const state = draft.state.trim();
  return {
    name: draft.name.trim(),
    address: {
      line1: draft.line1.trim(),
      ...(line2 ? { line2 } : {}),
      city: draft.city.trim(),
      ...(state ? { state } : {}),
      postalCode: draft.postalCode.trim(),
      country: draft.country.trim().toUpperCase(),
    },
    taxIds: draft.taxIds.map((taxId) => ({ type: taxId.type, value: taxId.value.trim() })),
  };
}

/**
 * Checks the service would make anyway, answered without a round trip. Same
 * shape as the service's field errors so both show the same way. Anything that
 * depends on the country (postal codes, which some countries don't have) or on
 * formats (tax IDs) is left to the service, the one judge of them.
 */
export function checkDraft(t: Translate, draft: BillingDraft): FieldError[] {
  const errors: FieldError[] = [];
  const required = (field: DraftTextField, message: string) => {
    if (!draft[field].trim()) errors.push({ field: FIELD_PATHS[field], code: 'required', message });
  };
  required('name', t('Enter the name to show on invoices.'));
  required('line1', t('Enter the street address.'));
  required('city', t('Enter the city.'));
  required('country', t('Choose a country.'));
  draft.taxIds.forEach((taxId, index) => {
    if (!taxId.value.trim()) {
      errors.push({
        field: taxIdFieldPath(index, 'value'),
        code: 'required',
        message: t('Enter the tax ID, or remove this row.'),
      });
    }
  });
  return errors;
}

/** The error messages for one field path, joined; undefined when the field is fine. */
export function errorFor(errors: readonly FieldError[], path: string): string | undefined {
  const messages = errors.filter((e) => e.field === path).map((e) => e.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}

/** Errors whose field the form doesn't show next to an input (e.g. "taxIds" or an unknown path). */
export function errorsWithoutField(errors: readonly FieldError[], draft: BillingDraft): FieldError[] {
  const shown = new Set<string>(Object.values(FIELD_PATHS));
  draft.taxIds.forEach((_, index) => {
    shown.add(taxIdFieldPath(index, 'type'));
    shown.add(taxIdFieldPath(index, 'value'));
  });
  return errors.filter((e) => !shown.has(e.field));
}
