/**
 * Tax on the sandbox's invoices (docs/tax.md): the rules of taxRates.ts
 * applied to an account's billing details of the moment and the seller of the
 * configuration. An invoice takes its tax (and the seller block it prints)
 * when it is finalized and keeps both; the upcoming invoice of the account
 * summary is the same computation with today's details.
 */
import type { TaxId } from '../../shared/contract/billingDetails';
import type { TaxLine } from '../../shared/contract/invoices';
import type { SellerConfig } from '../config';
import { usd } from './money';
import { billingAddressOf, storedTaxIdsOf, type StoredTaxId, type UserRow } from './repository';
import { EU_MEMBER_STATES, taxFor, type SellerTaxConfig, type TaxCustomer } from './taxRates';
import { taxIdCheck } from '../validation/taxIdCheckDigits';

export interface InvoiceTax {
  readonly lines: TaxLine[];
  /** Cents. */
  readonly tax: number;
}

/** The seller as an invoice prints it: name, address and the registration numbers that concern its tax. */
export interface InvoiceSeller {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly taxNumbers: readonly { readonly label: string; readonly value: string }[];
}

export function sellerTaxConfig(seller: SellerConfig): SellerTaxConfig {
  return { country: seller.country, registrations: seller.taxRegistrations, state: seller.state };
}

/**
 * Tax IDs as stored when saved, with their verification: the sandbox's stand-in
 * for the issuers' registers (VIES, HMRC, ABN Lookup, the GST portal) is the
 * check-digit test, so a number that passes it is verified. Values are the
 * normalized ones validation/taxIds.ts produced.
 */
export function verifyTaxIds(taxIds: readonly TaxId[]): StoredTaxId[] {
  return taxIds.map((id) => ({ type: id.type, value: id.value, verified: taxIdCheck(id.type, id.value).ok }));
}

export function taxCustomerOf(user: UserRow): TaxCustomer {
  const address = billingAddressOf(user);
  return {
    country: address?.country ?? null,
    state: address?.state ?? null,
    // Only IDs verified when they were saved make the customer a business (older rows carry no flag).
    taxIds: storedTaxIdsOf(user).map((id) => ({ type: id.type, value: id.value, verified: id.verified === true })),
  };
}

/** The tax on `subtotalCents` for this account as its billing details are now. */
export function taxOf(seller: SellerConfig, user: UserRow, subtotalCents: number): InvoiceTax {
  const result = taxFor(subtotalCents, taxCustomerOf(user), sellerTaxConfig(seller));
  return {
    lines: result.lines.map((line) => ({ ...line, taxableAmount: usd(line.taxableAmount), amount: usd(line.amount) })),
    tax: result.totalTax,
  };
}

const REGISTRATION_LABELS: Readonly<Record<string, string>> = {
  EU: 'EU VAT (One-Stop Shop)',
  GB: 'UK VAT',
  AU: 'Australian GST (ARN)',
  IN: 'Indian GST (OIDAR)',
  CA: 'Canadian GST/HST',
  'CA-QC': 'Québec QST',
  'CA-BC': 'British Columbia PST',
  'CA-MB': 'Manitoba RST',
  'CA-SK': 'Saskatchewan PST',
};

const isMemberState = (code: string): boolean => (EU_MEMBER_STATES as readonly string[]).includes(code);

/** Which of the seller's registrations a tax line is collected (or reverse-charged) under. */
function registrationOf(line: TaxLine, seller: SellerConfig): string {
  const { jurisdiction, kind } = line;
  if (jurisdiction.startsWith('IN')) return 'IN';
  // HST is the federal GST/HST registration; QST, PST and RST are the province's own.
  if (jurisdiction.startsWith('CA')) return kind === 'gst' || kind === 'hst' || kind === 'reverse_charge' ? 'CA' : jurisdiction;
  if (isMemberState(jurisdiction)) return seller.taxRegistrations.includes(jurisdiction) && seller.taxNumbers[jurisdiction] ? jurisdiction : 'EU';
  return jurisdiction;
}

/** The seller block of an invoice with these tax lines (an invoice must show the number it charges tax under). */
export function invoiceSeller(seller: SellerConfig, lines: readonly TaxLine[]): InvoiceSeller {
  const keys = [...new Set(lines.map((line) => registrationOf(line, seller)))];
  const taxNumbers = keys.flatMap((key) => {
    const value = seller.taxNumbers[key];
    const label = REGISTRATION_LABELS[key] ?? `${key} VAT`;
    return value ? [{ label, value }] : [];
  });
  return { name: seller.name, addressLines: seller.addressLines, taxNumbers };
}
