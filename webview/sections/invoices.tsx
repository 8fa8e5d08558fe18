/**
 * Invoice history: a real table (date, number, amount, status, PDF), "Load
 * more", loading, empty and error states. Each number opens the invoice's
 * details; the header leads to every payment.
 */
import { type Invoice, type InvoiceStatus } from '../../shared/contract/invoices';
import { type InvoicesView } from '../../shared/panelProtocol';
import { usePanelEnv } from '../app/panelContext';
import { invoiceStatusLabel } from '../l10n/wording';
import { PagedListEnd } from '../ui/listStates';
import { Badge, ButtonIcon, Icon, Section, type Tone } from '../ui/parts';
import { type IconName } from '../ui/codiconShapes';

/** The last `downloadProgress` the host posted for an invoice. */
export interface DownloadState {
  status: 'started' | 'done' | 'cancelled' | 'failed';
  message: string | null;
}

const STATUS_LOOK: Readonly<Record<InvoiceStatus, { tone: Tone; icon: IconName }>> = {
  paid: { tone: 'success', icon: 'pass' },
  open: { tone: 'info', icon: 'circle-large-outline' },
  void: { tone: 'neutral', icon: 'circle-slash' },
  uncollectible: { tone: 'error', icon: 'error' },
  draft: { tone: 'draft', icon: 'edit' },
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = usePanelEnv();
  const look = STATUS_LOOK[status];
  return (
    <Badge tone={look.tone} icon={look.icon}>
      {invoiceStatusLabel(t, status)}
    </Badge>
  );
}

/** The attribute an element that opens an invoice's details carries (focus returns to it on the way back). */
export const OPEN_INVOICE_ATTRIBUTE = 'data-open-invoice';

/** An invoice number that opens its details. */
export function OpenInvoiceButton({ invoiceId, number, onOpen }: { invoiceId: string; number: string; onOpen(invoiceId: string): void }) {
  const { t } = usePanelEnv();
  return (
    <button type="button" class="link-button mono" {...{ [OPEN_INVOICE_ATTRIBUTE]: invoiceId }} aria-label={t('View invoice {0}', number)} onClick={() => onOpen(invoiceId)}>
      {number}
    </button>
  );
}

export function InvoicesSection({
  invoices,
  downloads,
  onOpenInvoice,
  onShowPayments,
}: {
  invoices: InvoicesView;
  downloads: Readonly<Record<string, DownloadState>>;
  onOpenInvoice(invoiceId: string): void;
  onShowPayments(): void;
}) {
  const env = usePanelEnv();
  const { t } = env;
  const { items, loading, error } = invoices;
  const loadMore = () => env.post({ type: 'loadMoreInvoices' });
  return (
    <Section
      id="invoices"
      title={t('Invoices')}
      headerAction={
        // Every payment belongs to an invoice: with none, there is nothing to list.
        (items.length > 0 || loading || error) && (
          <vscode-button id="show-payments" secondary onClick={onShowPayments}>
            <ButtonIcon name="history" />
            {t('Payments')}
          </vscode-button>
        )
      }
    >
      {items.length === 0 && !loading && !error ? (
        <div class="card empty-state">
          <Icon name="file" />
          <p>{t('No invoices yet. Invoices appear here after your first payment.')}</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="invoices data-table" aria-busy={loading ? 'true' : 'false'}>
            <caption class="visually-hidden">{t('Invoice history, newest first')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Date')}</th>
                <th scope="col">{t('Invoice')}</th>
                <th scope="col" class="num">
                  {t('Amount')}
                </th>
                <th scope="col">{t('Status')}</th>
                <th scope="col" class="actions-col">
                  <span class="visually-hidden">{t('Download')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((invoice) => (
                <InvoiceRow key={invoice.id} invoice={invoice} download={downloads[invoice.id]} onOpen={onOpenInvoice} />
              ))}
              {loading && (
                <tr class="loading-row">
                  <td colSpan={5}>
                    <Icon name="loading" spin />
                    <span>{t('Loading invoices…')}</span>
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <PagedListEnd view={invoices} errorTitle={t("Couldn't load invoices")} onMore={loadMore} />
    </Section>
  );
}

function InvoiceRow({ invoice, download, onOpen }: { invoice: Invoice; download: DownloadState | undefined; onOpen(invoiceId: string): void }) {
  const env = usePanelEnv();
  const { t } = env;
  const credit = invoice.total.amount < 0;
  return (
    <>
      <tr>
        <td>{env.date(invoice.created)}</td>
        <td>
          <OpenInvoiceButton invoiceId={invoice.id} number={invoice.number} onOpen={onOpen} />
        </td>
        <td class={`num${credit ? ' is-credit' : ''}`}>
          {env.money(invoice.total)}
          {credit && <span class="visually-hidden">{` (${t('credit')})`}</span>}
        </td>
        <td>
          <InvoiceStatusBadge status={invoice.status} />
          {/* The payment date, where it isn't the invoice's own date. */}
          {invoice.status === 'paid' && invoice.paidAt && env.date(invoice.paidAt) !== env.date(invoice.created) && (
            <span class="paid-on">{t('on {0}', env.date(invoice.paidAt))}</span>
          )}
        </td>
        <td class="actions-col">
          <DownloadButton invoice={invoice} download={download} label={t('PDF')} />
        </td>
      </tr>
      {download?.status === 'failed' && (
        <tr class="row-message">
          <td colSpan={5}>
            <Icon name="error" />
            <span>{t("Couldn't download invoice {0}. {1}", invoice.number, download.message ?? '')}</span>
          </td>
        </tr>
      )}
    </>
  );
}

/** Downloads an invoice's PDF through the host, showing the host's progress. */
export function DownloadButton({ invoice, download, label }: { invoice: Pick<Invoice, 'id' | 'number'>; download: DownloadState | undefined; label: string }) {
  const env = usePanelEnv();
  const { t } = env;
  const busy = download?.status === 'started';
  return (
    <vscode-button
      secondary
      aria-busy={busy ? 'true' : 'false'}
      aria-label={busy ? t('Downloading… PDF of invoice {0}', invoice.number) : t('Download PDF of invoice {0}', invoice.number)}
      title={t('Download PDF')}
      onClick={() => {
        if (!busy) env.post({ type: 'downloadInvoice', invoiceId: invoice.id });
      }}
    >
      <ButtonIcon name={busy ? 'loading' : download?.status === 'done' ? 'check' : 'download'} spin={busy} />
      {busy ? t('Downloading…') : label}
    </vscode-button>
  );
}
