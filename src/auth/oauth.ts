/**
 * OAuth 2.0 authorization code + PKCE (RFC 6749, RFC 7636) helpers. Pure
 * (node:crypto for randomness), unit-tested.
 */
import { createHash, randomBytes } from 'node:crypto';
import { OAuthClientId } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import { withoutTrailingSlash } from '../config/serviceUrl';
import { t } from '../l10n/localize';

export interface PkcePair {
  /** 43 characters of base64url (32 random bytes). */
  readonly verifier: string;
  /** BASE64URL(SHA256(verifier)). */
  readonly challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createState(): string {
  return randomBytes(16).toString('base64url');
}

export function buildAuthorizeUrl(serviceUrl: string, params: { redirectUri: string; challenge: string; state: string }): string {
  const url = new URL(ApiPaths.authorize, withoutTrailingSlash(serviceUrl) + '/');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', OAuthClientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('code_challenge', params.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', params.state);
  return url.toString();
}

export type CallbackResult =
  | { readonly ok: true; readonly code: string; readonly state: string | undefined }
  | { readonly ok: false; readonly error: string };

/** Reads `code`/`state` (or `error`) from a callback URI's query string. */
export function parseCallbackQuery(query: string): CallbackResult {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const error = params.get('error');
  if (error) return { ok: false, error: params.get('error_description') ?? error };
  const code = params.get('code');
  if (!code) return { ok: false, error: t('The sign-in answer carried no code.') };
  return { ok: true, code, state: params.get('state') ?? undefined };
}

/**
 * What the user pasted in the fallback: the one-time code itself, or the whole
 * callback URL (then its state must match too).
 */
export function parsePastedCode(input: string): CallbackResult {
  const text = input.trim();
  if (text === '') return { ok: false, error: t('Enter the code shown on the sign-in page.') };
  const queryStart = text.indexOf('?');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && queryStart >= 0) return parseCallbackQuery(text.slice(queryStart + 1));
  if (!/^[A-Za-z0-9._~-]{4,512}$/.test(text)) return { ok: false, error: t('That does not look like a sign-in code.') };
  return { ok: true, code: text, state: undefined };
}
