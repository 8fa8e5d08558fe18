/**
 * UI state that must survive the panel being hidden or the window reloading
 * (the host does not use retainContextWhenHidden): it is kept with the webview
 * API's getState/setState. Account data is not kept here: the host re-posts it
 * (and fetches an open invoice's details again when asked).
 */
import { type BillingInterval } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type FieldError } from '../../shared/contract/common';
import { isPlanId } from '../../shared/planTiers';
import { MAX_TAX_IDS, TAX_ID_EXAMPLES } from '../../shared/taxIds';
import { type BillingDraft } from '../billing/billingDraft';

export interface BillingEdit {
  draft: BillingDraft;
  /** The save in flight; its reply is matched by this id. Kept across reloads (the host re-posts unanswered replies after `ready`). */
  pendingRequestId: string | null;
  /** Field errors from the service's last rejection or from the form's own checks. */
  fieldErrors: FieldError[];
  /** A sentence for a rejection not tied to a field (offline, server…). */
  message: string | null;
}

/**
 * Which view the panel shows: the overview (every section), one invoice's
 * details, all payments, the tiers side by side (Change plan), one change's
 * preview and confirmation, or the cancel dialog.
 */
export type PanelView =
  | { kind: 'overview' }
  /** `from`: where Back returns to. */
  | { kind: 'invoice'; invoiceId: string; from: ListView }
  | { kind: 'payments' }
  /** `highlight`: the tier the gate asked for; `interval`: the Monthly/Annual switch. */
  | { kind: 'plans'; highlight: PlanId | null; interval: BillingInterval }
  | { kind: 'planPreview'; planId: PlanId; interval: BillingInterval }
  | { kind: 'cancel' };

/** The views an invoice is opened from; each keeps its scroll position while the details are shown. */
export type ListView = 'overview' | 'payments';

export const OVERVIEW: PanelView = { kind: 'overview' };

export interface UiState {
  version: 1;
  view: PanelView;
  /** Where each list view was scrolled when another view replaced it; restored on the way back. */
  listScroll: Record<ListView, number>;
  /** The billing-details form, or null when not editing. */
  billingEdit: BillingEdit | null;
  /** Show "applies to future invoices only" after a successful save. */
  billingSaved: boolean;
  /** Vertical scroll position of the current view, restored after a reload. */
  scrollY: number;
}

export const INITIAL_UI_STATE: UiState = {
  version: 1,
  view: OVERVIEW,
  listScroll: { overview: 0, payments: 0 },
  billingEdit: null,
  billingSaved: false,
  scrollY: 0,
};

type Unknown = Record<string, unknown>;
const isObject = (v: unknown): v is Unknown => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isListView = (v: unknown): v is ListView => v === 'overview' || v === 'payments';
/** What the host accepts as an id (shared/panelProtocol.ts); anything else could never load. */
const isId = (v: unknown): v is string => isString(v) && v.length >= 1 && v.length <= 64;
const scrollOf = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : 0);

const isInterval = (v: unknown): v is BillingInterval => v === 'month' || v === 'year';

function parseView(v: unknown): PanelView {
  if (!isObject(v)) return OVERVIEW;
  if (v.kind === 'payments') return { kind: 'payments' };
  if (v.kind === 'plans') return { kind: 'plans', highlight: isPlanId(v.highlight) ? v.highlight : null, interval: isInterval(v.interval) ? v.interval : 'month' };
  // A preview lives in the host and expires: after a reload the tiers show again.
  if (v.kind === 'planPreview' && isPlanId(v.planId)) return { kind: 'plans', highlight: v.planId, interval: isInterval(v.interval) ? v.interval : 'month' };
  if (v.kind === 'cancel') return { kind: 'cancel' };
  if (v.kind === 'invoice' && isId(v.invoiceId)) return { kind: 'invoice', invoiceId: v.invoiceId, from: isListView(v.from) ? v.from : 'overview' };
  return OVERVIEW;
}

function isDraft(v: unknown): v is BillingDraft {
  if (!isObject(v)) return false;
  const texts = ['name', 'line1', 'line2', 'city', 'state', 'postalCode', 'country'] as const;
  return (
    texts.every((key) => isString(v[key])) &&
    Array.isArray(v.taxIds) &&
    v.taxIds.length <= MAX_TAX_IDS &&
    v.taxIds.every((taxId) => isObject(taxId) && isString(taxId.value) && isString(taxId.type) && Object.prototype.hasOwnProperty.call(TAX_ID_EXAMPLES, taxId.type))
  );
}

const isFieldError = (v: unknown): v is FieldError =>
  isObject(v) && isString(v.field) && isString(v.code) && isString(v.message);

function isBillingEdit(v: unknown): v is BillingEdit {
  return (
    isObject(v) &&
    isDraft(v.draft) &&
    (v.pendingRequestId === null || isString(v.pendingRequestId)) &&
    Array.isArray(v.fieldErrors) &&
    v.fieldErrors.every(isFieldError) &&
    (v.message === null || isString(v.message))
  );
}

/**
 * Reads what a previous load of the webview stored; anything unrecognised
 * (another version's shape, or nothing) starts fresh instead of breaking the panel.
 */
export function parseUiState(stored: unknown): UiState {
  if (!isObject(stored) || stored.version !== 1) return INITIAL_UI_STATE;
  const listScroll = isObject(stored.listScroll) ? stored.listScroll : {};
  return {
    version: 1,
    // Stored before there were views: the overview.
    view: parseView(stored.view),
    listScroll: { overview: scrollOf(listScroll.overview), payments: scrollOf(listScroll.payments) },
    billingEdit: isBillingEdit(stored.billingEdit) ? stored.billingEdit : null,
    billingSaved: stored.billingSaved === true,
    scrollY: scrollOf(stored.scrollY),
  };
}
