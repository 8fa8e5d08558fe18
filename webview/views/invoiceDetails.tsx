/**
 * An invoice's details (journey 14): its lines, subtotal, each tax line with
 * its label and note (the reverse charge), total, paid and due, the billing
 * details it was issued with and its payment attempts; Download PDF, and Pay
 * now while it is open. The host fetches it (GET /v1/invoices/{id}).
 */
import { type Invoice, type InvoiceDetails, type InvoiceLine } from '../../shared/contract/invoices';
import { type InvoiceDetailsView } from '../../shared/panelProtocol';
import { type PanelEnv, usePanelEnv } from '../app/panelContext';
import { type ListView } from '../app/uiState';
import { type DownloadState, DownloadButton, InvoiceStatusBadge } from '../sections/invoices';
import { BillingFacts } from '../ui/billingFacts';
import { LoadError } from '../ui/listStates';
import { Fact, Icon } from '../ui/parts';
import { PaymentsTable } from './payments';
import { BackButton, ViewHeading } from './viewParts';

export interface InvoiceDetailsProps {
  invoiceId: string;
  from: ListView;
  view: InvoiceDetailsView;
  /** The invoice as a list showed it, for the heading while its details load. */
  listed: Pick<Invoice, 'number'> | undefined;
  download: DownloadState | undefined;
  onBack(): void;
}

export function InvoiceDetailsPage(props: InvoiceDetailsProps) {
  const env = usePanelEnv();
  const { t } = env;
  const { view, invoiceId } = props;
  const mine = view.invoiceId === invoiceId;
  const details = mine ? view.details : null;
  const number = details?.invoice.number ?? props.listed?.number;
  const retry = () => env.post({ type: 'openInvoice', invoiceId });
  return (
    <section class="section view" id="invoice-details" aria-labelledby="invoice-details-heading" aria-busy={mine && view.loading ? 'true' : 'false'}>
      <BackButton label={props.from === 'payments' ? t('Back to payments') : t('Back to invoices')} onBack={props.onBack} />
      <ViewHeading id="invoice-details-heading" after={details && <InvoiceStatusBadge status={details.invoice.status} />}>
        {number ? t('Invoice {0}', number) : t('Invoice')}
      </ViewHeading>
      {mine && view.error && !view.loading ? (
        <LoadError
          title={t("Couldn't load this invoice")}
          error={view.error}
          onRetry={retry}
          // The host's own sentence (e.g. an invoice it no longer lists) says more than "Something went wrong".
          sentence={view.error.kind === 'unknown' ? view.error.message : undefined}
        />
      ) : details ? (
        <Details details={details} download={props.download} />
      ) : (
        <p class="checking">
          <Icon name="loading" spin />
          <span>{t('Loading invoice details…')}</span>
        </p>
      )}
    </section>
  );
}

function period(env: PanelEnv, start: string | null, end: string | null): string | null {
  return start && end ? env.t('{0} – {1}', env.date(start), env.date(end)) : null;
}

function Details({ details, download }: { details: InvoiceDetails; download: DownloadState | undefined }) {
  const env = usePanelEnv();
  const { t } = env;
  const { invoice, payments } = details;
  const notes = invoice.taxLines.map((line) => line.note).filter((note): note is string => note !== null && note !== '');
  return (
    <>
      <div class="card">
        <dl class="facts">
          <Fact term={t('Issued')}>{env.date(invoice.created)}</Fact>
          <Fact term={t('Period')}>{period(env, invoice.periodStart, invoice.periodEnd)}</Fact>
          {invoice.dueDate && invoice.status === 'open' && <Fact term={t('Due')}>{env.date(invoice.dueDate)}</Fact>}
          {invoice.paidAt && <Fact term={t('Paid on')}>{env.date(invoice.paidAt)}</Fact>}
        </dl>
        <div class="table-wrap invoice-lines">
          <table class="data-table">
            <caption class="visually-hidden">{t('Invoice lines, tax and total')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Description')}</th>
                <th scope="col" class="num">
                  {t('Qty')}
                </th>
                <th scope="col" class="num">
                  {t('Amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((line, i) => (
                <LineRow key={i} line={line} />
              ))}
            </tbody>
            <tfoot>
              <SumRow label={t('Subtotal')} amount={env.money(invoice.subtotal)} />
              {invoice.taxLines.map((line, i) => (
                <SumRow key={i} label={line.label} amount={env.money(line.amount)} detail={t('on {0}', env.money(line.taxableAmount))} />
              ))}
              <SumRow label={t('Total')} amount={env.money(invoice.total)} strong />
              <SumRow label={t('Amount paid')} amount={env.money(invoice.amountPaid)} />
              <SumRow label={t('Amount due')} amount={env.money(invoice.amountDue)} strong={invoice.amountDue.amount > 0} />
            </tfoot>
          </table>
        </div>
        {notes.map((note, i) => (
          <p class="fine-print invoice-note" key={i}>
            <Icon name="info" />
            <span>{note}</span>
          </p>
        ))}
        <div class="actions">
          <DownloadButton invoice={invoice} download={download} label={t('Download PDF')} />
          {invoice.status === 'open' && invoice.amountDue.amount > 0 && (
            <vscode-button onClick={() => env.post({ type: 'openPortal', flow: 'pay_outstanding_balance' })}>{t('Pay now')}</vscode-button>
          )}
        </div>
        {download?.status === 'failed' && (
          <p class="field__error" role="alert">
            <Icon name="error" />
            <span>{t("Couldn't download invoice {0}. {1}", invoice.number, download.message ?? '')}</span>
          </p>
        )}
      </div>
      <h3 class="subheading">{t('Billed to')}</h3>
      <div class="card">
        <BillingFacts details={invoice.billingDetails} emailTerm={t('Email')} />
        <p class="fine-print">
          <Icon name="info" />
          <span>{t('As on the invoice when it was issued.')}</span>
        </p>
      </div>
      <h3 class="subheading">{t('Payment attempts')}</h3>
      {payments.length > 0 ? (
        <PaymentsTable payments={payments} caption={t('Payment attempts for this invoice, oldest first')} />
      ) : (
        <div class="card empty-state">
          <Icon name="history" />
          <p>{t('No payment was attempted for this invoice.')}</p>
        </div>
      )}
    </>
  );
}

function LineRow({ line }: { line: InvoiceLine }) {
  const env = usePanelEnv();
  const { t } = env;
  const when = period(env, line.periodStart, line.periodEnd);
  const credit = line.amount.amount < 0;
  return (
    <tr>
      <td class="wrap">
        <span>{line.description}</span>
        {when && <span class="line-period">{when}</span>}
      </td>
      <td class="num">{line.quantity}</td>
      <td class={`num${credit ? ' is-credit' : ''}`}>
        {env.money(line.amount)}
        {credit && <span class="visually-hidden">{` (${t('credit')})`}</span>}
      </td>
    </tr>
  );
}

function SumRow({ label, amount, detail, strong = false }: { label: string; amount: string; detail?: string; strong?: boolean }) {
  return (
    <tr class={strong ? 'sum-row is-strong' : 'sum-row'}>
      <th scope="row" colSpan={2}>
        {label}
        {detail && <span class="line-period">{detail}</span>}
      </th>
      <td class="num">{amount}</td>
    </tr>
  );
}
