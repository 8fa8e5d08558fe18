/**
 * Builds the panel's PanelViewState (shared/panelProtocol.ts) from the store
 * snapshot plus the panel's own lists, details and portal state. Pure.
 */
import {
  type InvoiceDetailsView,
  type InvoicesView,
  type PanelViewState,
  type PaymentMethodsView,
  type PaymentsView,
  type PlansView,
  type PortalView,
  type UsagePanelView,
} from '../../shared/panelProtocol';
import { type AccountSnapshot } from './accountSnapshot';

export const EMPTY_INVOICES: InvoicesView = { items: [], hasMore: false, loading: false, error: null };
export const EMPTY_PAYMENTS: PaymentsView = { items: [], hasMore: false, loading: false, error: null };
export const IDLE_PORTAL: PortalView = { waiting: false, flow: null, confirmation: null };
export const EMPTY_PAYMENT_METHODS: PaymentMethodsView = { items: [], loaded: false, loading: false, error: null, pending: null };
export const NO_PLANS: PlansView = { catalogue: null, loading: false, error: null, target: null, preview: null, busy: null, outcome: null, refusal: null };
export const NO_USAGE: UsagePanelView = { usage: null, loading: false, stale: false, error: null, saving: false, refusal: null, export: null };
export const NO_INVOICE_DETAILS: InvoiceDetailsView = { invoiceId: null, details: null, loading: false, error: null };

/** What the panel itself fetched or follows, beside the snapshot. */
export interface PanelParts {
  readonly invoices?: InvoicesView;
  readonly portal?: PortalView;
  readonly paymentMethods?: PaymentMethodsView;
  readonly invoiceDetails?: InvoiceDetailsView;
  readonly payments?: PaymentsView;
  readonly plans?: PlansView;
  readonly usage?: UsagePanelView;
}

export function toPanelViewState(s: AccountSnapshot, parts: PanelParts = {}): PanelViewState {
  // Signed out, nothing of the last account's lists may show.
  const own = s.signedIn ? parts : {};
  return {
    kind: s.kind,
    account: s.signedIn ? s.account : null,
    lastVerifiedAt: s.lastVerifiedAt !== undefined ? new Date(s.lastVerifiedAt).toISOString() : null,
    stale: s.stale,
    offlineUntil: s.offlineUntil !== undefined ? new Date(s.offlineUntil).toISOString() : null,
    refreshing: s.refreshing,
    error: s.error,
    invoices: own.invoices ?? EMPTY_INVOICES,
    portal: own.portal ?? IDLE_PORTAL,
    paymentMethods: own.paymentMethods ?? EMPTY_PAYMENT_METHODS,
    invoiceDetails: own.invoiceDetails ?? NO_INVOICE_DETAILS,
    payments: own.payments ?? EMPTY_PAYMENTS,
    plans: own.plans ?? NO_PLANS,
    usage: own.usage ?? NO_USAGE,
  };
}
