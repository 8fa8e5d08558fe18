/**
 * The panel's invoice history: pages fetched on demand with the service's
 * cursor, kept in memory for the life of the panel. Free of VS Code. Only the
 * newest request counts: a reset (sign-out, account change) makes answers to
 * older requests land nowhere.
 */
import { type Invoice } from '../../shared/contract/invoices';
import { type ApiClient } from '../api/apiClient';
import { errorMessage, toApiError } from '../api/apiError';
import { type InvoicesView } from '../../shared/panelProtocol';

export const INVOICE_PAGE_SIZE = 10;

export interface InvoiceHistoryDeps {
  readonly client: Pick<ApiClient, 'listInvoices'>;
  /** Called whenever `view` changed. */
  readonly onChange: () => void;
}

export class InvoiceHistory {
  private items: Invoice[] = [];
  private cursor: string | null = null;
  private hasMore = false;
  private loading = false;
  private error: InvoicesView['error'] = null;
  /** Incremented by reset(); an answer for an older generation is dropped. */
  private generation = 0;
  /** The first page was fetched successfully at least once since the last reset. */
  private loaded = false;

  constructor(private readonly deps: InvoiceHistoryDeps) {}

  get view(): InvoicesView {
    return { items: this.items, hasMore: this.hasMore, loading: this.loading, error: this.error };
  }

  find(invoiceId: string): Invoice | undefined {
    return this.items.find((invoice) => invoice.id === invoiceId);
  }

  /** Forgets everything (sign-out). */
  reset(): void {
    this.generation += 1;
    this.items = [];
    this.cursor = null;
    this.hasMore = false;
    this.loading = false;
    this.error = null;
    this.loaded = false;
    this.deps.onChange();
  }

  /** Fetches the first page unless it is already there. */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded && !this.loading) await this.reloadFirstPage();
  }

  /** Replaces the list with a fresh first page (e.g. a payment changed an invoice's status). */
  reloadFirstPage(): Promise<void> {
    return this.fetch(undefined);
  }

  /** Appends the next page; after a failed or missing first page, fetches that instead. */
  loadMore(): Promise<void> {
    if (this.loading) return Promise.resolve();
    return this.fetch(this.loaded && this.cursor ? this.cursor : undefined);
  }

  private async fetch(startingAfter: string | undefined): Promise<void> {
    const generation = this.generation;
    this.loading = true;
    this.error = null;
    this.deps.onChange();
    try {
      const page = await this.deps.client.listInvoices({ limit: INVOICE_PAGE_SIZE, startingAfter });
      if (generation !== this.generation) return;
      // Keep what is loaded unless this is the first page; a page may repeat
      // an invoice already shown when new ones arrived in between.
      const known = startingAfter ? this.items : [];
      const seen = new Set(known.map((invoice) => invoice.id));
      this.items = [...known, ...page.data.filter((invoice) => !seen.has(invoice.id))];
      this.cursor = page.nextCursor;
      this.hasMore = page.hasMore;
      this.loaded = true;
    } catch (caught) {
      if (generation !== this.generation) return;
      const error = toApiError(caught);
      this.error = { kind: error.kind, message: errorMessage(error) };
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.deps.onChange();
      }
    }
  }
}
