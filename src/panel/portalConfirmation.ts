/**
 * The sentence the panel shows once the account changed after a portal flow
 * (journeys 3, 5, 6, 13 of docs/journeys.md). Compares the state from before
 * the portal opened with the current one, so the words say what actually
 * happened. Pure.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { PAID_ACCESS_STATES } from '../../shared/accountState';
import { cardBrandName } from '../../shared/cardWording';
import { planName } from '../../shared/planTiers';
import { t } from '../l10n/localize';

const BLOCKED = new Set(['pastDue', 'ended', 'free']);

/**
 * What the account's change says happened, or null when nothing in particular
 * (the caller decides the words). `cardList`: the caller compares the saved
 * cards itself (a card flow), whose words for a new or edited card say more
 * than "payment method updated".
 */
export function portalConfirmation(before: AccountSnapshot, after: AccountSnapshot, options: { cardList?: boolean } = {}): string | null {
  const pending = before.account?.pendingPlanChange;
  if (pending && !after.account?.pendingPlanChange && after.account?.plan.id === pending.to.planId) {
    return t('Payment received. You are on {0} now.', planName(pending.to.planId));
  }
  const paidNow = PAID_ACCESS_STATES.has(after.kind) && after.kind !== 'offlineGrace';
  if (paidNow && (before.kind === 'pastDue' || before.kind === 'ended')) {
    return t('Payment received. Your {0} features are back.', after.account?.plan.name ?? planName(after.plan ?? 'pro'));
  }
  if (paidNow && BLOCKED.has(before.kind)) return t('Welcome to {0}. Your plan was updated.', after.account?.plan.name ?? planName(after.plan ?? 'pro'));
  const card = after.account?.paymentMethod;
  if (!options.cardList && card && card.id !== before.account?.paymentMethod?.id) {
    return t('Payment method updated: card ending {0}.', card.last4);
  }
  const balanceBefore = before.account?.outstandingBalance.amount ?? 0;
  if (balanceBefore > 0 && (after.account?.outstandingBalance.amount ?? 0) === 0) return t('Payment received. Thank you!');
  return null;
}

/** The words for a change nothing more specific describes. */
export function genericPortalConfirmation(): string {
  return t('Your plan was updated.');
}

/**
 * What changed in the saved cards since a card flow opened the portal: a card
 * added, or one edited (new expiry, billing address). Null while nothing did.
 */
export function cardListConfirmation(before: readonly PaymentMethod[], after: readonly PaymentMethod[]): string | null {
  const added = after.find((card) => !before.some((old) => old.id === card.id));
  if (added) return t('Card added: {0} ending {1}.', cardBrandName(t, added.brand), added.last4);
  const edited = after.find((card) => {
    const old = before.find((b) => b.id === card.id);
    return old !== undefined && JSON.stringify({ ...old, isDefault: card.isDefault }) !== JSON.stringify(card);
  });
  if (edited) return t('Card ending {0} updated.', edited.last4);
  return null;
}
