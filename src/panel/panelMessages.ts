/**
 * Validation of messages from the Manage Plan webview. The webview is a
 * browser page: anything it posts is untrusted input, so only messages that
 * match the protocol exactly get through; the rest are described (briefly,
 * for the log) and dropped.
 */
import { matches, describeMismatch } from '../api/validate';
import { WebviewToHostMessage } from '../../shared/panelProtocol';

export type MessageCheck =
  | { readonly ok: true; readonly message: WebviewToHostMessage }
  | { readonly ok: false; readonly reason: string };

/** Longest description of a dropped message that reaches the log. */
const MAX_DESCRIPTION = 200;

export function checkWebviewMessage(raw: unknown): MessageCheck {
  if (matches(WebviewToHostMessage, raw)) return { ok: true, message: raw };
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : typeof raw;
  const reason = `type ${JSON.stringify(type.slice(0, 40))}: ${describeMismatch(WebviewToHostMessage, raw, 2)}`;
  return { ok: false, reason: reason.length > MAX_DESCRIPTION ? `${reason.slice(0, MAX_DESCRIPTION)}…` : reason };
}
