/**
 * Semantic validation of PUT /v1/billing-details, after the schema check:
 * answers field errors with paths like "address.country" and "taxIds.0.value".
 * The address rules also check a card's billing address in the portal.
 */
import { Address, type BillingDetailsInput } from '../../shared/contract/billingDetails';
import type { FieldError } from '../../shared/contract/common';
import { COUNTRIES_WITHOUT_POSTAL_CODES, POSTAL_CODE_FORMATS } from './postalCodes';
import { isCountryCode } from '../../shared/countries';
import { canadianProvince } from '../billing/taxRates';
import { normalizeTaxId, taxIdProblem } from './taxIds';

export type BillingDetailsResult = { readonly value: BillingDetailsInput } | { readonly errors: FieldError[] };

export type AddressResult = { readonly value: Address } | { readonly errors: FieldError[] };

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/**
 * An address as billing details and card billing addresses need it: street,
 * city, a known country, the postal code where the country has them (in its
 * format where known), and for Canada the province, which decides its tax.
 * Field paths start with `prefix` ("address.country").
 */
export function validateAddress(a: Address, prefix = 'address'): AddressResult {
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string) => errors.push({ field: `${prefix}.${field}`, code, message });
  // The API's schema already holds these limits; a portal form post has only this check.
  for (const [field, schema] of Object.entries(Address.properties)) {
    const value = a[field as keyof Address];
    if (value !== undefined && value.trim().length > (schema.maxLength ?? Infinity)) add(field, 'too_long', `This is too long (${schema.maxLength} characters at most).`);
  }
  if (errors.length > 0) return { errors };
  if (blank(a.line1)) add('line1', 'required', 'Enter the street address.');
  if (blank(a.city)) add('city', 'required', 'Enter the city.');
  const country = a.country.trim().toUpperCase();
  if (country === '') add('country', 'required', 'Choose a country.');
  else if (!isCountryCode(country)) {
    add('country', 'unknown_country', `"${a.country}" is not a country code. Use the two-letter ISO 3166-1 code, for example US, DE or GB.`);
  }
  const postalCode = a.postalCode.trim();
  if (postalCode === '') {
    if (!COUNTRIES_WITHOUT_POSTAL_CODES.has(country)) add('postalCode', 'required', 'Enter the postal code.');
  } else {
    const format = POSTAL_CODE_FORMATS[country];
    if (format && !format.pattern.test(postalCode)) add('postalCode', 'invalid_format', `This is not a valid postal code for ${country}, for example ${format.example}.`);
  }
  // Canadian sales tax depends on the province (HST, QST, PST), so it cannot be left out.
  if (country === 'CA') {
    if (blank(a.state)) add('state', 'required', 'Choose the province or territory: Canadian sales tax depends on it.');
    else if (canadianProvince(a.state!) === null) add('state', 'unknown_province', `"${a.state!.trim()}" is not a Canadian province or territory. Use its name or code, for example Ontario or ON.`);
  }
  if (errors.length > 0) return { errors };
  return {
    value: {
      line1: a.line1.trim(),
      ...(blank(a.line2) ? {} : { line2: a.line2!.trim() }),
      city: a.city.trim(),
      ...(blank(a.state) ? {} : { state: a.state!.trim() }),
      postalCode: postalCode.toUpperCase(),
      country,
    },
  };
}

export function validateBillingDetails(input: BillingDetailsInput): BillingDetailsResult {
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string) => errors.push({ field, code, message });

  if (blank(input.name)) add('name', 'required', 'Enter the name to show on invoices.');
  const address = validateAddress(input.address);
  if ('errors' in address) errors.push(...address.errors);

  const taxIds = input.taxIds.map((taxId, i) => {
    const value = normalizeTaxId(taxId.type, taxId.value);
    const problem = taxIdProblem(taxId.type, value);
    if (problem) add(`taxIds.${i}.value`, value === '' ? 'required' : 'invalid_tax_id', problem);
    return { type: taxId.type, value };
  });
  const seen = new Set<string>();
  taxIds.forEach((t, i) => {
    const key = `${t.type}:${t.value}`;
    if (seen.has(key)) add(`taxIds.${i}.value`, 'duplicate', 'This tax ID is listed twice.');
    seen.add(key);
  });

  if (errors.length > 0 || 'errors' in address) return { errors };
  return { value: { name: input.name.trim(), address: address.value, taxIds } };
}
