/**
 * Billing-detail saving for the Manage Plan panel: the service's answer in the
 * shape of the panel protocol (saved details, or field errors and a sentence),
 * and a refresh so the account summary shows the change. Free of VS Code.
 */
import { type BillingDetails, type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { type FieldError } from '../../shared/contract/common';
import { type ApiClient } from '../api/apiClient';
import { errorMessage, toApiError } from '../api/apiError';
import { type AccountRefresher } from './accountInterfaces';

export type SaveBillingDetailsResult =
  | { readonly ok: true; readonly billingDetails: BillingDetails }
  | { readonly ok: false; readonly fieldErrors: FieldError[]; readonly message: string | null };

/**
 * Saves with an Idempotency-Key (pass the same key when the user retries the
 * same edit, e.g. the webview's requestId), so a retried request changes
 * nothing twice. Never throws.
 */
export async function saveBillingDetails(
  client: Pick<ApiClient, 'saveBillingDetails'>,
  account: AccountRefresher,
  input: BillingDetailsInput,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<SaveBillingDetailsResult> {
  try {
    const billingDetails = await client.saveBillingDetails(input, idempotencyKey, { signal });
    void account.refresh('manual');
    return { ok: true, billingDetails };
  } catch (caught) {
    const error = toApiError(caught);
    const fieldErrors = error.details.fieldErrors ?? [];
    if (error.kind === 'validation' && fieldErrors.length > 0) return { ok: false, fieldErrors, message: null };
    return { ok: false, fieldErrors, message: errorMessage(error) };
  }
}
