/**
 * One resource the panel fetches whole (the saved cards, an invoice's
 * details): its last value, whether a fetch is running and why the last one
 * failed. Free of VS Code. As with the paged histories, only the newest
 * request counts: a reset makes older answers land nowhere.
 */
import { errorMessage, toApiError } from '../api/apiError';
import { type PanelError } from '../../shared/panelProtocol';

export class Loadable<T> {
  value: T | null = null;
  loading = false;
  error: PanelError | null = null;
  /** Incremented by reset() and by each load, so only the newest answer is kept. */
  private generation = 0;

  constructor(private readonly onChange: () => void) {}

  /** Fetches a new value; the old one stays shown meanwhile. Resolves false when it failed or was overtaken. */
  async load(fetch: () => Promise<T>): Promise<boolean> {
    const generation = ++this.generation;
    this.loading = true;
    this.error = null;
    this.onChange();
    try {
      const value = await fetch();
      if (generation !== this.generation) return false;
      this.value = value;
      return true;
    } catch (caught) {
      if (generation !== this.generation) return false;
      const error = toApiError(caught);
      this.error = { kind: error.kind, message: errorMessage(error) };
      return false;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.onChange();
      }
    }
  }

  /** Takes a value that arrived another way (an action answered the new list); a fetch in flight is overtaken. */
  set(value: T): void {
    this.generation += 1;
    this.value = value;
    this.loading = false;
    this.error = null;
    this.onChange();
  }

  /** Shows `error` without fetching (a request the panel refused to send). */
  fail(error: PanelError): void {
    this.generation += 1;
    this.value = null;
    this.loading = false;
    this.error = error;
    this.onChange();
  }

  reset(): void {
    this.generation += 1;
    this.value = null;
    this.loading = false;
    this.error = null;
    this.onChange();
  }
}
