/** Payment method: brand, last 4, expiry, an expiry warning, and the portal link to change it. */
import { type AccountSummary } from '../../shared/contract/account';
import { type AccountStateKind } from '../../shared/accountState';
import { usePanelEnv } from '../app/panelContext';
import { cardExpiresBefore } from '../../shared/cards';
import { formatCardExpiry } from '../format';
import { cardBrandName } from '../l10n/wording';
import { Icon, Notice, Section } from '../ui/parts';

/** The date the card will next be charged, if any. */
function nextChargeDate(kind: AccountStateKind, account: AccountSummary): string | null {
  if (kind === 'ended' || kind === 'free') return null;
  return account.upcomingInvoice?.date ?? null;
}

export function PaymentMethodSection({ kind, account }: { kind: AccountStateKind; account: AccountSummary }) {
  const env = usePanelEnv();
  const { t } = env;
  const card = account.paymentMethod;
  const update = () => env.post({ type: 'openPortal', flow: 'payment_method_update' });
  if (!card) {
    return (
      <Section id="payment-method" title={t('Payment method')}>
        <div class="card">
          <p class="muted">{t('No payment method on file.')}</p>
          <div class="actions">
            <vscode-button secondary icon="add" onClick={update}>
              {t('Add payment method')}
            </vscode-button>
          </div>
        </div>
      </Section>
    );
  }
  const chargeDate = nextChargeDate(kind, account);
  const expired = cardExpiresBefore(card, env.now);
  const expiresBeforeCharge = !expired && chargeDate !== null && cardExpiresBefore(card, chargeDate);
  const brand = cardBrandName(t, card.brand);
  return (
    <Section id="payment-method" title={t('Payment method')}>
      <div class="card">
        <div class="payment-card">
          <span class="payment-card__icon">
            <Icon name="credit-card" />
          </span>
          <div>
            <p class="payment-card__number">
              {/* The dots are spoken as "ending in" so screen readers don't read "bullet" four times. */}
              <span aria-hidden="true">{`${brand} •••• ${card.last4}`}</span>
              <span class="visually-hidden">{t('{0} ending in {1}', brand, card.last4)}</span>
            </p>
            <p class={`payment-card__expiry${expired ? ' is-error' : ''}`}>
              {expired
                ? t('Expired {0}', formatCardExpiry(card, env.locale))
                : t('Expires {0}', formatCardExpiry(card, env.locale))}
            </p>
          </div>
        </div>
        {expired && (
          <Notice tone="error" icon="error">
            <p>{t('This card has expired. Add a new card to keep paying for your plan.')}</p>
          </Notice>
        )}
        {expiresBeforeCharge && chargeDate && (
          <Notice tone="warning" icon="warning">
            <p>{t('This card expires before your next payment on {0}. Update it to avoid an interruption.', env.date(chargeDate))}</p>
          </Notice>
        )}
        <div class="actions">
          <vscode-button secondary={!expired && !expiresBeforeCharge} onClick={update}>
            {t('Update payment method')}
          </vscode-button>
        </div>
        <p class="fine-print">
          <Icon name="lock" />
          <span>{t('Card details are entered only in the secure payment portal, never in the editor.')}</span>
        </p>
      </div>
    </Section>
  );
}
