/**
 * The sandbox's home page (sandbox mode only): what runs here, the demo
 * accounts, and buttons that open the hosted portal or the sign-in page in
 * the browser without an editor.
 */
import { OAuthClientId } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import { pkceChallengeOf } from '../auth/secrets';
import { stateLabel } from '../billing/accountSummary';
import type { UserRow } from '../billing/repository';
import type { SandboxServices } from '../http/services';
import { html, type PageContent } from '../pages/html';

/** The fixed PKCE verifier of the home page's sign-in demo (a demo, so it may be public). */
export const DEMO_PKCE_VERIFIER = 'sandbox-home-page-demo-verifier-0123456789abcdef';

/** The home page and its browser helpers (sandbox mode only; not part of the admin API). */
export const HomePaths = {
  home: '/',
  /** The home page's portal buttons post here. */
  openPortal: '/sandbox/portal',
  /** Where a portal opened from the home page returns. */
  portalReturn: '/sandbox/portal-return',
  /** The redirect URI of the home page's sign-in demo. */
  oauthCallback: '/sandbox/oauth/callback',
} as const;

export function demoAuthorizeUrl(baseUrl: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: OAuthClientId,
    redirect_uri: `${baseUrl}${HomePaths.oauthCallback}`,
    state: 'home-page-demo',
    code_challenge: pkceChallengeOf(DEMO_PKCE_VERIFIER),
    code_challenge_method: 'S256',
  });
  return `${baseUrl}${ApiPaths.authorize}?${params.toString()}`;
}

export function homePage(services: SandboxServices, users: readonly UserRow[]): PageContent {
  const base = services.baseUrl();
  const now = services.billing.clock.now();
  return {
    title: 'Sandbox',
    body: html`<main data-page="home">
<div class="panel">
<h1>Billing sandbox</h1>
<p>A local implementation of Billing API v1 with demo accounts, simulated card processing, a billing clock and a hosted portal.</p>
<dl>
<dt>Service URL</dt><dd><code>${base}</code></dd>
<dt>Billing clock</dt><dd>${new Date(now).toISOString()}</dd>
<dt>API</dt><dd><a href="${ApiPaths.openapi}">OpenAPI document</a> · <a href="${ApiPaths.jwks}">JWKS</a></dd>
</dl>
<a class="button" href="${demoAuthorizeUrl(base)}">Try the sign-in page</a>
</div>
<div class="panel">
<h2>Demo accounts</h2>
<p class="muted">Open the hosted portal as one of them (in the product, the editor asks the API for this link).</p>
<table>
<thead><tr><th scope="col">Account</th><th scope="col">State</th><th scope="col">Portal</th></tr></thead>
<tbody>
${users.map(
  (u) => html`<tr><td>${u.email}</td><td>${stateLabel(services.billing.repo.subscriptionOf(u.id), now)}</td><td>
<form method="post" action="${HomePaths.openPortal}">
<input type="hidden" name="email" value="${u.email}">
<button type="submit" name="flow" value="manage" class="secondary" aria-label="Manage plan of ${u.email}">Manage</button>
<button type="submit" name="flow" value="payment_method_add" class="secondary" aria-label="Add a card to ${u.email}">Add card</button>
<button type="submit" name="flow" value="payment_method_update" class="secondary" aria-label="Replace the default card of ${u.email}">Card</button>
<button type="submit" name="flow" value="pay_outstanding_balance" class="secondary" aria-label="Pay balance of ${u.email}">Pay</button>
</form></td></tr>`,
)}
</tbody></table>
</div>
</main>`,
  };
}
