/**
 * CSRF protection of the sign-in form (POST /oauth/authorize). The GET page
 * gives the browser a random cookie (HttpOnly, SameSite=Strict) and embeds a
 * token: the time it was made and an HMAC of that time, the cookie and the
 * authorization request's parameters. A post counts only with that cookie, the
 * same parameters and a token younger than the page's lifetime. Another site
 * can neither read the token nor make the browser send the cookie, so it
 * cannot submit the form for the user; nor can a token be moved to other
 * parameters (another redirect_uri or PKCE challenge).
 *
 * The HMAC key is made at start: a restart ends the sign-in pages then open
 * (the user starts again from the editor).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretsEqual } from './secrets';

export const SIGN_IN_COOKIE = 'pb_signin';

/** How long a sign-in page can be submitted after it was shown. */
export const SIGN_IN_PAGE_TTL_SECONDS = 15 * 60;

/** A cookie value we made: 32 random bytes, base64url. */
const BROWSER_ID = /^[A-Za-z0-9_-]{43}$/;

export class SignInGuard {
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  /** The browser's sign-in cookie: the one it sent when it is one of ours (several tabs share it), else a new one. */
  browserId(sent: string | undefined): string {
    return sent !== undefined && BROWSER_ID.test(sent) ? sent : randomBytes(32).toString('base64url');
  }

  /** The token the page embeds, bound to the browser and to `params` (the authorization request, in a fixed order). */
  tokenFor(browserId: string, params: readonly string[]): string {
    const issuedAt = String(this.now());
    return `${issuedAt}.${this.mac(browserId, issuedAt, params)}`;
  }

  /** Whether a posted token was made for this browser and these parameters, within the page's lifetime. */
  verify(browserId: string | undefined, params: readonly string[], token: string): boolean {
    if (browserId === undefined || !BROWSER_ID.test(browserId)) return false;
    const dot = token.indexOf('.');
    const issuedAt = token.slice(0, dot);
    if (dot < 0 || !/^\d{1,16}$/.test(issuedAt)) return false;
    const age = this.now() - Number(issuedAt);
    if (age < 0 || age > SIGN_IN_PAGE_TTL_SECONDS * 1000) return false;
    return secretsEqual(token.slice(dot + 1), this.mac(browserId, issuedAt, params));
  }

  private mac(browserId: string, issuedAt: string, params: readonly string[]): string {
    // JSON keeps the fields apart: no value can pass for two.
    return createHmac('sha256', this.key).update(JSON.stringify([browserId, issuedAt, ...params])).digest('base64url');
  }
}
