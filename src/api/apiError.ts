import { t } from '../l10n/localize';
import { type FieldError } from '../../shared/contract/common';
import { type ErrorKind, errorKindSentence } from '../../shared/errorKinds';

/**
 * The one error type of the API client. `kind` uses the panel protocol's
 * ErrorKind names so the UI can explain it in words.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** Milliseconds the server asked us to wait (Retry-After). */
      retryAfterMs?: number;
      fieldErrors?: FieldError[];
      /** RFC 6749 error code from the token endpoint, e.g. "invalid_grant". */
      oauthError?: string;
      /** The problem's machine-readable `code`, e.g. "last_payment_method". */
      problemCode?: string;
    } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** What to tell the user about an error: its own message, else the words for its kind. */
export function errorMessage(error: ApiError): string {
  return error.message || errorKindSentence(t, error.kind);
}

/** Converts anything thrown into an ApiError (unknown → kind "unknown"). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('unknown', message);
}
