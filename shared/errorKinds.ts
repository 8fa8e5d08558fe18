/**
 * The error categories the UI explains in words (the API client's ApiError
 * kinds), with the one sentence for each. The host and the webview both say
 * it through their own translator.
 */
import { type Translate } from './l10n';

export const ERROR_KINDS = ['offline', 'unauthorized', 'rateLimited', 'server', 'invalidResponse', 'validation', 'cancelled', 'unknown'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The reason for a failed request, in words. */
export function errorKindSentence(t: Translate, kind: ErrorKind): string {
  switch (kind) {
    case 'offline':
      return t("Can't reach the billing service. Check your internet connection.");
    case 'unauthorized':
      return t('Your session has expired. Sign in again.');
    case 'rateLimited':
      return t('The billing service is busy. Try again in a moment.');
    case 'server':
      return t('The billing service had a problem. Try again later.');
    case 'invalidResponse':
      return t("The billing service sent a response that couldn't be read.");
    case 'validation':
      return t('Some details were not accepted.');
    case 'cancelled':
      return t('The request was cancelled.');
    case 'unknown':
      return t('Something went wrong.');
  }
}
