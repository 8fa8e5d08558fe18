/**
 * The banner at the top while a payment is overdue (past due, or an unpaid
 * subscription): the amount, the reason, the help page's advice for that
 * decline (shared/declineAdvice.ts) and, first, the action that does it.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type WebviewToHostMessage } from '../../shared/panelProtocol';
import { type AccountStateKind } from '../../shared/accountState';
import { type DeclineAction, declineAdvice } from '../../shared/declineAdvice';
import { usePanelEnv } from '../app/panelContext';
import { declineReason } from '../l10n/wording';
import { Notice } from '../ui/parts';

/** Whether the banner shows: it then carries the account's fix-payment actions. */
export function showsPastDueBanner(kind: AccountStateKind, account: AccountSummary): boolean {
  return kind === 'pastDue' || (kind === 'ended' && account.subscription?.status === 'unpaid');
}

export function PastDueBanner({ kind, account }: { kind: AccountStateKind; account: AccountSummary }) {
  const env = usePanelEnv();
  const { t } = env;
  if (!showsPastDueBanner(kind, account)) return null;
  const failure = account.latestPaymentFailure;
  const amount = env.money(failure?.amountDue ?? account.outstandingBalance);
  const unpaid = kind === 'ended';
  const advice = failure ? declineAdvice(t, failure.declineCode) : null;
  // The advised action first; paying again (or, when that is the advice, updating the card) beside it.
  const first: DeclineAction = advice?.action ?? 'updatePaymentMethod';
  const second: DeclineAction = first === 'payNow' ? 'updatePaymentMethod' : 'payNow';
  const card = account.paymentMethod;
  const actions: Record<DeclineAction, { label: string; message: WebviewToHostMessage }> = {
    // Edits the card that was declined (new expiry); without one on file, the portal asks for a card.
    updatePaymentMethod: {
      label: t('Update payment method'),
      message: card ? { type: 'openPortal', flow: 'payment_method_update', paymentMethodId: card.id } : { type: 'openPortal', flow: 'payment_method_update' },
    },
    addPaymentMethod: { label: t('Add payment method'), message: { type: 'openPortal', flow: 'payment_method_add' } },
    payNow: { label: unpaid ? t('Pay outstanding balance') : t('Pay now'), message: { type: 'openPortal', flow: 'pay_outstanding_balance' } },
  };
  return (
    <Notice
      tone="error"
      icon="error"
      label={t('Payment problem')}
      class="past-due-banner"
      title={unpaid ? t('Your subscription is unpaid: {0} is outstanding', amount) : t('Payment failed: {0} is past due', amount)}
      actions={
        <>
          <vscode-button onClick={() => env.post(actions[first].message)}>{actions[first].label}</vscode-button>
          <vscode-button secondary onClick={() => env.post(actions[second].message)}>
            {actions[second].label}
          </vscode-button>
        </>
      }
    >
      {failure && <p class="past-due-banner__reason">{declineReason(t, failure)}</p>}
      {advice && <p class="past-due-banner__advice">{advice.step}</p>}
      <p class="past-due-banner__details">
        {failure && (
          <span>
            {failure.attemptCount === 1
              ? t('1 payment attempt failed')
              : t('{0} payment attempts failed', failure.attemptCount)}
          </span>
        )}
        {failure && (
          <span class="separator" aria-hidden="true">
            ·
          </span>
        )}
        <span>
          {failure?.nextRetryAt
            ? t('Next automatic retry on {0}', env.date(failure.nextRetryAt))
            : t('No automatic retry is scheduled')}
        </span>
      </p>
      <p>
        {unpaid
          ? t('Pay the outstanding balance to reactivate your plan.')
          : t('Paid features are paused until the payment goes through.')}
      </p>
    </Notice>
  );
}
