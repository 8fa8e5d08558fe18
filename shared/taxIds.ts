/**
 * Tax ID types the service accepts (Stripe's names), in the order the panel
 * offers them, each with its label and a format example.
 */
import { type Translate } from './l10n';

export const TAX_ID_TYPES = ['eu_vat', 'gb_vat', 'us_ein', 'au_abn', 'ca_bn', 'in_gst'] as const;
export type TaxIdType = (typeof TAX_ID_TYPES)[number];

/** How many tax IDs an account may have (the contract's maxItems). */
export const MAX_TAX_IDS = 5;

/** A well-formed example of each type, shown as the input's placeholder. */
export const TAX_ID_EXAMPLES: Readonly<Record<TaxIdType, string>> = {
  eu_vat: 'DE123456789',
  gb_vat: 'GB123456789',
  us_ein: '12-3456789',
  au_abn: '12345678912',
  ca_bn: '123456789',
  in_gst: '12ABCDE1234F1Z5',
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
