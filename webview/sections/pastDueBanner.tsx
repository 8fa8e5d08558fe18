/** The banner at the top while a payment is overdue (past due, or an unpaid subscription). */
import { type AccountSummary } from '../../shared/contract/account';
import { type AccountStateKind } from '../../shared/accountState';
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
  return (
    <Notice
      tone="error"
      icon="error"
      label={t('Payment problem')}
      class="past-due-banner"
      title={unpaid ? t('Your subscription is unpaid: {0} is outstanding', amount) : t('Payment failed: {0} is past due', amount)}
      actions={
        <>
          <vscode-button onClick={() => env.post({ type: 'openPortal', flow: 'payment_method_update' })}>
            {t('Update payment method')}
          </vscode-button>
          <vscode-button secondary onClick={() => env.post({ type: 'openPortal', flow: 'pay_outstanding_balance' })}>
            {unpaid ? t('Pay outstanding balance') : t('Pay now')}
          </vscode-button>
        </>
      }
    >
      {failure && <p class="past-due-banner__reason">{declineReason(t, failure)}</p>}
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
