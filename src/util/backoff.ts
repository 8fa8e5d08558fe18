/**
 * Exponential backoff with "equal jitter": half of each delay is fixed and
 * half random, so retries of many clients spread out without collapsing to
 * zero. The API client's in-request retries and the refresh policy's failure
 * backoff both use it (docs/refreshPolicy.md).
 */
import { type Random } from './clock';

/** The delay (ms) before retry number `attempt` (1 = after the first failure). */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: Random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return exponential / 2 + random() * (exponential / 2);
}
