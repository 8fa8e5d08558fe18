/**
 * A history the panel fetches page by page with the service's cursor
 * (invoices, payments), kept in memory for the life of the panel. Free of VS
 * Code. Only the newest request counts: a reset (sign-out, account change)
 * makes answers to older requests land nowhere.
 */
import { type PageQuery } from '../../shared/contract/invoices';
import { errorMessage, toApiError } from '../api/apiError';
import { type PanelError } from '../../shared/panelProtocol';

/** How many items the panel asks for at a time ("Load more"). */
export const PAGE_SIZE = 10;

export interface Page<T> {
  readonly data: readonly T[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
}

export interface PagedView<T> {
  readonly items: T[];
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly error: PanelError | null;
}

export interface PagedHistoryDeps<T> {
  /** One page of the list, e.g. the API client's listInvoices. */
  readonly fetchPage: (query: PageQuery) => Promise<Page<T>>;
  /** Called whenever `view` changed. */
  readonly onChange: () => void;
}

export class PagedHistory<T extends { readonly id: string }> {
  private items: T[] = [];
  private cursor: string | null = null;
  private hasMore = false;
  private loading = false;
  private error: PanelError | null = null;
  /** Incremented by reset(); an answer for an older generation is dropped. */
  private generation = 0;
  /** The first page was fetched successfully at least once since the last reset. */
  private loaded = false;

  constructor(private readonly deps: PagedHistoryDeps<T>) {}

  get view(): PagedView<T> {
    return { items: this.items, hasMore: this.hasMore, loading: this.loading, error: this.error };
  }

  /** The first page was fetched since the last reset. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  find(id: string): T | undefined {
    return this.items.find((item) => item.id === id);
  }

  /** Forgets everything (sign-out, another account). */
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
      const page = await this.deps.fetchPage({ limit: PAGE_SIZE, startingAfter });
      if (generation !== this.generation) return;
      // Keep what is loaded unless this is the first page; a page may repeat
      // an item already shown when new ones arrived in between.
      const known = startingAfter ? this.items : [];
      const seen = new Set(known.map((item) => item.id));
      this.items = [...known, ...page.data.filter((item) => !seen.has(item.id))];
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
