/**
 * Tax ID types the service accepts (Stripe's names), in the order the panel
 * offers them, each with its label and a format example.
 */
import { type Translate } from './l10n';

export const TAX_ID_TYPES = ['eu_vat', 'gb_vat', 'us_ein', 'au_abn', 'ca_bn', 'in_gst'] as const;
export type TaxIdType = (typeof TAX_ID_TYPES)[number];

/** How many tax IDs an account may have (the contract's maxItems). */
export const MAX_TAX_IDS = 5;

/**
 * An example of each type, shown as the input's placeholder. Each passes the
 * service's check digits (sandbox/validation/taxIdCheckDigits.ts), so the
 * example the form shows is one the service accepts.
 */
export const TAX_ID_EXAMPLES: Readonly<Record<TaxIdType, string>> = {
  eu_vat: 'DE123456788',
  gb_vat: 'GB123456782',
  us_ein: '12-3456789',
  au_abn: '51824753556',
  ca_bn: '123456782',
  in_gst: '27AAPFU0939F1ZV',
};

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
