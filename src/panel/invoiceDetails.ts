/**
 * Journey 14 of docs/journeys.md: the invoice whose details view is open
 * (GET /v1/invoices/{id}: lines, tax, billing details as issued, payment
 * attempts). Free of VS Code. The controller checks the id is one the panel
 * listed before asking for it.
 */
import { type Invoice, type InvoiceDetails } from '../../shared/contract/invoices';
import { type InvoiceDetailsView, type PanelError } from '../../shared/panelProtocol';
import { type ApiClient } from '../api/apiClient';
import { Loadable } from './loadable';

export interface InvoiceDetailsDeps {
  readonly client: Pick<ApiClient, 'getInvoice'>;
  readonly onChange: () => void;
}

export class OpenInvoice {
  private invoiceId: string | null = null;
  private readonly details: Loadable<InvoiceDetails>;

  constructor(private readonly deps: InvoiceDetailsDeps) {
    this.details = new Loadable(deps.onChange);
  }

  get view(): InvoiceDetailsView {
    const { value, loading, error } = this.details;
    return { invoiceId: this.invoiceId, details: value, loading, error };
  }

  /** The invoice shown, once its details arrived. */
  invoice(invoiceId: string): Invoice | undefined {
    const invoice = this.details.value?.invoice;
    return invoice?.id === invoiceId ? invoice : undefined;
  }

  /** Shows `invoiceId` (details of another invoice are dropped at once). */
  async open(invoiceId: string): Promise<void> {
    if (this.invoiceId !== invoiceId) {
      this.invoiceId = invoiceId;
      this.details.reset();
    }
    await this.details.load(() => this.deps.client.getInvoice(invoiceId));
  }

  /** Fetches the open invoice again (a payment changed it). */
  async reload(): Promise<void> {
    if (this.invoiceId !== null) await this.open(this.invoiceId);
  }

  /** Shows why `invoiceId` is not shown, without asking the service. */
  refuse(invoiceId: string, error: PanelError): void {
    this.invoiceId = invoiceId;
    this.details.fail(error);
  }

  close(): void {
    this.invoiceId = null;
    this.details.reset();
  }
}
