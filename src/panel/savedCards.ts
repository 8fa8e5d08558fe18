/**
 * Journey 13 of docs/journeys.md: the account's saved cards as the panel
 * shows them, and the two changes the editor makes itself — choosing the
 * default card and removing one (no card data involved; adding and editing
 * happen in the portal). Free of VS Code: the confirmation comes in as a
 * function.
 */
import { randomUUID } from 'node:crypto';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { type PaymentMethodAction, type PaymentMethodsView } from '../../shared/panelProtocol';
import { type ApiClient } from '../api/apiClient';
import { type ApiError, errorMessage, toApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { Loadable } from './loadable';

export interface SavedCardsDeps {
  readonly client: Pick<ApiClient, 'listPaymentMethods' | 'setDefaultPaymentMethod' | 'removePaymentMethod'>;
  /** Called whenever `view` changed. */
  readonly onChange: () => void;
}

export type CardChangeOutcome =
  | { readonly status: 'done' }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string };

/** Why the service refused a card change, as a sentence; its own words for codes we don't know. */
export function cardProblemSentence(error: ApiError): string {
  switch (error.details.problemCode) {
    case 'last_payment_method':
      return t('This is the only card of a subscription that still charges. Add another card first, then remove this one.');
    case 'payment_method_not_found':
      return t('This card is no longer on file. The list shows your cards as they are now.');
    default:
      return errorMessage(error);
  }
}

export class SavedCards {
  private readonly list: Loadable<readonly PaymentMethod[]>;
  private pending: { readonly paymentMethodId: string; readonly action: PaymentMethodAction } | null = null;
  /** Incremented by reset(): a change answered after a sign-out must not show the old account's cards. */
  private epoch = 0;

  constructor(private readonly deps: SavedCardsDeps) {
    this.list = new Loadable(deps.onChange);
  }

  get view(): PaymentMethodsView {
    const { value, loading, error } = this.list;
    return { items: value ? [...value] : [], loaded: value !== null, loading, error, pending: this.pending };
  }

  /** The cards as last fetched, or undefined before the first answer. */
  get items(): readonly PaymentMethod[] | undefined {
    return this.list.value ?? undefined;
  }

  find(paymentMethodId: string): PaymentMethod | undefined {
    return this.list.value?.find((card) => card.id === paymentMethodId);
  }

  reset(): void {
    this.epoch += 1;
    this.pending = null;
    this.list.reset();
  }

  async ensureLoaded(): Promise<void> {
    if (this.list.value === null && !this.list.loading) await this.reload();
  }

  async reload(): Promise<void> {
    await this.list.load(async () => (await this.deps.client.listPaymentMethods()).data);
  }

  /**
   * Makes `card` the default or removes it (after `confirm`, when given),
   * then shows the list the service answered. One change at a time.
   */
  async change(action: PaymentMethodAction, card: PaymentMethod, confirm?: () => Promise<boolean>): Promise<CardChangeOutcome> {
    if (this.pending) return { status: 'failed', message: t('Another change to your cards is still in progress.') };
    const epoch = this.epoch;
    this.pending = { paymentMethodId: card.id, action };
    this.deps.onChange();
    try {
      if (confirm && !(await confirm())) return { status: 'cancelled' };
      const { client } = this.deps;
      // One key per change: the transport's retries of it replay the first answer.
      const key = randomUUID();
      const answer = action === 'makeDefault' ? await client.setDefaultPaymentMethod(card.id, key) : await client.removePaymentMethod(card.id, key);
      if (epoch !== this.epoch) return { status: 'cancelled' };
      this.pending = null;
      this.list.set(answer.data);
      return { status: 'done' };
    } catch (caught) {
      const error = toApiError(caught);
      // The list may have changed meanwhile (another window, the portal): show it as it is now.
      if (epoch === this.epoch && (error.status === 404 || error.status === 409)) void this.reload();
      return { status: 'failed', message: cardProblemSentence(error) };
    } finally {
      if (epoch === this.epoch && this.pending?.paymentMethodId === card.id) {
        this.pending = null;
        this.deps.onChange();
      }
    }
  }
}
