/**
 * Words for the contract's codes the webview alone shows: decline codes,
 * invoice, line and payment statuses (error kinds, card brands, taxes and tax
 * ID types are worded in shared/). Every string is a literal passed to `t` so
 * the l10n bundle can be extracted from the source.
 */
import { type PaymentFailure } from '../../shared/contract/account';
import { type InvoiceStatus, type PaymentStatus } from '../../shared/contract/invoices';
import { type Translate } from '../../shared/l10n';

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

export function paymentStatusLabel(t: Translate, status: PaymentStatus): string {
  switch (status) {
    case 'succeeded':
      return t('Succeeded');
    case 'failed':
      return t('Failed');
    case 'refunded':
      return t('Refunded');
  }
}
