/** The sign-in page of GET /oauth/authorize and the page that hands the code back to the editor. */
import { ApiPaths } from '../../shared/contract/paths';
import { html, type PageContent } from '../pages/html';

export interface SignInAccount {
  readonly email: string;
  readonly name: string;
  readonly state: string;
}

export interface AuthorizeParams {
  readonly response_type: 'code';
  readonly client_id: string;
  readonly redirect_uri: string;
  readonly state: string;
  readonly code_challenge: string;
  readonly code_challenge_method: string;
}

/** The authorization request's parameters in the order the sign-in form's CSRF token covers them. */
export function boundParams(params: AuthorizeParams): string[] {
  return [params.response_type, params.client_id, params.redirect_uri, params.state, params.code_challenge, params.code_challenge_method];
}

/** `destination` names where the browser returns (from the callback registry); `csrf` is the form's token. */
export function signInPage(params: AuthorizeParams, accounts: readonly SignInAccount[], destination: string, csrf: string): PageContent {
  return {
    title: 'Sign in',
    body: html`<main data-page="sign-in">
<div class="panel">
<h1>Sign in to Plan &amp; Billing</h1>
<p class="alert" id="sign-in-destination">Signing in to <strong>${destination}</strong></p>
<p>Plan &amp; Billing for VS Code wants to access your account; after you choose, your browser returns to ${destination}. This sandbox has no passwords: choose a demo account.</p>
<form method="post" action="${ApiPaths.authorize}">
${Object.entries(params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<input type="hidden" name="csrf" value="${csrf}">
<ul class="accounts">
${accounts.map(
  (a) => html`<li><button type="submit" name="email" value="${a.email}"><span>Sign in as <strong>${a.email}</strong> <span class="muted">(${a.name})</span></span><span class="state">${a.state}</span></button></li>`,
)}
</ul>
</form>
</div>
</main>`,
  };
}

export function signedInPage(redirectUrl: string, code: string): PageContent {
  return {
    title: 'Signed in',
    body: html`<main data-page="signed-in" data-outcome="signed_in">
<div class="panel">
<h1>You are signed in</h1>
<p class="alert success" role="status">Returning to your editor…</p>
<p><a id="continue-link" class="button" href="${redirectUrl}">Open the editor</a></p>
<h2>If your editor didn't open, paste this code into it</h2>
<p class="code" id="auth-code">${code}</p>
<p class="muted">The code works once and expires in 5 minutes.</p>
</div>
</main>`,
  };
}
