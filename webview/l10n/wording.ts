/**
 * Words for the contract's codes: error kinds, decline codes, card brands,
 * statuses and tax ID types. Every string is a literal passed to `t` so the
 * l10n bundle can be extracted from the source.
 */
import { type CardBrand, type InvoiceStatus, type PaymentFailure, type TaxIdType } from '../../src/api/contract';
import { type ErrorKind } from '../../src/panel/protocol';
import { type Translate } from './translate';

/** The reason for a failed request, in words. */
export function errorReason(t: Translate, kind: ErrorKind): string {
  switch (kind) {
    case 'offline':
      return t("Can't reach the billing service. Check your internet connection.");
    case 'unauthorized':
      return t('Your session has expired. Sign in again.');
    case 'rateLimited':
      return t('The billing service is busy. Try again in a moment.');
    case 'server':
      return t('The billing service had a problem. Try again later.');
    case 'invalidResponse':
      return t("The billing service sent a response that couldn't be read.");
    case 'validation':
      return t('Some details were not accepted.');
    case 'cancelled':
      return t('The request was cancelled.');
    case 'unknown':
      return t('Something went wrong.');
  }
}

/** Why a payment was declined, in words; the service's own sentence for codes we don't know. */
export function declineReason(t: Translate, failure: Pick<PaymentFailure, 'declineCode' | 'message'>): string {
  switch (failure.declineCode) {
    case 'insufficient_funds':
      return t('The card has insufficient funds.');
    case 'expired_card':
      return t('The card has expired.');
    case 'lost_card':
    case 'stolen_card':
      return t('The card was reported lost or stolen.');
    case 'incorrect_cvc':
      return t("The card's security code was incorrect.");
    case 'generic_decline':
    case 'card_declined':
    case 'do_not_honor':
      return t('The bank declined the payment.');
    case 'authentication_required':
      return t('The bank asked to confirm the payment (3-D Secure).');
    case 'processing_error':
      return t('The payment could not be processed.');
    default:
      return failure.message;
  }
}

export function cardBrandName(t: Translate, brand: CardBrand): string {
  switch (brand) {
    case 'visa':
      return 'Visa';
    case 'mastercard':
      return 'Mastercard';
    case 'amex':
      return 'American Express';
    case 'discover':
      return 'Discover';
    case 'unknown':
      return t('Card');
  }
}

export function invoiceStatusLabel(t: Translate, status: InvoiceStatus): string {
  switch (status) {
    case 'paid':
      return t('Paid');
    case 'open':
      return t('Open');
    case 'void':
      return t('Void');
    case 'uncollectible':
      return t('Uncollectible');
    case 'draft':
      return t('Draft');
  }
}

/** Readable names and a format example for each tax ID type the service accepts. */
export const TAX_ID_TYPE_INFO: Readonly<Record<TaxIdType, { example: string }>> = {
  eu_vat: { example: 'DE123456789' },
  gb_vat: { example: 'GB123456789' },
  us_ein: { example: '12-3456789' },
  au_abn: { example: '12345678912' },
  ca_bn: { example: '123456789' },
  in_gst: { example: '12ABCDE1234F1Z5' },
};

/** Tax ID types in the order the select offers them (the record's keys are checked against the contract). */
export const TAX_ID_TYPE_ORDER = Object.keys(TAX_ID_TYPE_INFO) as TaxIdType[];

export function taxIdTypeLabel(t: Translate, type: TaxIdType): string {
  switch (type) {
    case 'eu_vat':
      return t('EU VAT number');
    case 'gb_vat':
      return t('UK VAT number');
    case 'us_ein':
      return t('US Employer Identification Number (EIN)');
    case 'au_abn':
      return t('Australian Business Number (ABN)');
    case 'ca_bn':
      return t('Canadian Business Number (BN)');
    case 'in_gst':
      return t('Indian GST number (GSTIN)');
  }
}
