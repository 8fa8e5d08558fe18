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
  /** `kind` groups drops for the log: a known message type, or "unknown type", or "not an object". */
  | { readonly ok: false; readonly reason: string; readonly kind: string };

/** The message types of the protocol (from the schema's union). */
const KNOWN_TYPES: ReadonlySet<string> = new Set(
  (WebviewToHostMessage as { anyOf?: readonly { properties?: { type?: { const?: unknown } } }[] }).anyOf?.flatMap((member) => {
    const type = member.properties?.type?.const;
    return typeof type === 'string' ? [type] : [];
  }) ?? [],
);

/** Longest description of a dropped message that reaches the log. */
const MAX_DESCRIPTION = 200;

export function checkWebviewMessage(raw: unknown): MessageCheck {
  if (matches(WebviewToHostMessage, raw)) return { ok: true, message: raw };
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const type = isObject && 'type' in raw ? (raw as { type: unknown }).type : undefined;
  const kind = !isObject ? 'not an object' : typeof type === 'string' && KNOWN_TYPES.has(type) ? `${type} with wrong fields` : 'unknown type';
  // Never String(type): an object whose toString is not a function would throw here.
  const shown = typeof type === 'string' ? type : isObject && 'type' in raw ? `(${type === null ? 'null' : typeof type})` : typeof raw;
  const reason = `type ${JSON.stringify(shown.slice(0, 40))}: ${describeMismatch(WebviewToHostMessage, raw, 2)}`;
  return { ok: false, kind, reason: reason.length > MAX_DESCRIPTION ? `${reason.slice(0, MAX_DESCRIPTION)}…` : reason };
}
