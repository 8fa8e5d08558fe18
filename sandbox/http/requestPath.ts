/**
 * What the service says about a request's URL, in logs and answers: only its
 * path. A request target may be absolute-form (GET http://user:pass@host/p,
 * RFC 9112 section 3.2.2), carry a query (sign-in state, PKCE challenge,
 * emails) or even a fragment; and some paths hold secrets (the portal's
 * single-use link) or personal data.
 */
import { PortalPaths } from '../portal/portalPaths';

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** The target's path: no scheme, authority or user info, no query, no fragment. */
export function requestPath(target: string): string {
  const path = target.replace(ABSOLUTE_FORM, '').split(/[?#]/, 1)[0]!;
  return path.startsWith('/') ? path : `/${path}`;
}

/** A path secret: the portal link's segment, or any segment shaped like one of our tokens (32+ base64url characters). */
const SESSION_LINK = new RegExp(`^${PortalPaths.session.replace('{secret}', '[^/]+')}`);
const SECRET_SEGMENT = /^[A-Za-z0-9_-]{32,}$|^(?:pba|pbr|pbc|pc|csrf)_/;
/** An email address, also percent-encoded (%40). */
const EMAIL = /[^\s/@]+(?:@|%40)[^\s/@]+/gi;

/** The path as it may be logged: path secrets and email addresses replaced by [redacted]. */
export function loggablePath(target: string): string {
  return requestPath(target)
    .replace(SESSION_LINK, PortalPaths.session.replace('{secret}', '[redacted]'))
    .split('/')
    .map((segment) => (SECRET_SEGMENT.test(segment) ? '[redacted]' : segment.replace(EMAIL, '[redacted]')))
    .join('/');
}

/** Free text for a log line (an error message) with email addresses replaced. */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, '[redacted]');
}
