/**
 * The Billing API v1 client: one axios instance, every response validated with
 * the contract, a small error taxonomy (ApiError.kind), timeouts, cancellation,
 * retries with backoff for idempotent requests only, Retry-After and ETags.
 *
 * Free of VS Code: configuration, logging and the access token come in through
 * `ApiClientOptions`, so the same client runs in unit tests against a real
 * sandbox on loopback.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { type Static, type TSchema } from '@sinclair/typebox';
import { AccountSummary } from '../../shared/contract/account';
import { BillingDetails, type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { ApiHeaders, Problem } from '../../shared/contract/common';
import { EntitlementsResponse, Jwks } from '../../shared/contract/entitlements';
import { InvoiceList } from '../../shared/contract/invoices';
import { OAuthClientId, OAuthError, TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PortalSession, type PortalFlow } from '../../shared/contract/portal';
import { ApiError } from './apiError';
import { describeMismatch, matches } from './validate';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { withoutTrailingSlash } from '../config/serviceUrl';
import { backoffDelay } from '../util/backoff';
import { type Random, sleep } from '../util/clock';

/** Where authenticated requests get their bearer token. */
export interface AccessTokenSource {
  /** The current access token; throws ApiError('unauthorized') when signed out. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /**
   * The service rejected `rejected` with 401: refresh (single-flight) and
   * return the new token, or throw ApiError('unauthorized') when that fails.
   */
  renewAccessToken(rejected: string, signal?: AbortSignal): Promise<string>;
}

export interface ApiClientOptions {
  /** Base URL of the service, read per request so a settings change applies at once. */
  serviceUrl: () => string;
  logger: Logger;
  auth?: AccessTokenSource;
  /** Per-attempt timeout in ms, or a function read per request (default 10 s). */
  timeoutMs?: number | (() => number);
  /** Attempts for idempotent requests, including the first (default 3). */
  maxAttempts?: number;
  /** Backoff base and cap in ms (default 500 ms, 8 s). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** A Retry-After longer than this is not waited for inside a request; the caller gets rateLimited/server with retryAfterMs (default 30 s). */
  maxRetryAfterMs?: number;
  random?: Random;
  userAgent?: string;
}

/** Result of a conditional GET. */
export type Conditional<T> =
  | { readonly notModified: true; readonly etag: string }
  | { readonly notModified: false; readonly etag: string | undefined; readonly body: T };

export interface RequestOptions {
  signal?: AbortSignal;
  /** Use this access token instead of asking the token source (right after sign-in, before the session is stored). */
  accessToken?: string;
}

export interface DownloadOptions extends RequestOptions {
  /** Called as bytes arrive; `total` when the server sent Content-Length. */
  onProgress?: (received: number, total: number | undefined) => void;
}

type Method = 'GET' | 'POST' | 'PUT';

interface RequestSpec<S extends TSchema | undefined> {
  method: Method;
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  schema: S;
  auth: boolean;
  /** Safe to send again: GETs, and PUTs carrying an Idempotency-Key. */
  idempotent: boolean;
  etag?: string;
  headers?: Record<string, string>;
  binary?: boolean;
  accessToken?: string;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
}

interface RawResult {
  status: number;
  headers: Record<string, string | undefined>;
  data: string | Buffer;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_NETWORK',
  'ERR_BAD_RESPONSE',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export class ApiClient {
  private readonly http: AxiosInstance;
  private readonly timeout: () => number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: Random;

  constructor(private readonly options: ApiClientOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.timeout = typeof timeout === 'function' ? timeout : () => timeout;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffCapMs = options.backoffCapMs ?? 8_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.http = axios.create({
      // Node's http/https modules, not fetch: the VS Code extension host patches
      // exactly those modules to apply the editor's proxy settings (http.proxy,
      // system proxy, proxy auth, custom CA certificates). `proxy: false` stops
      // axios from reading HTTP(S)_PROXY itself, which would bypass or double
      // that patching. It also keeps the bundle free of axios's fetch/XHR paths.
      adapter: 'http',
      proxy: false,
      maxRedirects: 0,
      // Status codes are classified here, not by axios.
      validateStatus: () => true,
      // Bodies arrive as text/bytes and are parsed and validated here, so a
      // malformed body becomes invalidResponse instead of a parse crash.
      transformResponse: [(data: unknown) => data],
      headers: { 'User-Agent': options.userAgent ?? 'plan-billing-vscode' },
    });
  }

  /** GET /v1/account, conditional on `etag`. */
  getAccount(options: RequestOptions & { etag?: string } = {}): Promise<Conditional<AccountSummary>> {
    return this.conditional(ApiPaths.account, AccountSummary, options);
  }

  /** GET /v1/entitlements (the signed token; verify it before use), conditional on `etag`. */
  getEntitlements(options: RequestOptions & { etag?: string } = {}): Promise<Conditional<EntitlementsResponse>> {
    return this.conditional(ApiPaths.entitlements, EntitlementsResponse, options);
  }

  /** GET /v1/invoices: one page, newest first; pass the previous page's nextCursor as startingAfter. */
  listInvoices(query: { limit?: number; startingAfter?: string } = {}, options: RequestOptions = {}): Promise<InvoiceList> {
    return this.body({
      method: 'GET',
      path: ApiPaths.invoices,
      query: { limit: query.limit, startingAfter: query.startingAfter },
      schema: InvoiceList,
      auth: true,
      idempotent: true,
      signal: options.signal,
    });
  }

  /** GET /v1/invoices/{id}/pdf: the PDF's bytes. */
  async downloadInvoicePdf(invoiceId: string, options: DownloadOptions = {}): Promise<Uint8Array> {
    const result = await this.send({
      method: 'GET',
      path: pathTo(ApiPaths.invoicePdf, { id: invoiceId }),
      schema: undefined,
      auth: true,
      idempotent: true,
      binary: true,
      headers: { Accept: 'application/pdf' },
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const bytes = Buffer.isBuffer(result.data) ? result.data : Buffer.from(result.data);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new ApiError('invalidResponse', t('The invoice download is not a PDF.'), { status: result.status });
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * PUT /v1/billing-details. Retried safely thanks to the Idempotency-Key;
   * field problems come back as ApiError('validation') with fieldErrors.
   */
  saveBillingDetails(input: BillingDetailsInput, idempotencyKey: string, options: RequestOptions = {}): Promise<BillingDetails> {
    return this.body({
      method: 'PUT',
      path: ApiPaths.billingDetails,
      json: input,
      schema: BillingDetails,
      auth: true,
      idempotent: true,
      headers: { [ApiHeaders.idempotencyKey]: idempotencyKey },
      signal: options.signal,
    });
  }

  /** POST /v1/portal-sessions. Never retried (each call creates a session); never log the URL. */
  createPortalSession(flow: PortalFlow, returnUrl: string, options: RequestOptions = {}): Promise<PortalSession> {
    return this.body({
      method: 'POST',
      path: ApiPaths.portalSessions,
      json: { flow, returnUrl },
      schema: PortalSession,
      auth: true,
      idempotent: false,
      signal: options.signal,
    });
  }

  /** GET /.well-known/jwks.json. */
  getJwks(options: RequestOptions = {}): Promise<Jwks> {
    return this.body({ method: 'GET', path: ApiPaths.jwks, schema: Jwks, auth: false, idempotent: true, signal: options.signal });
  }

  /** POST /oauth/token with an authorization code + PKCE verifier. Codes are single-use: never retried. */
  exchangeCode(code: string, redirectUri: string, codeVerifier: string, options: RequestOptions = {}): Promise<TokenResponse> {
    return this.body({
      method: 'POST',
      path: ApiPaths.token,
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: OAuthClientId,
        code_verifier: codeVerifier,
      },
      schema: TokenResponse,
      auth: false,
      idempotent: false,
      signal: options.signal,
    });
  }

  /** POST /oauth/token with a refresh token. Refresh tokens rotate: never retried (a retry would spend the new one). */
  refreshTokens(refreshToken: string, options: RequestOptions = {}): Promise<TokenResponse> {
    return this.body({
      method: 'POST',
      path: ApiPaths.token,
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAuthClientId },
      schema: TokenResponse,
      auth: false,
      idempotent: false,
      signal: options.signal,
    });
  }

  /** POST /oauth/revoke (RFC 7009). */
  async revoke(token: string, hint: 'access_token' | 'refresh_token', options: RequestOptions = {}): Promise<void> {
    await this.send({
      method: 'POST',
      path: ApiPaths.revoke,
      form: { token, token_type_hint: hint, client_id: OAuthClientId },
      schema: undefined,
      auth: false,
      idempotent: false,
      signal: options.signal,
    });
  }

  // -------------------------------------------------------------------------

  private async conditional<S extends TSchema>(
    path: string,
    schema: S,
    options: RequestOptions & { etag?: string },
  ): Promise<Conditional<Static<S>>> {
    const result = await this.send({
      method: 'GET',
      path,
      schema,
      auth: true,
      idempotent: true,
      etag: options.etag,
      signal: options.signal,
      accessToken: options.accessToken,
    });
    const etag = result.headers['etag'];
    if (result.status === 304) return { notModified: true, etag: etag ?? options.etag ?? '' };
    return { notModified: false, etag, body: this.parse(schema, result, path) };
  }

  private async body<S extends TSchema>(spec: RequestSpec<S>): Promise<Static<S>> {
    const result = await this.send(spec);
    return this.parse(spec.schema, result, spec.path);
  }

  private parse<S extends TSchema>(schema: S, result: RawResult, path: string): Static<S> {
    let value: unknown;
    try {
      value = JSON.parse(typeof result.data === 'string' ? result.data : result.data.toString('utf8'));
    } catch {
      this.options.logger.warn(`${path}: response body is not JSON (status ${result.status})`);
      throw new ApiError('invalidResponse', t('The billing service sent an unreadable answer.'), { status: result.status });
    }
    if (!matches(schema, value)) {
      this.options.logger.warn(`${path}: response does not match the contract: ${describeMismatch(schema, value)}`);
      throw new ApiError('invalidResponse', t('The billing service sent an unexpected answer.'), { status: result.status });
    }
    return value;
  }

  /** Sends with retries (idempotent only) and one token renewal on 401. */
  private async send(spec: RequestSpec<TSchema | undefined>): Promise<RawResult> {
    let token = spec.auth ? (spec.accessToken ?? (await this.requireAuth().getAccessToken(spec.signal))) : undefined;
    // An explicit token is not renewed: its owner handles a 401.
    let renewed = spec.accessToken !== undefined;
    for (let attempt = 1; ; attempt++) {
      let result: RawResult;
      try {
        result = await this.attempt(spec, token);
      } catch (error) {
        const apiError = error as ApiError;
        if (!this.shouldRetry(spec, attempt, apiError)) throw apiError;
        await this.backoff(spec, attempt, apiError);
        continue;
      }
      if (result.status >= 200 && result.status < 300) return result;
      if (result.status === 304 && spec.etag !== undefined) return result;
      if (result.status === 401 && spec.auth && token !== undefined && !renewed) {
        // Rejected before processing, so even a non-idempotent request may be sent again once.
        renewed = true;
        token = await this.requireAuth().renewAccessToken(token, spec.signal);
        attempt--;
        continue;
      }
      const apiError = this.classify(result, spec);
      if (!this.shouldRetry(spec, attempt, apiError)) throw apiError;
      await this.backoff(spec, attempt, apiError);
    }
  }

  private requireAuth(): AccessTokenSource {
    if (!this.options.auth) throw new ApiError('unauthorized', t('Not signed in.'));
    return this.options.auth;
  }

  private shouldRetry(spec: RequestSpec<TSchema | undefined>, attempt: number, error: ApiError): boolean {
    if (!spec.idempotent || attempt >= this.maxAttempts) return false;
    if (spec.signal?.aborted) return false;
    if (error.kind === 'offline') return true;
    if (error.kind !== 'server' && error.kind !== 'rateLimited') return false;
    if (error.status !== undefined && !RETRYABLE_STATUS.has(error.status)) return false;
    return error.details.retryAfterMs === undefined || error.details.retryAfterMs <= this.maxRetryAfterMs;
  }

  private async backoff(spec: RequestSpec<TSchema | undefined>, attempt: number, error: ApiError): Promise<void> {
    const delay = Math.max(backoffDelay(attempt, this.backoffBaseMs, this.backoffCapMs, this.random), error.details.retryAfterMs ?? 0);
    this.options.logger.info(`${spec.method} ${spec.path}: ${error.kind} (attempt ${attempt}), retrying in ${Math.round(delay)} ms`);
    try {
      await sleep(delay, spec.signal);
    } catch {
      throw new ApiError('cancelled', t('The request was cancelled.'));
    }
  }

  private async attempt(spec: RequestSpec<TSchema | undefined>, token: string | undefined): Promise<RawResult> {
    const started = Date.now();
    const timeout = new AbortController();
    const timeoutMs = this.timeout();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), timeoutMs);
    const signals = spec.signal ? [spec.signal, timeout.signal] : [timeout.signal];
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    if (spec.etag !== undefined) headers[ApiHeaders.ifNoneMatch] = spec.etag;
    let data: unknown = undefined;
    if (spec.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      data = new URLSearchParams(spec.form).toString();
    } else if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      data = JSON.stringify(spec.json);
    }
    let response: AxiosResponse<string | Buffer>;
    try {
      if (spec.signal?.aborted) throw new ApiError('cancelled', t('The request was cancelled.'));
      response = await this.http.request<string | Buffer>({
        method: spec.method,
        baseURL: withoutTrailingSlash(this.options.serviceUrl()),
        url: spec.path,
        params: spec.query ? Object.fromEntries(Object.entries(spec.query).filter(([, v]) => v !== undefined)) : undefined,
        headers,
        data,
        responseType: spec.binary ? 'arraybuffer' : 'text',
        responseEncoding: 'utf8',
        signal: AbortSignal.any(signals),
        onDownloadProgress: spec.onProgress
          ? (event) => spec.onProgress?.(event.loaded, event.total === undefined || event.total === 0 ? undefined : event.total)
          : undefined,
      });
    } catch (error) {
      const mapped = this.mapTransportError(error, spec, timeout.signal.aborted ? timeoutMs : undefined);
      this.options.logger.warn(`${spec.method} ${spec.path} failed after ${Date.now() - started} ms: ${mapped.kind} (${mapped.message})`);
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
    const headersOut: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
      headersOut[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
    }
    this.options.logger.debug(`${spec.method} ${spec.path} → ${response.status} in ${Date.now() - started} ms`);
    return { status: response.status, headers: headersOut, data: response.data ?? '' };
  }

  private mapTransportError(error: unknown, spec: RequestSpec<TSchema | undefined>, timedOutAfterMs: number | undefined): ApiError {
    if (error instanceof ApiError) return error;
    if (spec.signal?.aborted) return new ApiError('cancelled', t('The request was cancelled.'));
    if (timedOutAfterMs !== undefined) return new ApiError('offline', t('The billing service did not answer within {0} s.', Math.round(timedOutAfterMs / 1000)));
    if (axios.isAxiosError(error)) {
      const code = error.code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ERR_CANCELED') return new ApiError('cancelled', t('The request was cancelled.'));
      if ((code && NETWORK_CODES.has(code)) || /socket hang up|aborted|network/i.test(error.message)) {
        return new ApiError('offline', t("Can't reach the billing service ({0}).", code ?? error.message));
      }
      return new ApiError('offline', t("Can't reach the billing service ({0}).", error.message));
    }
    return new ApiError('unknown', error instanceof Error ? error.message : String(error));
  }

  private classify(result: RawResult, spec: RequestSpec<TSchema | undefined>): ApiError {
    const status = result.status;
    const retryAfterMs = parseRetryAfter(result.headers['retry-after']);
    const body = safeJson(result.data);
    const problem = matches(Problem, body) ? body : undefined;
    const detail = problem ? (problem.detail ?? problem.title) : undefined;
    if (spec.path === ApiPaths.token || spec.path === ApiPaths.revoke) {
      if (matches(OAuthError, body)) {
        const authFailure = ['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_token'].includes(body.error);
        return new ApiError(authFailure ? 'unauthorized' : status >= 500 ? 'server' : 'validation', body.error_description ?? body.error, {
          status,
          oauthError: body.error,
        });
      }
    }
    if (status === 401) return new ApiError('unauthorized', detail ?? t('Your sign-in has expired.'), { status });
    if (status === 429) return new ApiError('rateLimited', detail ?? t('Too many requests.'), { status, retryAfterMs });
    if (status >= 500) return new ApiError('server', detail ?? t('The billing service answered {0}.', status), { status, retryAfterMs });
    if (status === 408) return new ApiError('offline', t('The request timed out.'), { status, retryAfterMs });
    if ((status === 400 || status === 422 || status === 413) && problem) {
      return new ApiError('validation', detail ?? t('The request was rejected.'), { status, fieldErrors: problem.errors ?? [] });
    }
    if (status >= 300 && status < 400) return new ApiError('invalidResponse', t('Unexpected redirect ({0}).', status), { status });
    return new ApiError('unknown', detail ?? t('The billing service answered {0}.', status), { status });
  }
}

function safeJson(data: string | Buffer): unknown {
  try {
    return JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
