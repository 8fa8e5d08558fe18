/**
 * Words for saved cards that the host and the webview both show: brand and
 * funding names. Brand names are proper nouns; only the fallbacks translate.
 */
import { type CardBrand, type CardFunding } from './contract/paymentMethods';
import { type Translate } from './l10n';

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
    case 'diners':
      return 'Diners Club';
    case 'jcb':
      return 'JCB';
    case 'unionpay':
      return 'UnionPay';
    case 'unknown':
      return t('Card');
  }
}

/** "Credit", "Debit", "Prepaid"; null when the network did not say. */
export function cardFundingName(t: Translate, funding: CardFunding): string | null {
  switch (funding) {
    case 'credit':
      return t('Credit');
    case 'debit':
      return t('Debit');
    case 'prepaid':
      return t('Prepaid');
    case 'unknown':
      return null;
  }
}

/** "MM/YYYY", the way cards print their expiry (locale-free, for the host's messages). */
export function cardExpiryText(card: { readonly expMonth: number; readonly expYear: number }): string {
  return `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
}
