/**
 * Which notifications a snapshot change calls for (journeys 4 and 5 of docs/journeys.md, trial
 * and card reminders). Pure; remembers what was shown through `memory` so each
 * one appears once (the memory lives in globalState, shared by windows).
 */
import { type SnapshotChange } from '../account/accountSnapshot';
import { PAID_ACCESS_STATES } from '../../shared/accountState';
import { cardExpiresBefore } from '../../shared/cards';
import { cardExpiryText } from '../../shared/cardWording';
import { type DeclineAction, declineAdvice } from '../../shared/declineAdvice';
import { t } from '../l10n/localize';
import { DAY } from '../util/clock';
import { type FormatOptions, clause, daysUntil, formatDate, formatMoney } from '../util/format';
import { type NotificationMemory } from './notificationMemory';

export type NotificationAction = 'updatePaymentMethod' | 'addPaymentMethod' | 'payBalance' | 'managePlan';

export interface PlannedNotification {
  readonly id: 'paymentFailed' | 'accessRestored' | 'trialEnding' | 'cardExpiring';
  readonly severity: 'error' | 'warning' | 'info';
  /** Critical ones are never muted. */
  readonly critical: boolean;
  readonly message: string;
  readonly actions: readonly NotificationAction[];
}

/** The button title of an action (called at show time, after the translator is set). */
export function notificationActionTitle(action: NotificationAction): string {
  switch (action) {
    case 'updatePaymentMethod':
      return t('Update Payment Method');
    case 'addPaymentMethod':
      return t('Add Payment Method');
    case 'payBalance':
      return t('Pay Now');
    case 'managePlan':
      return t('Manage Plan');
  }
}

export const TRIAL_REMINDER_WINDOW_MS = 3 * DAY;

const keep = (list: readonly string[], item: string) => [...list.slice(-19), item];

const DECLINE_ACTIONS: Readonly<Record<DeclineAction, NotificationAction>> = {
  updatePaymentMethod: 'updatePaymentMethod',
  addPaymentMethod: 'addPaymentMethod',
  payNow: 'payBalance',
};

/** The help page's advice for the decline decides the first button; paying again (or, when that is the advice, a new card) the second. */
export function paymentFailedActions(declineCode: string): NotificationAction[] {
  const first = DECLINE_ACTIONS[declineAdvice(t, declineCode).action];
  return [first, first === 'payBalance' ? 'updatePaymentMethod' : 'payBalance'];
}

/**
 * Plans the notifications for one change. Only changes caused by a verified
 * answer in this window count ("refresh"); restores and syncs from other
 * windows never notify (that window already did).
 */
export function planNotifications(
  change: SnapshotChange,
  memory: NotificationMemory,
  options: { muteNonCritical: boolean; now: number; format?: FormatOptions },
): { notifications: PlannedNotification[]; memory: NotificationMemory } {
  const notifications: PlannedNotification[] = [];
  let next = memory;
  const { previous, current } = change;
  if (change.origin !== 'refresh' || current.stale || !current.signedIn || current.kind === 'checking') {
    return { notifications, memory };
  }
  const fmt = options.format ?? {};
  const account = current.account;

  const failure = account?.latestPaymentFailure;
  if (current.kind === 'pastDue' && failure && !memory.failedInvoiceIds.includes(failure.invoiceId)) {
    const retry = failure.nextRetryAt ? ` ${t("We'll retry on {0}.", formatDate(failure.nextRetryAt, fmt))}` : '';
    const { step } = declineAdvice(t, failure.declineCode);
    notifications.push({
      id: 'paymentFailed',
      severity: 'error',
      critical: true,
      message: `${t('Your payment of {0} failed: {1}. {2} Paid features are paused until it is paid.', formatMoney(failure.amountDue, fmt), clause(failure.message), step)}${retry}`,
      actions: paymentFailedActions(failure.declineCode),
    });
    next = { ...next, failedInvoiceIds: keep(next.failedInvoiceIds, failure.invoiceId) };
  }

  const wasBlocked = previous.signedIn && (previous.kind === 'pastDue' || previous.kind === 'ended');
  if (wasBlocked && PAID_ACCESS_STATES.has(current.kind) && current.kind !== 'offlineGrace') {
    notifications.push({
      id: 'accessRestored',
      severity: 'info',
      critical: true,
      message: t('Payment received. Your paid features are back — thank you!'),
      actions: [],
    });
  }

  const sub = account?.subscription;
  if (current.kind === 'trialing' && sub?.trialEnd) {
    const left = Date.parse(sub.trialEnd) - options.now;
    if (left > 0 && left <= TRIAL_REMINDER_WINDOW_MS && !memory.trialReminders.includes(sub.trialEnd)) {
      next = { ...next, trialReminders: keep(next.trialReminders, sub.trialEnd) };
      if (!options.muteNonCritical) {
        const days = daysUntil(sub.trialEnd, options.now);
        const card = account?.paymentMethod ? '' : ` ${t('Add a payment method to keep Pro.')}`;
        const date = formatDate(sub.trialEnd, fmt);
        notifications.push({
          id: 'trialEnding',
          severity: 'info',
          critical: false,
          message: `${days === 1 ? t('Your Pro trial ends in {0} day ({1}).', days, date) : t('Your Pro trial ends in {0} days ({1}).', days, date)}${card}`,
          actions: ['managePlan'],
        });
      }
    }
  }

  const card = account?.paymentMethod;
  const renewal = account?.upcomingInvoice?.date;
  if (card && renewal && PAID_ACCESS_STATES.has(current.kind) && cardExpiresBefore(card, renewal)) {
    const key = `${card.id}:${renewal}`;
    if (!memory.cardReminders.includes(key)) {
      next = { ...next, cardReminders: keep(next.cardReminders, key) };
      if (!options.muteNonCritical) {
        notifications.push({
          id: 'cardExpiring',
          severity: 'warning',
          critical: false,
          message: t('Your card ending {0} expires {1}, before your next renewal on {2}.', card.last4, cardExpiryText(card), formatDate(renewal, fmt)),
          actions: ['updatePaymentMethod'],
        });
      }
    }
  }
  return { notifications, memory: next };
}
