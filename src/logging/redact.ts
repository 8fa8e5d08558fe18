/**
 * Removes secrets and personal data from a log line: every URL down to its
 * scheme and host (user info, path, query and fragment can each carry a
 * secret — portal sessions keep theirs in the path), email addresses,
 * Authorization headers, bearer tokens, access/refresh/entitlement tokens, JWS
 * strings, OAuth codes, PKCE verifiers and challenges and `state` values. Pure,
 * so it is unit-tested on its own; every log line goes through it.
 */
const REDACTED = '[redacted]';

/** Punctuation that ends a sentence rather than a URL. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** `scheme://host[:port]`, plus `/[redacted]` when anything followed; unparseable → a placeholder. */
function redactUrl(match: string): string {
  const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
  const text = match.slice(0, match.length - trailing.length);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `[redacted-url]${trailing}`;
  }
  if (url.host === '') return `[redacted-url]${trailing}`;
  const base = `${url.protocol}//${url.host}`;
  const rest = url.pathname.replace(/^\/$/, '') + url.search + url.hash;
  const hadUserInfo = url.username !== '' || url.password !== '';
  return `${base}${rest !== '' || hadUserInfo ? `/${REDACTED}` : text.endsWith('/') ? '/' : ''}${trailing}`;
}

const TOKEN_KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'client_secret',
  'password',
  'accessToken',
  'refreshToken',
  'entitlementToken',
  'codeVerifier',
];
/** Secret keys in query strings and form bodies (`state` and `code` are OAuth parameters there). */
const QUERY_KEYS = [...TOKEN_KEYS, 'token', 'code', 'code_challenge', 'state'];
/** Secret keys in JSON bodies (`url`/`returnUrl`: portal sessions). */
const JSON_KEYS = [...TOKEN_KEYS, 'token', 'url', 'returnUrl', 'authorization'];
/** Secret keys in `key: value` text; deliberately narrow so "status code: 500" stays readable. */
const TEXT_KEYS = [...TOKEN_KEYS];

const alternation = (keys: readonly string[]) => keys.map((k) => k.replace(/[-_]/g, '[-_]?')).join('|');

const rules: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // Any URL: only its scheme and host stay (first, so no other rule sees its parts).
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url)],
  // Email addresses (personal data; the account id is what logs use).
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, '[redacted-email]'],
  // Authorization / Cookie headers in "Name: value" form (value runs to the end of the line or a quote/comma).
  [/\b(authorization|proxy-authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi, (_m, name, sep) => `${name}${sep}${REDACTED}`],
  // Bearer credentials anywhere.
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  // The service's opaque access/refresh tokens (pba_…, pbr_…), even unlabelled.
  [/\bpb[a-z]_[A-Za-z0-9_-]{16,}/g, REDACTED],
  // Compact JWS/JWT: three base64url segments, the first a JSON header ("eyJ").
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[redacted-jws]'],
  // JSON "key": "value" pairs.
  [new RegExp(`("(?:${alternation(JSON_KEYS)})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), (_m, prefix) => `${prefix}"${REDACTED}"`],
  // key=value in query strings and form bodies.
  [new RegExp(`([?&\\s;,(]|^)((?:${alternation(QUERY_KEYS)})=)[^&\\s#"',;)]*`, 'gi'), (_m, lead, key) => `${lead}${key}${REDACTED}`],
  // key: value in plain text.
  [new RegExp(`\\b((?:${alternation(TEXT_KEYS)})\\s*:\\s*)(?!\\[redacted)[^\\s,;"'}]+`, 'gi'), (_m, prefix) => `${prefix}${REDACTED}`],
];

export function redact(line: string): string {
  let out = line;
  for (const [pattern, replacement] of rules) {
    out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  }
  return out;
}
