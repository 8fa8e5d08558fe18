/**
 * The Payments view (journey 14): every charge attempt and refund, newest
 * first, with date, invoice, amount as charged, card and status, paged with
 * "Load more". Its rows also list an invoice's attempts in the details view.
 */
import { type Payment, type PaymentStatus } from '../../shared/contract/invoices';
import { type PaymentsView } from '../../shared/panelProtocol';
import { usePanelEnv } from '../app/panelContext';
import { declineReason, paymentStatusLabel } from '../l10n/wording';
import { OpenInvoiceButton } from '../sections/invoices';
import { CardName } from '../ui/cards';
import { PagedListEnd } from '../ui/listStates';
import { Badge, Icon, type Tone } from '../ui/parts';
import { type IconName } from '../ui/codiconShapes';
import { BackButton, ViewHeading } from './viewParts';

const STATUS_LOOK: Readonly<Record<PaymentStatus, { tone: Tone; icon: IconName }>> = {
  succeeded: { tone: 'success', icon: 'pass' },
  failed: { tone: 'error', icon: 'error' },
  refunded: { tone: 'neutral', icon: 'discard' },
};

/** One payment as a table row (plus its decline reason under it); `onOpenInvoice` adds the invoice column. */
export function PaymentRow({ payment, onOpenInvoice }: { payment: Payment; onOpenInvoice?: (invoiceId: string) => void }) {
  const env = usePanelEnv();
  const { t } = env;
  const look = STATUS_LOOK[payment.status];
  const columns = onOpenInvoice ? 5 : 4;
  return (
    <>
      <tr>
        <td>{env.dateTime(payment.created)}</td>
        {onOpenInvoice && (
          <td>
            <OpenInvoiceButton invoiceId={payment.invoiceId} number={payment.invoiceNumber} onOpen={onOpenInvoice} />
          </td>
        )}
        <td class="num">{env.money(payment.amount)}</td>
        <td>{payment.card ? <CardName card={payment.card} /> : <span class="muted">{t('No card on file')}</span>}</td>
        <td>
          <Badge tone={look.tone} icon={look.icon}>
            {paymentStatusLabel(t, payment.status)}
          </Badge>
        </td>
      </tr>
      {payment.status === 'failed' && (payment.declineCode || payment.declineMessage) && (
        <tr class="row-message">
          <td colSpan={columns}>
            <Icon name="error" />
            <span>{declineReason(t, { declineCode: payment.declineCode ?? '', message: payment.declineMessage ?? '' })}</span>
          </td>
        </tr>
      )}
    </>
  );
}

export function PaymentsTable({ payments, caption, onOpenInvoice, loading = false }: { payments: readonly Payment[]; caption: string; onOpenInvoice?: (invoiceId: string) => void; loading?: boolean }) {
  const { t } = usePanelEnv();
  const columns = onOpenInvoice ? 5 : 4;
  return (
    <div class="table-wrap">
      <table class="payments data-table" aria-busy={loading ? 'true' : 'false'}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Date')}</th>
            {onOpenInvoice && <th scope="col">{t('Invoice')}</th>}
            <th scope="col" class="num">
              {t('Amount')}
            </th>
            <th scope="col">{t('Card')}</th>
            <th scope="col">{t('Status')}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <PaymentRow key={payment.id} payment={payment} onOpenInvoice={onOpenInvoice} />
          ))}
          {loading && (
            <tr class="loading-row">
              <td colSpan={columns}>
                <Icon name="loading" spin />
                <span>{t('Loading payments…')}</span>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function PaymentsViewPage({ payments, onBack, onOpenInvoice }: { payments: PaymentsView; onBack(): void; onOpenInvoice(invoiceId: string): void }) {
  const env = usePanelEnv();
  const { t } = env;
  const { items, loading, error } = payments;
  const loadMore = () => env.post({ type: 'loadMorePayments' });
  return (
    <section class="section view" id="payments" aria-labelledby="payments-heading">
      <BackButton label={t('Back to the overview')} onBack={onBack} />
      <ViewHeading id="payments-heading">{t('Payments')}</ViewHeading>
      <p class="view__intro muted">{t('Every payment and refund, with the card it was made with.')}</p>
      {items.length === 0 && !loading && !error ? (
        <div class="card empty-state">
          <Icon name="history" />
          <p>{t('No payments yet.')}</p>
        </div>
      ) : (
        (items.length > 0 || loading) && <PaymentsTable payments={items} caption={t('All payments, newest first')} onOpenInvoice={onOpenInvoice} loading={loading} />
      )}
      <PagedListEnd view={payments} errorTitle={t("Couldn't load payments")} onMore={loadMore} />
    </section>
  );
}
