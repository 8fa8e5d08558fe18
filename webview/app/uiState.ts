/**
 * UI state that must survive the panel being hidden or the window reloading
 * (the host does not use retainContextWhenHidden): it is kept with the webview
 * API's getState/setState. Account data is not kept here: the host re-posts it.
 */
import { type FieldError } from '../../shared/contract/common';
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

export interface UiState {
  version: 1;
  /** The billing-details form, or null when not editing. */
  billingEdit: BillingEdit | null;
  /** Show "applies to future invoices only" after a successful save. */
  billingSaved: boolean;
  /** Vertical scroll position, restored after a reload. */
  scrollY: number;
}

export const INITIAL_UI_STATE: UiState = { version: 1, billingEdit: null, billingSaved: false, scrollY: 0 };

type Unknown = Record<string, unknown>;
const isObject = (v: unknown): v is Unknown => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

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
  return {
    version: 1,
    billingEdit: isBillingEdit(stored.billingEdit) ? stored.billingEdit : null,
    billingSaved: stored.billingSaved === true,
    scrollY: typeof stored.scrollY === 'number' && Number.isFinite(stored.scrollY) ? Math.max(0, stored.scrollY) : 0,
  };
}
