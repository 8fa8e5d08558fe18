import { t } from '../l10n/localize';
import { type FieldError } from './contract';
import { type ErrorKind } from '../panel/protocol';

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

/** Words for each kind, for notifications and the panel. */
export function describeErrorKind(kind: ErrorKind): string {
  switch (kind) {
    case 'offline':
      return t("Can't reach the billing service. Check your connection.");
    case 'unauthorized':
      return t('Your sign-in has expired. Sign in again.');
    case 'rateLimited':
      return t('The billing service asked us to slow down. Try again in a moment.');
    case 'server':
      return t('The billing service had a problem. Try again later.');
    case 'invalidResponse':
      return t('The billing service sent an unexpected answer.');
    case 'validation':
      return t('Some fields need attention.');
    case 'cancelled':
      return t('Cancelled.');
    case 'unknown':
      return t('Something went wrong.');
  }
}

/** What to tell the user about an error: its own message, else the words for its kind. */
export function errorMessage(error: ApiError): string {
  return error.message || describeErrorKind(error.kind);
}

/** Converts anything thrown into an ApiError (unknown → kind "unknown"). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('unknown', message);
}
