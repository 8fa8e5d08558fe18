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
  | { readonly ok: false; readonly error: string; readonly state?: string | undefined };

/** The longest error description shown from a callback (it is the service's text, shown as plain words). */
const MAX_DESCRIPTION = 200;

/**
 * Reads `code`/`state` (or `error`, with its `state`) from a callback URI's
 * query string. Whether the state is this sign-in's is the caller's check
 * (callbackMatches), for error replies as well as codes.
 */
export function parseCallbackQuery(query: string): CallbackResult {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const state = params.get('state') ?? undefined;
  const error = params.get('error');
  if (error) {
    const description = (params.get('error_description') ?? error).replace(/[\p{Cc}\s]+/gu, ' ').trim().slice(0, MAX_DESCRIPTION);
    return { ok: false, error: description || error, state };
  }
  const code = params.get('code');
  if (!code) return { ok: false, error: t('The sign-in answer carried no code.'), state };
  return { ok: true, code, state };
}

/**
 * True when a callback that came through the URI handler answers this sign-in:
 * its `state` is exactly the one sent, whether it carries a code or an error.
 * Anything else (no state, another state) is not ours, so it can neither
 * complete nor cancel the sign-in.
 */
export function callbackMatches(result: CallbackResult, expectedState: string): boolean {
  return result.state !== undefined && result.state === expectedState;
}

/**
 * What the user pasted in the fallback: the one-time code itself, or the whole
 * callback URL (then its state must match too).
 */
export function parsePastedCode(input: string): CallbackResult {
  const text = input.trim();
  if (text === '') return { ok: false, error: t('Enter the code shown on the sign-in page.') };
  const queryStart = text.indexOf('?');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // A whole callback URL must carry this sign-in's state (checked by the caller); one without is refused.
    const parsed = queryStart >= 0 ? parseCallbackQuery(text.slice(queryStart + 1)) : undefined;
    if (!parsed || parsed.state === undefined) return { ok: false, error: t('That address is not the answer of this sign-in. Paste the code shown on the page.') };
    return parsed;
  }
  if (!/^[A-Za-z0-9._~-]{4,512}$/.test(text)) return { ok: false, error: t('That does not look like a sign-in code.') };
  return { ok: true, code: text, state: undefined };
}
