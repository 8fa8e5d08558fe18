/**
 * The diagnostic summary of journey 12 of docs/journeys.md. Pure, and built only from fields that
 * are safe to share: it never includes a token, code or portal URL.
 */
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type ServiceUrlCheck } from '../config/serviceUrl';
import { redact } from '../logging/redact';
import { EXTENSION_ID } from '../../shared/productIdentity';

export interface SupportInfoInput {
  readonly extensionVersion: string;
  readonly editorName: string;
  readonly editorVersion: string;
  readonly uiKind: string;
  readonly platform: string;
  readonly serviceUrl: ServiceUrlCheck;
  readonly snapshot: AccountSnapshot;
  readonly now: number;
}

export function buildSupportInfo(input: SupportInfoInput): string {
  const s = input.snapshot;
  const iso = (ms: number | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString());
  // A checked URL has no credentials, query or fragment; a refused one is not shown at all.
  const service = input.serviceUrl.ok ? input.serviceUrl.url : `(refused: ${input.serviceUrl.problem})`;
  const lines = [
    'Plan & Billing support info',
    `Extension: ${EXTENSION_ID} ${input.extensionVersion}`,
    `Editor: ${input.editorName} ${input.editorVersion} (${input.uiKind}, ${input.platform})`,
    `Account id: ${s.user?.id ?? '(signed out)'}`,
    `Plan: ${s.plan ?? '(unknown)'}`,
    `State: ${s.kind}${s.stale ? ' (stale)' : ''}`,
    `Subscription status: ${s.account?.subscription?.status ?? (s.account ? 'none' : '(unknown)')}`,
    `Entitlement: seq ${s.claims?.seq ?? '-'}, refresh after ${s.claims ? new Date(s.claims.exp * 1000).toISOString() : '-'}, offline until ${s.claims ? new Date(s.claims.graceUntil * 1000).toISOString() : '-'}`,
    `Last verification: ${iso(s.lastVerifiedAt)}`,
    `Last error: ${s.error ? `${s.error.kind}: ${s.error.message}` : 'none'}`,
    `Generated: ${new Date(input.now).toISOString()}`,
  ];
  // Defence in depth: free text (error messages) passes the log redaction too.
  // The checked service URL is added after it, so its path stays readable.
  return [redact(lines.join('\n')), `Service URL: ${service}`].join('\n');
}
