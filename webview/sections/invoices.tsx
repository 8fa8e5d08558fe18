/** Invoice history: a real table (date, number, amount, status, PDF), "Load more", loading, empty and error states. */
import { type Invoice, type InvoiceStatus } from '../../shared/contract/invoices';
import { type InvoicesView } from '../../shared/panelProtocol';
import { usePanelEnv } from '../app/panelContext';
import { errorKindSentence } from '../../shared/errorKinds';
import { invoiceStatusLabel } from '../l10n/wording';
import { Badge, Icon, Notice, Section, type Tone } from '../ui/parts';

/** The last `downloadProgress` the host posted for an invoice. */
export interface DownloadState {
  status: 'started' | 'done' | 'cancelled' | 'failed';
  message: string | null;
}

const STATUS_LOOK: Readonly<Record<InvoiceStatus, { tone: Tone; icon: string }>> = {
  paid: { tone: 'success', icon: 'pass' },
  open: { tone: 'info', icon: 'circle-large-outline' },
  void: { tone: 'neutral', icon: 'circle-slash' },
  uncollectible: { tone: 'error', icon: 'error' },
  draft: { tone: 'draft', icon: 'edit' },
};

export function InvoicesSection({
  invoices,
  downloads,
}: {
  invoices: InvoicesView;
  downloads: Readonly<Record<string, DownloadState>>;
}) {
  const env = usePanelEnv();
  const { t } = env;
  const { items, loading, hasMore, error } = invoices;
  const loadMore = () => env.post({ type: 'loadMoreInvoices' });
  return (
    <Section id="invoices" title={t('Invoices')}>
      {items.length === 0 && !loading && !error ? (
        <div class="card empty-state">
          <Icon name="file" />
          <p>{t('No invoices yet. Invoices appear here after your first payment.')}</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="invoices" aria-busy={loading ? 'true' : 'false'}>
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
                <InvoiceRow key={invoice.id} invoice={invoice} download={downloads[invoice.id]} />
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
      {error && !loading && (
        <Notice
          tone="error"
          icon="error"
          title={t("Couldn't load invoices")}
          actions={
            <vscode-button secondary onClick={loadMore}>
              {t('Try again')}
            </vscode-button>
          }
        >
          <p>{errorKindSentence(t, error.kind)}</p>
        </Notice>
      )}
      {hasMore && !loading && !error && (
        <div class="actions">
          <vscode-button secondary icon="chevron-down" onClick={loadMore}>
            {t('Load more')}
          </vscode-button>
        </div>
      )}
    </Section>
  );
}

function InvoiceRow({ invoice, download }: { invoice: Invoice; download: DownloadState | undefined }) {
  const env = usePanelEnv();
  const { t } = env;
  const look = STATUS_LOOK[invoice.status];
  const busy = download?.status === 'started';
  const credit = invoice.total.amount < 0;
  return (
    <>
      <tr>
        <td>{env.date(invoice.created)}</td>
        <td class="mono">{invoice.number}</td>
        <td class={`num${credit ? ' is-credit' : ''}`}>
          {env.money(invoice.total)}
          {credit && <span class="visually-hidden">{` (${t('credit')})`}</span>}
        </td>
        <td>
          <Badge tone={look.tone} icon={look.icon}>
            {invoiceStatusLabel(t, invoice.status)}
          </Badge>
          {/* The payment date, where it isn't the invoice's own date. */}
          {invoice.status === 'paid' && invoice.paidAt && env.date(invoice.paidAt) !== env.date(invoice.created) && (
            <span class="paid-on">{t('on {0}', env.date(invoice.paidAt))}</span>
          )}
        </td>
        <td class="actions-col">
          <vscode-button
            secondary
            icon={busy ? 'loading' : download?.status === 'done' ? 'check' : 'download'}
            iconSpin={busy}
            aria-busy={busy ? 'true' : 'false'}
            aria-label={
              busy
                ? t('Downloading the PDF of invoice {0}…', invoice.number)
                : t('Download the PDF of invoice {0}', invoice.number)
            }
            title={t('Download PDF')}
            onClick={() => {
              if (!busy) env.post({ type: 'downloadInvoice', invoiceId: invoice.id });
            }}
          >
            {busy ? t('Downloading…') : t('PDF')}
          </vscode-button>
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
