/**
 * The sentence the panel shows once the account changed after a portal flow
 * (journeys 3, 5, 6 of docs/journeys.md). Compares the snapshot from before the portal opened with
 * the current one, so the words say what actually happened. Pure.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { PAID_ACCESS_STATES } from '../../shared/accountState';
import { t } from '../l10n/localize';

const BLOCKED = new Set(['pastDue', 'ended', 'free']);

export function portalConfirmation(before: AccountSnapshot, after: AccountSnapshot): string {
  const paidNow = PAID_ACCESS_STATES.has(after.kind) && after.kind !== 'offlineGrace';
  if (paidNow && (before.kind === 'pastDue' || before.kind === 'ended')) {
    return t('Payment received. Your {0} features are back.', after.account?.plan.name ?? 'Pro');
  }
  if (paidNow && BLOCKED.has(before.kind)) return t('Welcome to {0}. Your plan was upgraded.', after.account?.plan.name ?? 'Pro');
  const card = after.account?.paymentMethod;
  if (card && card.id !== before.account?.paymentMethod?.id) {
    return t('Payment method updated: card ending {0}.', card.last4);
  }
  const balanceBefore = before.account?.outstandingBalance.amount ?? 0;
  if (balanceBefore > 0 && (after.account?.outstandingBalance.amount ?? 0) === 0) return t('Payment received. Thank you!');
  return t('Your plan was updated.');
}
