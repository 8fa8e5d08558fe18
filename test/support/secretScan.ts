/**
 * What must never be in a log or in stored state (docs/security.md): tokens
 * (JWS or the service's opaque ones), authorization codes, portal links and
 * cookies, email addresses. Used by the integration scan and by every e2e
 * workbench when it closes.
 */

/** The service's secrets all look like `<prefix>_<43 base64url characters>` (sandbox/auth/secrets.ts). */
const SERVICE_SECRET = /\b(?:pba|pbr|pbc|ps|pc|csrf)_[A-Za-z0-9_-]{20,}/;

const PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['a JWS (an access or entitlement token)', /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./],
  ['a service secret (token, code, portal link or cookie)', SERVICE_SECRET],
  ['a portal link', /\/portal\/s\/[A-Za-z0-9_-]{8,}/],
  ['an email address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/],
];

/** One line per kind of secret found in `text`, naming `place` and a redacted glimpse of where. */
export function secretsIn(place: string, text: string): string[] {
  const hits: string[] = [];
  for (const [what, pattern] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const line = text.slice(text.lastIndexOf('\n', match.index) + 1, match.index).slice(-80);
    hits.push(`${what} in ${place}, after "${line}"`);
  }
  return hits;
}
