/**
 * Saved payment methods (journey 13): every card with its brand, last 4,
 * expiry, funding and the default badge, the expiry warnings, and the actions
 * — Add and Edit in the portal, Make default and Remove in the editor (the
 * host confirms a removal). The list comes from GET /v1/payment-methods; until
 * it arrives the summary's default card stands in.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { type PaymentMethodsView } from '../../shared/panelProtocol';
import { type AccountStateKind } from '../../shared/accountState';
import { cardExpiresBefore } from '../../shared/cards';
import { cardBrandName, cardFundingName } from '../../shared/cardWording';
import { type PanelEnv, usePanelEnv } from '../app/panelContext';
import { formatCardExpiry } from '../format';
import { CardBrandMark, CardName } from '../ui/cards';
import { LoadError } from '../ui/listStates';
import { Badge, ButtonIcon, Icon, Notice, Section } from '../ui/parts';
import { type IconName } from '../ui/codiconShapes';

/** The last make-default / remove outcome the host reported, shown until dismissed or replaced. */
export interface CardChangeNotice {
  readonly action: 'makeDefault' | 'remove';
  readonly status: 'done' | 'failed';
  /** The card as it was when the change was asked for (a removed card is gone from the list). */
  readonly card: Pick<PaymentMethod, 'brand' | 'last4'>;
  readonly message: string | null;
}

/** The date the default card will next be charged, if any. */
function nextChargeDate(kind: AccountStateKind, account: AccountSummary): string | null {
  if (kind === 'ended' || kind === 'free') return null;
  return account.upcomingInvoice?.date ?? null;
}

export interface PaymentMethodsProps {
  kind: AccountStateKind;
  account: AccountSummary;
  cards: PaymentMethodsView;
  notice: CardChangeNotice | null;
  onDismissNotice(): void;
}

export function PaymentMethodsSection({ kind, account, cards, notice, onDismissNotice }: PaymentMethodsProps) {
  const env = usePanelEnv();
  const { t } = env;
  // Until the list arrived, the summary's default card stands in (it can be edited, not yet removed).
  const provisional = !cards.loaded;
  const items = cards.loaded ? cards.items : account.paymentMethod ? [account.paymentMethod] : [];
  const add = () => env.post({ type: 'openPortal', flow: 'payment_method_add' });
  const chargeDate = nextChargeDate(kind, account);
  return (
    <Section
      id="payment-methods"
      title={t('Payment methods')}
      headerAction={
        items.length > 0 && (
          <vscode-button secondary onClick={add}>
            <ButtonIcon name="add" />
            {t('Add payment method')}
          </vscode-button>
        )
      }
    >
      {notice && <ChangeNotice notice={notice} onDismiss={onDismissNotice} />}
      {cards.error && !cards.loading && (
        <LoadError title={t("Couldn't load your saved cards")} error={cards.error} onRetry={() => env.post({ type: 'loadPaymentMethods' })} />
      )}
      {items.length === 0 ? (
        <div class="card">
          {cards.loading ? (
            <p class="checking" aria-busy="true">
              <Icon name="loading" spin />
              <span>{t('Loading your saved cards…')}</span>
            </p>
          ) : (
            <>
              <p class="muted">{t('No payment method on file.')}</p>
              <div class="actions">
                <vscode-button secondary onClick={add}>
                  <ButtonIcon name="add" />
                  {t('Add payment method')}
                </vscode-button>
              </div>
            </>
          )}
        </div>
      ) : (
        <ul class="payment-methods plain-list" aria-busy={cards.loading ? 'true' : 'false'} aria-label={t('Saved cards')}>
          {items.map((card) => (
            <CardItem key={card.id} card={card} chargeDate={chargeDate} provisional={provisional} cards={cards} />
          ))}
        </ul>
      )}
      <p class="fine-print">
        <Icon name="lock" />
        <span>{t('We accept all major credit and debit cards. Card details are entered only in the secure payment portal, never in the editor.')}</span>
      </p>
    </Section>
  );
}

function ChangeNotice({ notice, onDismiss }: { notice: CardChangeNotice; onDismiss(): void }) {
  const { t } = usePanelEnv();
  const dismiss = (
    <vscode-button secondary onClick={onDismiss}>
      {t('Dismiss')}
    </vscode-button>
  );
  const brand = cardBrandName(t, notice.card.brand);
  if (notice.status === 'failed') {
    return (
      <Notice
        tone="error"
        icon="error"
        class="card-change-notice"
        title={notice.action === 'remove' ? t("Couldn't remove the card") : t("Couldn't change the default card")}
        actions={dismiss}
      >
        <p>{notice.message ?? t('Something went wrong.')}</p>
      </Notice>
    );
  }
  return (
    <Notice
      tone="success"
      icon="pass"
      class="card-change-notice"
      title={
        notice.action === 'remove'
          ? t('{0} ending in {1} was removed.', brand, notice.card.last4)
          : t('{0} ending in {1} is now your default card.', brand, notice.card.last4)
      }
      actions={dismiss}
    />
  );
}

/** What is wrong with a card's expiry, if anything: expired, or gone before the next charge. */
function expiryProblem(env: PanelEnv, card: PaymentMethod, chargeDate: string | null): 'expired' | 'beforeCharge' | null {
  if (cardExpiresBefore(card, env.now)) return 'expired';
  return chargeDate !== null && cardExpiresBefore(card, chargeDate) ? 'beforeCharge' : null;
}

function CardItem(props: { card: PaymentMethod; chargeDate: string | null; provisional: boolean; cards: PaymentMethodsView }) {
  const { card, chargeDate, provisional, cards } = props;
  const env = usePanelEnv();
  const { t } = env;
  const brand = cardBrandName(t, card.brand);
  const named = t('{0} ending in {1}', brand, card.last4);
  const problem = expiryProblem(env, card, chargeDate);
  const funding = cardFundingName(t, card.funding);
  const pending = cards.pending?.paymentMethodId === card.id ? cards.pending.action : null;
  // One change at a time: the host refuses a second one anyway.
  const busy = cards.pending !== null;
  const expiry = formatCardExpiry(card, env.locale);
  return (
    <li class={`card payment-method${card.isDefault ? ' is-default' : ''}`}>
      <div class="payment-card">
        <CardBrandMark brand={card.brand} />
        <div class="payment-card__body">
          <p class="payment-card__number">
            <CardName card={card} />
            {card.isDefault && (
              <Badge tone="info" icon="star-full">
                {t('Default')}
              </Badge>
            )}
            {funding && <span class="payment-card__funding">{funding}</span>}
          </p>
          <p class={`payment-card__expiry${problem === 'expired' ? ' is-error' : ''}`}>
            {problem === 'expired' ? t('Expired {0}', expiry) : t('Expires {0}', expiry)}
            {card.cardholderName && <span class="payment-card__holder">{` · ${card.cardholderName}`}</span>}
          </p>
        </div>
      </div>
      {problem === 'expired' && (
        <Notice tone="error" icon="error">
          <p>
            {card.isDefault
              ? t('This card has expired. Update it, or add a new card to keep paying for your plan.')
              : t('This card has expired. Update it or remove it.')}
          </p>
        </Notice>
      )}
      {problem === 'beforeCharge' && chargeDate && (
        <Notice tone="warning" icon="warning">
          <p>
            {card.isDefault
              ? t('This card expires before your next payment on {0}. Update it to avoid an interruption.', env.date(chargeDate))
              : t('This card expires before your next payment on {0}.', env.date(chargeDate))}
          </p>
        </Notice>
      )}
      <div class="actions">
        <vscode-button
          secondary={!(problem && card.isDefault)}
          aria-label={t('Edit {0}', named)}
          disabled={busy}
          onClick={() => env.post({ type: 'openPortal', flow: 'payment_method_update', paymentMethodId: card.id })}
        >
          <ButtonIcon name="edit" />
          {t('Edit')}
        </vscode-button>
        {!card.isDefault && !provisional && (
          <ChangeButton
            busy={pending === 'makeDefault'}
            disabled={busy}
            icon="star-empty"
            label={t('Make default')}
            busyLabel={t('Making default…')}
            name={t('Make default: {0}', named)}
            onClick={() => env.post({ type: 'makeDefaultPaymentMethod', paymentMethodId: card.id })}
          />
        )}
        {!provisional && (
          <ChangeButton
            busy={pending === 'remove'}
            disabled={busy}
            icon="trash"
            label={t('Remove')}
            busyLabel={t('Removing…')}
            name={t('Remove {0}', named)}
            onClick={() => env.post({ type: 'removePaymentMethod', paymentMethodId: card.id })}
          />
        )}
      </div>
    </li>
  );
}

/** Make default or Remove: a change the host carries out, busy while it runs. */
function ChangeButton(props: { busy: boolean; disabled: boolean; icon: IconName; label: string; busyLabel: string; name: string; onClick(): void }) {
  return (
    <vscode-button
      secondary
      aria-busy={props.busy ? 'true' : 'false'}
      aria-label={props.name}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <ButtonIcon name={props.busy ? 'loading' : props.icon} spin={props.busy} />
      {props.busy ? props.busyLabel : props.label}
    </vscode-button>
  );
}
