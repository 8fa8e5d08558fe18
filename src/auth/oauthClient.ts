/**
 * The OAuth 2.0 token endpoints (RFC 6749, RFC 7009): code exchange, refresh
 * and revocation, over the HttpTransport the API client uses too. None of them
 * carries a bearer token, so the OAuth session (AuthSessions) can depend on
 * this client while the API client depends on the session. Free of VS Code.
 */
import { OAuthClientId, OAuthError, TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import { ApiError } from '../api/apiError';
import { type HttpTransport } from '../api/httpTransport';
import { matches } from '../api/validate';

export interface OAuthClientDeps {
  readonly transport: HttpTransport;
}

export interface OAuthRequestOptions {
  signal?: AbortSignal;
}

/** A request carrying a credential of one service: it goes there or nowhere. */
export interface BoundRequestOptions extends OAuthRequestOptions {
  /** The origin of the service the code or refresh token came from; the request fails if the service URL is elsewhere now. */
  origin: string;
}

/** RFC 6749 error codes that mean the grant or client is no longer accepted. */
const AUTH_FAILURES = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_token']);

/** An RFC 6749 error body as an ApiError; other bodies get the transport's classification. */
function oauthError(status: number, body: unknown): ApiError | undefined {
  if (!matches(OAuthError, body)) return undefined;
  const kind = AUTH_FAILURES.has(body.error) ? 'unauthorized' : status >= 500 ? 'server' : 'validation';
  return new ApiError(kind, body.error_description ?? body.error, { status, oauthError: body.error });
}

export class OAuthClient {
  constructor(private readonly deps: OAuthClientDeps) {}

  /** POST /oauth/token with an authorization code + PKCE verifier. Codes are single-use: never retried. */
  exchangeCode(code: string, redirectUri: string, codeVerifier: string, options: BoundRequestOptions): Promise<TokenResponse> {
    return this.deps.transport.body({
      method: 'POST',
      path: ApiPaths.token,
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: OAuthClientId,
        code_verifier: codeVerifier,
      },
      credentialOrigin: options.origin,
      schema: TokenResponse,
      idempotent: false,
      signal: options.signal,
      classifyError: oauthError,
    });
  }

  /** POST /oauth/token with a refresh token. Refresh tokens rotate: never retried (a retry would spend the new one). */
  refreshTokens(refreshToken: string, options: BoundRequestOptions): Promise<TokenResponse> {
    return this.deps.transport.body({
      method: 'POST',
      path: ApiPaths.token,
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAuthClientId },
      credentialOrigin: options.origin,
      schema: TokenResponse,
      idempotent: false,
      signal: options.signal,
      classifyError: oauthError,
    });
  }

  /**
   * POST /oauth/revoke (RFC 7009) at `serviceUrl`, the service that issued the
   * token — even when the setting points elsewhere by now.
   */
  async revoke(token: string, hint: 'access_token' | 'refresh_token', options: OAuthRequestOptions & { serviceUrl: string }): Promise<void> {
    await this.deps.transport.send({
      method: 'POST',
      path: ApiPaths.revoke,
      form: { token, token_type_hint: hint, client_id: OAuthClientId },
      serviceUrl: options.serviceUrl,
      schema: undefined,
      idempotent: false,
      signal: options.signal,
      classifyError: oauthError,
    });
  }
}
