/**
 * What to announce to assistive technology when the host posts a new state:
 * the status changes a sighted user notices at a glance.
 */
import { type PanelViewState } from '../../shared/panelProtocol';
import { errorKindSentence } from '../../shared/errorKinds';
import { type Translate } from '../../shared/l10n';

/**
 * `userRefresh`: the user pressed Refresh/Retry and waits for the outcome.
 * Background refreshes (focus, timers) are not announced, only what they
 * change (the data going stale, a payment falling past due).
 */
export function announcementFor(
  t: Translate,
  previous: PanelViewState | null,
  next: PanelViewState,
  userRefresh: boolean,
): string | null {
  if (!previous) return null;
  const parts: string[] = [];
  if (next.portal.confirmation && next.portal.confirmation !== previous.portal.confirmation) {
    parts.push(next.portal.confirmation);
  } else if (next.portal.waiting && !previous.portal.waiting) {
    parts.push(t('Waiting for the payment portal…'));
  }
  const refreshEnded = !next.refreshing && previous.refreshing;
  if (userRefresh && next.refreshing && !previous.refreshing) {
    parts.push(t('Refreshing…'));
  } else if (next.error && ((userRefresh && refreshEnded) || (next.stale && !previous.stale))) {
    parts.push(t("Couldn't refresh: {0}", errorKindSentence(t, next.error.kind)));
  } else if (userRefresh && refreshEnded) {
    parts.push(t('Account information updated.'));
  }
  if (next.kind === 'pastDue' && previous.kind !== 'pastDue') {
    parts.push(t('A payment is past due.'));
  }
  if (next.kind === 'signedOut' && previous.kind !== 'signedOut') {
    parts.push(t('Signed out.'));
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
