/**
 * Tunables of the sandbox, read from environment variables once at start.
 *
 *   SANDBOX_PORT                 port when --port is not given (default 4242; 0 = any free port)
 *   SANDBOX_ACCESS_TOKEN_TTL     access token lifetime, seconds (default 900)
 *   SANDBOX_REFRESH_TOKEN_TTL    refresh token lifetime, seconds (default 2592000 = 30 days)
 *   SANDBOX_RATE_LIMIT           requests per minute per signed-in user on /v1/* (default 600)
 *   SANDBOX_CLIENT_RATE_LIMIT    requests per minute per client address on /oauth/* and /portal/* (default 300)
 *   SANDBOX_REFRESH_REUSE_GRACE  seconds a just-rotated refresh token may be presented again for a fresh pair of
 *                                the same sign-in (two windows renewing at once) before reuse revokes it (default 30; 0 = none)
 *   SANDBOX_PUBLIC_URL           the origin clients and browsers use, e.g. https://billing.example.com behind a TLS proxy
 *                                (default http://127.0.0.1:<port>): portal links use it, https makes cookies Secure,
 *                                and its host name is answered to
 *   SANDBOX_ALLOWED_HOSTS        more host names the service answers to, comma-separated (loopback names always; others get 421)
 *   SANDBOX_TRUST_PROXY          1 = behind a reverse proxy on loopback: the client address is taken from X-Forwarded-For
 *                                (rate limits) and the scheme from X-Forwarded-Proto (https makes cookies Secure)
 *   SANDBOX_WEB_CALLBACK_ORIGINS https origins of browser-hosted editors (code-server, Codespaces) whose /callback may
 *                                receive sign-in codes and portal returns, comma-separated (loopback origins always may)
 *   SANDBOX_RETRY_DAYS           automatic payment retries, days after the first failure (default 1,3,5,7; empty = none)
 *   SANDBOX_AFTER_RETRIES        what a subscription becomes after the last retry fails: canceled | unpaid (default canceled)
 *   SANDBOX_PORTAL_SESSION_TTL   seconds a portal session URL stays usable before its first use (default 600)
 *   SANDBOX_PORTAL_FLOW_TTL      seconds the portal stays usable after the URL was opened (default 1800)
 *   SANDBOX_ENTITLEMENT_TTL      seconds from an entitlement token's iat to its exp (default 86400)
 *   SANDBOX_GRACE_DAYS           offline grace of an entitlement with paid access, days (default 3; never beyond the paid period)
 *   SANDBOX_BODY_LIMIT           largest accepted request body, bytes (default 65536)
 *   SANDBOX_LOG                  1 = log one line per request to stderr (secrets redacted)
 *   SANDBOX_BENCH                1 = also serve GET /bench/bare, a bare route for the benchmark's baseline
 *   SANDBOX_OVERAGE_PRICE_CENTS  price of one credit beyond the plan, in cents (default 4)
 *
 * The seller, printed on every invoice and deciding its tax (docs/tax.md):
 *   SANDBOX_SELLER_NAME          the seller's name (default "Plan & Billing Sandbox Inc.")
 *   SANDBOX_SELLER_ADDRESS       its address lines, separated by "|" (default a San Francisco address and billing@sandbox.test)
 *   SANDBOX_SELLER_COUNTRY       ISO 3166-1 code of its establishment (default US)
 *   SANDBOX_SELLER_STATE         its GST state code when the country is IN (required there, e.g. 27)
 *   SANDBOX_TAX_REGISTRATIONS    where it collects tax, comma-separated: EU (the OSS), a member state, GB, AU, IN, CA,
 *                                CA-QC, CA-BC, CA-MB, CA-SK (default EU,GB,AU,IN,CA,CA-QC,CA-BC,CA-MB,CA-SK; empty = none)
 *   SANDBOX_TAX_NUMBERS          its registration numbers printed on invoices, REGISTRATION=NUMBER pairs separated by
 *                                commas, e.g. "EU=EU372000041,GB=GB123456782" (default: fictional numbers for the
 *                                default registrations; empty = none)
 *
 * Wall-clock lifetimes (tokens, portal sessions, entitlement iat/exp) use the
 * real clock; everything about billing uses the billing clock (billing/clock.ts).
 */
import { isCountryCode } from '../shared/countries';
import { EU_MEMBER_STATES, indianStateCode } from './billing/taxRates';

export type AfterRetries = 'canceled' | 'unpaid';

/** Where a seller can be registered to collect tax (billing/taxRates.ts). */
export const TAX_REGISTRATIONS: readonly string[] = ['EU', ...EU_MEMBER_STATES, 'GB', 'AU', 'IN', 'CA', 'CA-QC', 'CA-BC', 'CA-MB', 'CA-SK'];

/** Who issues the invoices: printed on them, and the seller side of the tax rules. */
export interface SellerConfig {
  readonly name: string;
  readonly addressLines: readonly string[];
  /** ISO 3166-1 alpha-2 of the establishment. */
  readonly country: string;
  /** GST state code of an Indian seller; null elsewhere. */
  readonly state: string | null;
  /** Where it collects tax: values of TAX_REGISTRATIONS. */
  readonly taxRegistrations: readonly string[];
  /** Its registration numbers by registration ('EU', 'GB', 'CA-QC', ...), printed on the invoices they concern. */
  readonly taxNumbers: Readonly<Record<string, string>>;
}

export interface SandboxConfig {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly authCodeTtlSeconds: number;
  /** /v1 requests a minute per signed-in user. */
  readonly rateLimitPerMinute: number;
  /** /oauth and /portal requests a minute per client address. */
  readonly clientRateLimitPerMinute: number;
  /** Seconds after its rotation during which a refresh token presented again gets a fresh pair instead of revoking its sign-in. */
  readonly refreshReuseGraceSeconds: number;
  readonly retryDays: readonly number[];
  readonly afterRetries: AfterRetries;
  readonly portalSessionTtlSeconds: number;
  readonly portalFlowTtlSeconds: number;
  readonly entitlementTtlSeconds: number;
  readonly graceDays: number;
  /** GET /v1/account carries the entitlement token (one request per check); off = a service without it (SANDBOX_TOKEN_IN_SUMMARY=0). */
  readonly tokenInSummary: boolean;
  readonly bodyLimitBytes: number;
  /** Cents per credit beyond the plan's (overage), billed at the renewal. */
  readonly overagePriceCents: number;
  /** Days before a trial ends that the "trial ending" notice goes out (Stripe sends it 3 days before). */
  readonly trialNoticeDays: number;
  /** An incomplete first payment expires after this many hours (Stripe: 23). */
  readonly incompleteExpiryHours: number;
  readonly logRequests: boolean;
  readonly benchRoute: boolean;
  readonly seller: SellerConfig;
  /** The public origin (no trailing slash), or undefined for the listening address. */
  readonly publicUrl: string | undefined;
  /** Host names answered to besides loopback and the public URL's, lower case. */
  readonly allowedHosts: readonly string[];
  readonly trustProxy: boolean;
  /** https origins of web editors whose callbacks are registered (see auth/callbackRegistry.ts). */
  readonly webCallbackOrigins: readonly string[];
}

/** Fictional registration numbers of the default seller, shaped like the real ones. */
const DEFAULT_TAX_NUMBERS: Readonly<Record<string, string>> = {
  EU: 'EU372000041',
  GB: 'GB123456782',
  AU: 'ARN 3000 0000 0017',
  IN: '9917USA29001OSA',
  CA: '723456789RT0001',
  'CA-QC': 'NR00012345',
  'CA-BC': 'PST-1234-5678',
  'CA-MB': '123456-7',
  'CA-SK': '1234567',
};

export const defaultConfig: SandboxConfig = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 86400,
  authCodeTtlSeconds: 300,
  rateLimitPerMinute: 600,
  clientRateLimitPerMinute: 300,
  refreshReuseGraceSeconds: 30,
  retryDays: [1, 3, 5, 7],
  afterRetries: 'canceled',
  portalSessionTtlSeconds: 600,
  portalFlowTtlSeconds: 1800,
  entitlementTtlSeconds: 86400,
  graceDays: 3,
  tokenInSummary: true,
  bodyLimitBytes: 64 * 1024,
  overagePriceCents: 4,
  trialNoticeDays: 3,
  incompleteExpiryHours: 23,
  logRequests: false,
  benchRoute: false,
  seller: {
    name: 'Plan & Billing Sandbox Inc.',
    addressLines: ['100 Example Avenue', 'San Francisco, CA 94107', 'United States', 'billing@sandbox.test'],
    country: 'US',
    state: null,
    taxRegistrations: ['EU', 'GB', 'AU', 'IN', 'CA', 'CA-QC', 'CA-BC', 'CA-MB', 'CA-SK'],
    taxNumbers: DEFAULT_TAX_NUMBERS,
  },
  publicUrl: undefined,
  allowedHosts: [],
  trustProxy: false,
  webCallbackOrigins: [],
};

export class ConfigError extends Error {}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, { integer = true, min = 1 } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${raw}"`);
  }
  return value;
}

function parseRetryDays(raw: string | undefined): number[] {
  if (raw === undefined) return [...defaultConfig.retryDays];
  if (raw.trim() === '') return [];
  const days = raw.split(',').map((part) => Number(part.trim()));
  const ascending = days.every((d, i) => Number.isFinite(d) && d > 0 && (i === 0 || d > days[i - 1]!));
  if (!ascending) throw new ConfigError(`SANDBOX_RETRY_DAYS must be ascending positive numbers like "1,3,5,7", got "${raw}"`);
  return days;
}

function parseRegistrations(raw: string | undefined): string[] {
  if (raw === undefined) return [...defaultConfig.seller.taxRegistrations];
  const list = raw
    .split(',')
    .map((part) => part.trim().toUpperCase())
    .filter((part) => part !== '');
  const unknown = list.filter((r) => !TAX_REGISTRATIONS.includes(r));
  if (unknown.length > 0) {
    throw new ConfigError(`SANDBOX_TAX_REGISTRATIONS: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a registration; use EU, a member state code, GB, AU, IN, CA, CA-QC, CA-BC, CA-MB or CA-SK`);
  }
  return [...new Set(list)];
}

function parseTaxNumbers(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return { ...DEFAULT_TAX_NUMBERS };
  const numbers: Record<string, string> = {};
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim().toUpperCase() : '';
    const value = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!TAX_REGISTRATIONS.includes(key) || value === '') {
      throw new ConfigError(`SANDBOX_TAX_NUMBERS must be REGISTRATION=NUMBER pairs such as "EU=EU372000041,GB=GB123456782", got "${part.trim()}"`);
    }
    numbers[key] = value;
  }
  return numbers;
}

function loadSeller(env: NodeJS.ProcessEnv): SellerConfig {
  const fallback = defaultConfig.seller;
  const country = (env.SANDBOX_SELLER_COUNTRY?.trim() || fallback.country).toUpperCase();
  if (!isCountryCode(country)) throw new ConfigError(`SANDBOX_SELLER_COUNTRY must be an ISO 3166-1 alpha-2 code such as US or DE, got "${country}"`);
  const state = env.SANDBOX_SELLER_STATE?.trim() || null;
  // An Indian seller's state decides CGST/SGST against IGST, so it cannot be missing.
  if (country === 'IN' && indianStateCode(state) === null) {
    throw new ConfigError(`SANDBOX_SELLER_STATE must be the seller's GST state code (for example 27) when SANDBOX_SELLER_COUNTRY is IN, got "${state ?? ''}"`);
  }
  const address = env.SANDBOX_SELLER_ADDRESS;
  return {
    name: env.SANDBOX_SELLER_NAME?.trim() || fallback.name,
    addressLines: address === undefined ? fallback.addressLines : address.split('|').map((line) => line.trim()).filter((line) => line !== ''),
    country,
    state,
    taxRegistrations: parseRegistrations(env.SANDBOX_TAX_REGISTRATIONS),
    taxNumbers: parseTaxNumbers(env.SANDBOX_TAX_NUMBERS),
  };
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** An origin as the URL parser writes it ("https://host[:port]"), or undefined when `raw` is more or less than an origin. */
function originOf(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    // The href of a bare origin is the origin plus "/": anything else has a path, query, fragment or user name.
    return url.origin !== 'null' && `${url.origin}/` === url.href ? url : undefined;
  } catch {
    return undefined;
  }
}

function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const url = originOf(raw.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigError(`SANDBOX_PUBLIC_URL must be an http(s) origin such as https://billing.example.com (no path), got "${raw}"`);
  }
  return url.origin;
}

const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/;

function parseAllowedHosts(raw: string | undefined): string[] {
  return list(raw).map((name) => {
    const host = name.toLowerCase();
    if (!HOST_NAME.test(host)) throw new ConfigError(`SANDBOX_ALLOWED_HOSTS must list host names without ports, such as billing.example.com, got "${name}"`);
    return host;
  });
}

function parseWebCallbackOrigins(raw: string | undefined): string[] {
  return list(raw).map((entry) => {
    const url = originOf(entry);
    // Codes must not travel in clear text, and a wildcard (*.github.dev) would register every stranger's editor too.
    if (!url || url.protocol !== 'https:' || !HOST_NAME.test(url.hostname)) {
      throw new ConfigError(`SANDBOX_WEB_CALLBACK_ORIGINS must list https origins such as https://code.example.com (no path, no wildcard), got "${entry}"`);
    }
    return url.origin;
  });
}

/** Reads the configuration from the environment; throws ConfigError with a readable message on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const after = env.SANDBOX_AFTER_RETRIES?.trim() || defaultConfig.afterRetries;
  if (after !== 'canceled' && after !== 'unpaid') {
    throw new ConfigError(`SANDBOX_AFTER_RETRIES must be "canceled" or "unpaid", got "${after}"`);
  }
  return {
    ...defaultConfig,
    accessTokenTtlSeconds: positiveNumber(env, 'SANDBOX_ACCESS_TOKEN_TTL', defaultConfig.accessTokenTtlSeconds),
    refreshTokenTtlSeconds: positiveNumber(env, 'SANDBOX_REFRESH_TOKEN_TTL', defaultConfig.refreshTokenTtlSeconds),
    rateLimitPerMinute: positiveNumber(env, 'SANDBOX_RATE_LIMIT', defaultConfig.rateLimitPerMinute),
    clientRateLimitPerMinute: positiveNumber(env, 'SANDBOX_CLIENT_RATE_LIMIT', defaultConfig.clientRateLimitPerMinute),
    refreshReuseGraceSeconds: positiveNumber(env, 'SANDBOX_REFRESH_REUSE_GRACE', defaultConfig.refreshReuseGraceSeconds, { min: 0 }),
    retryDays: parseRetryDays(env.SANDBOX_RETRY_DAYS),
    afterRetries: after,
    portalSessionTtlSeconds: positiveNumber(env, 'SANDBOX_PORTAL_SESSION_TTL', defaultConfig.portalSessionTtlSeconds),
    portalFlowTtlSeconds: positiveNumber(env, 'SANDBOX_PORTAL_FLOW_TTL', defaultConfig.portalFlowTtlSeconds),
    entitlementTtlSeconds: positiveNumber(env, 'SANDBOX_ENTITLEMENT_TTL', defaultConfig.entitlementTtlSeconds),
    graceDays: positiveNumber(env, 'SANDBOX_GRACE_DAYS', defaultConfig.graceDays, { integer: false, min: 0 }),
    tokenInSummary: env.SANDBOX_TOKEN_IN_SUMMARY !== '0',
    bodyLimitBytes: positiveNumber(env, 'SANDBOX_BODY_LIMIT', defaultConfig.bodyLimitBytes, { min: 256 }),
    overagePriceCents: positiveNumber(env, 'SANDBOX_OVERAGE_PRICE_CENTS', defaultConfig.overagePriceCents),
    logRequests: env.SANDBOX_LOG === '1',
    benchRoute: env.SANDBOX_BENCH === '1',
    seller: loadSeller(env),
    publicUrl: parsePublicUrl(env.SANDBOX_PUBLIC_URL),
    allowedHosts: parseAllowedHosts(env.SANDBOX_ALLOWED_HOSTS),
    trustProxy: env.SANDBOX_TRUST_PROXY === '1',
    webCallbackOrigins: parseWebCallbackOrigins(env.SANDBOX_WEB_CALLBACK_ORIGINS),
  };
}
