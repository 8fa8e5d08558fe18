/**
 * OAuth 2.0 endpoints: the sign-in page (authorization code + PKCE S256), the
 * token endpoint (RFC 6749 section 5 errors, form or JSON bodies) and revocation
 * (RFC 7009).
 */
import type { FastifyReply } from 'fastify';
import { OAuthClientId, OAuthError, RevokeRequest, TokenRequest, TokenResponse } from '../../../shared/contract/oauth';
import { ApiPaths } from '../../../shared/contract/paths';
import { boundParams, signedInPage, signInPage, type AuthorizeParams } from '../../auth/authorizePages';
import type { CallbackRegistry } from '../../auth/callbackRegistry';
import { OAuthFailure, type OAuthErrorCode } from '../../auth/oauthService';
import { PKCE_CHALLENGE, PKCE_VERIFIER } from '../../auth/secrets';
import { SIGN_IN_COOKIE, SIGN_IN_PAGE_TTL_SECONDS } from '../../auth/signInGuard';
import { stateLabel } from '../../billing/accountSummary';
import { html } from '../../pages/html';
import { cookiesAreSecure, readCookie, setCookieValue } from '../cookies';
import { errorPageContent, formField, sendPage } from '../pages';
import type { SandboxApp } from '../sandboxApp';
import { ref } from '../schemas';
import type { SandboxServices } from '../services';

export function oauthErrorBody(error: OAuthErrorCode, description: string): OAuthError {
  return { error, error_description: description };
}

function sendOAuthError(reply: FastifyReply, error: OAuthErrorCode, description: string): FastifyReply {
  const status = error === 'invalid_client' ? 401 : 400;
  return reply.code(status).header('cache-control', 'no-store').header('pragma', 'no-cache').send(oauthErrorBody(error, description));
}

function withParams(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== '') url.searchParams.set(k, v);
  return url.toString();
}

/** A valid request's parameters and where it returns (the registry's label, e.g. "VS Code Insiders"). */
type Checked = { readonly params: AuthorizeParams; readonly destination: string } | { readonly page: string } | { readonly redirect: string };

/**
 * RFC 6749 section 4.1.2.1: a bad client or a redirect URI that is not
 * registered is shown to the user (never redirected to); other errors go back
 * to the registered redirect URI.
 */
function checkAuthorize(source: unknown, callbacks: CallbackRegistry): Checked {
  const get = (name: string) => formField(source, name);
  if (get('client_id') !== OAuthClientId) return { page: `Unknown application "${get('client_id')}". Only ${OAuthClientId} can sign in here.` };
  const redirectUri = get('redirect_uri');
  if (redirectUri === '') return { page: 'The application sent no redirect_uri (or more than one).' };
  const registered = callbacks.check(OAuthClientId, redirectUri, 'signIn');
  if ('problem' in registered) return { page: `The application asked to send you to an address that is not registered for it: ${registered.problem} Sign-in stops here.` };
  const state = get('state');
  const fail = (error: string, description: string) => ({ redirect: withParams(redirectUri, { error, error_description: description, state }) });
  if (get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be "code".');
  if (get('code_challenge_method') !== 'S256') return fail('invalid_request', 'PKCE is required: code_challenge_method must be S256.');
  if (!PKCE_CHALLENGE.test(get('code_challenge'))) return fail('invalid_request', 'code_challenge must be the 43-character base64url SHA-256 of the code_verifier.');
  return {
    params: { response_type: 'code', client_id: OAuthClientId, redirect_uri: redirectUri, state, code_challenge: get('code_challenge'), code_challenge_method: 'S256' },
    destination: registered.label,
  };
}

export function registerOAuthRoutes(app: SandboxApp, services: SandboxServices): void {
  const { repo, clock } = services.billing;

  const { callbacks, signInGuard } = services;

  app.get(ApiPaths.authorize, { schema: { tags: ['oauth'], summary: 'Sign-in page (authorization code + PKCE S256)' } }, async (request, reply) => {
    const checked = checkAuthorize(request.query, callbacks);
    if ('page' in checked) return sendPage(reply, 400, errorPageContent('Sign-in cannot continue', checked.page));
    if ('redirect' in checked) return reply.code(302).header('location', checked.redirect).header('cache-control', 'no-store').send();
    const now = clock.now();
    const accounts = repo.listUsers().map((u) => ({ email: u.email, name: u.name, state: stateLabel(repo.subscriptionOf(u.id), now) }));
    const browserId = signInGuard.browserId(readCookie(request.headers.cookie, SIGN_IN_COOKIE));
    reply.header(
      'set-cookie',
      setCookieValue(SIGN_IN_COOKIE, browserId, { path: ApiPaths.authorize, maxAgeSeconds: SIGN_IN_PAGE_TTL_SECONDS, sameSite: 'Strict', secure: cookiesAreSecure(services.config, request) }),
    );
    const csrf = signInGuard.tokenFor(browserId, boundParams(checked.params));
    return sendPage(reply, 200, signInPage(checked.params, accounts, checked.destination, csrf));
  });

  app.post(ApiPaths.authorize, { schema: { hide: true } }, async (request, reply) => {
    const checked = checkAuthorize(request.body, callbacks);
    if ('page' in checked) return sendPage(reply, 400, errorPageContent('Sign-in cannot continue', checked.page));
    if ('redirect' in checked) return sendPage(reply, 400, errorPageContent('Sign-in cannot continue', 'The sign-in request was not valid. Start again from your editor.'));
    if (!signInGuard.verify(readCookie(request.headers.cookie, SIGN_IN_COOKIE), boundParams(checked.params), formField(request.body, 'csrf'))) {
      return sendPage(
        reply,
        403,
        errorPageContent(
          'This sign-in form cannot be used',
          `It did not come from a sign-in page this service showed in this browser, or the page is more than ${SIGN_IN_PAGE_TTL_SECONDS / 60} minutes old. Start the sign-in again from your editor.`,
        ),
      );
    }
    const user = repo.userByEmail(formField(request.body, 'email'));
    if (!user) return sendPage(reply, 400, errorPageContent('Unknown account', 'Choose one of the listed demo accounts.'));
    const { params } = checked;
    const code = services.oauth.issueCode(user.id, params.client_id, params.redirect_uri, params.code_challenge);
    const redirectUrl = withParams(params.redirect_uri, { code, state: params.state });
    // A link plus a meta refresh (no script needed), and the code itself for the paste fallback.
    return sendPage(reply, 200, signedInPage(redirectUrl, code), html`<meta http-equiv="refresh" content="0;url=${redirectUrl}">`);
  });

  app.post(
    ApiPaths.token,
    {
      attachValidation: true,
      schema: {
        tags: ['oauth'],
        summary: 'Exchange an authorization code or a refresh token',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: ref(TokenRequest),
        response: { 200: ref(TokenResponse), 400: ref(OAuthError), 401: ref(OAuthError) },
      },
    },
    async (request, reply) => {
      // attachValidation: a body the schema refuses still gets here, to be answered with an RFC 6749 error; so each field is read and checked.
      const get = (name: string) => formField(request.body, name);
      const grantType = get('grant_type');
      if (grantType === '') return sendOAuthError(reply, 'invalid_request', 'grant_type is required.');
      if (get('client_id') === '') return sendOAuthError(reply, 'invalid_request', 'client_id is required.');
      if (get('client_id') !== OAuthClientId) return sendOAuthError(reply, 'invalid_client', `Unknown client "${get('client_id')}".`);
      try {
        let tokens;
        if (grantType === 'authorization_code') {
          for (const name of ['code', 'redirect_uri', 'code_verifier']) {
            if (get(name) === '') return sendOAuthError(reply, 'invalid_request', `${name} is required for the authorization_code grant.`);
          }
          if (!PKCE_VERIFIER.test(get('code_verifier'))) {
            return sendOAuthError(reply, 'invalid_request', 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" or "~".');
          }
          tokens = services.oauth.exchangeCode(get('code'), get('client_id'), get('redirect_uri'), get('code_verifier'));
        } else if (grantType === 'refresh_token') {
          if (get('refresh_token') === '') return sendOAuthError(reply, 'invalid_request', 'refresh_token is required for the refresh_token grant.');
          tokens = services.oauth.refresh(get('refresh_token'));
        } else {
          return sendOAuthError(reply, 'unsupported_grant_type', `grant_type "${grantType}" is not supported; use authorization_code or refresh_token.`);
        }
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(tokens);
      } catch (error) {
        if (error instanceof OAuthFailure) return sendOAuthError(reply, error.code, error.description);
        throw error;
      }
    },
  );

  app.post(
    ApiPaths.revoke,
    {
      attachValidation: true,
      schema: {
        tags: ['oauth'],
        summary: 'Revoke an access or refresh token (RFC 7009); answers 200 for unknown tokens too',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: ref(RevokeRequest),
      },
    },
    async (request, reply) => {
      const token = formField(request.body, 'token');
      if (token === '') return sendOAuthError(reply, 'invalid_request', 'token is required.');
      services.oauth.revoke(token);
      return reply.code(200).header('cache-control', 'no-store').send();
    },
  );
}
