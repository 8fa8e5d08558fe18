import type { ChargeOutcome } from '../../shared/contract/sandboxAdmin';
import type { CardOnFile } from './cards';
import type { BillingContext } from './context';
import { retryAfterCardChange } from './payments';
import type { UserRow } from './repository';

/**
 * Saves a card as the default (the earlier one is detached) and retries at once
 * whatever a past-due or incomplete subscription owes. Only brand, last 4 and
 * expiry are kept; the number itself never reaches the database.
 */
export function saveCard(ctx: BillingContext, user: UserRow, card: CardOnFile, chargeOutcome: ChargeOutcome, at: number) {
  ctx.repo.attachCard(user.id, {
    brand: card.brand,
    last4: card.last4,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    cardholder_name: card.name,
    charge_outcome: chargeOutcome,
    created_at: at,
  });
  return retryAfterCardChange(ctx, ctx.repo.userById(user.id)!, at);
}
