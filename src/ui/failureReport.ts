/**
 * One way to report a failed user action (a command, a panel request): log it
 * and show it in a notification. A cancellation is not a failure.
 */
import { errorMessage, toApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type Prompter } from './prompter';

export function reportFailure(action: string, caught: unknown, deps: { readonly logger: Logger; readonly prompter: Prompter }): void {
  const error = toApiError(caught);
  if (error.kind === 'cancelled') return;
  const message = errorMessage(error);
  deps.logger.warn(`${action} failed: ${message}`);
  void deps.prompter.show('error', t('Plan & Billing: {0}', message), {}, []);
}
