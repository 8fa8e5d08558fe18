/**
 * What to do about a declined payment, from the help page's troubleshooting
 * list: an expired card → update it; insufficient funds → use another card or
 * add funds; a generic or bank decline → contact the bank, then retry. The
 * past-due banner and the payment-failed notification both say it, each with
 * the one action that does it.
 */
import { type Translate } from './l10n';

/** The action offered with the advice: edit the failing card, add another one, or pay the balance again. */
export type DeclineAction = 'updatePaymentMethod' | 'addPaymentMethod' | 'payNow';

export interface DeclineAdvice {
  /** The reason and what to do, as one text. */
  readonly advice: string;
  /** Only what to do, for a place that already states the reason in its own words. */
  readonly step: string;
  readonly action: DeclineAction;
}

export function declineAdvice(t: Translate, declineCode: string): DeclineAdvice {
  switch (declineCode) {
    case 'expired_card':
      return {
        advice: t('Your card has expired. Update it with its new expiry date, or add another card.'),
        step: t('Update the card with its new expiry date, or add another card.'),
        action: 'updatePaymentMethod',
      };
    case 'insufficient_funds':
      return {
        advice: t('Your card has insufficient funds. Use another card, or add funds and pay again.'),
        step: t('Use another card, or add funds and pay again.'),
        action: 'addPaymentMethod',
      };
    case 'lost_card':
    case 'stolen_card':
      return { advice: t('This card can no longer be used. Add another card.'), step: t('Add another card.'), action: 'addPaymentMethod' };
    case 'authentication_required':
    case 'authentication_failed':
      return {
        advice: t('Your bank asked to confirm the payment. Pay again and complete the check in the payment portal.'),
        step: t('Pay again and complete the check in the payment portal.'),
        action: 'payNow',
      };
    case 'no_payment_method':
      return { advice: t('There is no card on file. Add a card to pay.'), step: t('Add a card to pay.'), action: 'addPaymentMethod' };
    default:
      return {
        advice: t('Your bank declined the payment. Contact your bank, then pay again.'),
        step: t('Contact your bank, then pay again.'),
        action: 'payNow',
      };
  }
}
