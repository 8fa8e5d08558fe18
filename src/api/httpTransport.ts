/**
 * The HTTP transport the Billing API client and the OAuth client share:
 * Node's http/https (nodeRequest.ts), per-attempt timeouts, cancellation, retries with backoff for
 * idempotent requests only, Retry-After, one bearer-token renewal on 401,
 * response validation with the contract and the error taxonomy (ApiError.kind).
 *
 * Free of VS Code: configuration and logging come in through
 * `HttpTransportOptions`, so it runs in unit tests against a real sandbox on
 * loopback.
 */
import { type Static, type TSchema } from '@sinclair/typebox';
import { ApiHeaders, Problem } from '../../shared/contract/common';
import { ApiError } from './apiError';
import { RequestFailure, sendNodeRequest, type NodeResponse } from './nodeRequest';
import { describeMismatch, matches } from './validate';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { originOf, withoutTrailingSlash } from '../config/serviceUrl';
import { backoffDelay } from '../util/backoff';
import { type Clock, type Random, sleep, systemClock } from '../util/clock';

export interface HttpTransportOptions {
  /** Base URL of the service, read per request so a settings change applies at once. */
  serviceUrl: () => string;
  logger: Logger;
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
  /** Times requests for the log and reads HTTP-date Retry-After values (default: the system clock). */
  clock?: Clock;
  userAgent?: string;
}

/** The bearer token of a request, and how to renew it once when the service rejects it with 401. */
export interface Bearer {
  readonly token: string;
  /** The origin of the service that issued the token: it is sent nowhere else. */
  readonly origin: string;
  /** Omitted: a 401 is final (the token's owner handles it). */
  readonly renew?: (rejected: string) => Promise<string>;
}

export interface RequestSpec<S extends TSchema | undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  schema: S;
  bearer?: Bearer;
  /** The body carries a credential (code, refresh token) issued by this origin: the request is sent nowhere else. */
  credentialOrigin?: string;
  /** Send to this service instead of the configured one (revoking at the service that issued a token). */
  serviceUrl?: string;
  /** Safe to send again: GETs, and PUTs carrying an Idempotency-Key. */
  idempotent: boolean;
  etag?: string;
  headers?: Record<string, string>;
  binary?: boolean;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Reads an error body in the endpoint's own format (OAuth's) before the Problem Details classification. */
  classifyError?: (status: number, body: unknown) => ApiError | undefined;
}

export interface RawResult {
  status: number;
  headers: Record<string, string | undefined>;
  data: string | Buffer;
}

type AnySpec = RequestSpec<TSchema | undefined>;

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
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
]);

export class HttpTransport {
  private readonly timeout: () => number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: Random;
  private readonly clock: Clock;

  constructor(private readonly options: HttpTransportOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.timeout = typeof timeout === 'function' ? timeout : () => timeout;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffCapMs = options.backoffCapMs ?? 8_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
  }

  /** Sends and validates the JSON body against `spec.schema`. */
  async body<S extends TSchema>(spec: RequestSpec<S>): Promise<Static<S>> {
    const result = await this.send(spec);
    return this.parse(spec.schema, result, spec.path);
  }

  /** The body of `result` if it is JSON matching `schema`; otherwise ApiError('invalidResponse'). */
  parse<S extends TSchema>(schema: S, result: RawResult, path: string): Static<S> {
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

  /** Sends with retries (idempotent only) and one token renewal on 401; resolves with a 2xx (or the 304 of a conditional request). */
  async send(spec: AnySpec): Promise<RawResult> {
    let token = spec.bearer?.token;
    let renewed = spec.bearer?.renew === undefined;
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
      if (result.status === 401 && token !== undefined && spec.bearer?.renew && !renewed) {
        // Rejected before processing, so even a non-idempotent request may be sent again once.
        renewed = true;
        token = await spec.bearer.renew(token);
        attempt--;
        continue;
      }
      const apiError = this.classify(result, spec);
      if (!this.shouldRetry(spec, attempt, apiError)) throw apiError;
      await this.backoff(spec, attempt, apiError);
    }
  }

  private shouldRetry(spec: AnySpec, attempt: number, error: ApiError): boolean {
    if (!spec.idempotent || attempt >= this.maxAttempts) return false;
    if (spec.signal?.aborted) return false;
    if (error.kind === 'offline') return true;
    if (error.kind !== 'server' && error.kind !== 'rateLimited') return false;
    if (error.status !== undefined && !RETRYABLE_STATUS.has(error.status)) return false;
    return error.details.retryAfterMs === undefined || error.details.retryAfterMs <= this.maxRetryAfterMs;
  }

  private async backoff(spec: AnySpec, attempt: number, error: ApiError): Promise<void> {
    const delay = Math.max(backoffDelay(attempt, this.backoffBaseMs, this.backoffCapMs, this.random), error.details.retryAfterMs ?? 0);
    this.options.logger.info(`${spec.method} ${spec.path}: ${error.kind} (attempt ${attempt}), retrying in ${Math.round(delay)} ms`);
    try {
      await sleep(delay, spec.signal);
    } catch {
      throw new ApiError('cancelled', t('The request was cancelled.'));
    }
  }

  /**
   * The base URL this attempt goes to, read now (the setting may have changed
   * since the last attempt). A credential is never sent to an origin other
   * than the one that issued it: such a request is refused before it leaves.
   */
  private target(spec: AnySpec): string {
    let base: string;
    try {
      base = withoutTrailingSlash(spec.serviceUrl ?? this.options.serviceUrl());
    } catch (error) {
      // A refused service URL: nothing is sent (the status bar and the log say why).
      this.options.logger.debug(`${spec.method} ${spec.path} not sent: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    const origin = originOf(base);
    for (const bound of [spec.bearer?.origin, spec.credentialOrigin]) {
      if (bound !== undefined && bound !== origin) {
        this.options.logger.warn(`${spec.method} ${spec.path} not sent: its credential belongs to another service (${bound})`);
        throw new ApiError('unauthorized', t('The billing service changed. Sign in again.'));
      }
    }
    return base;
  }

  private async attempt(spec: AnySpec, token: string | undefined): Promise<RawResult> {
    const baseURL = this.target(spec);
    const started = this.clock.now();
    const timeout = new AbortController();
    const timeoutMs = this.timeout();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), timeoutMs);
    const signals = spec.signal ? [spec.signal, timeout.signal] : [timeout.signal];
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent ?? 'plan-billing-vscode', Accept: 'application/json', ...spec.headers };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    if (spec.etag !== undefined) headers[ApiHeaders.ifNoneMatch] = spec.etag;
    let body: string | undefined;
    if (spec.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    } else if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.json);
    }
    let response: NodeResponse;
    try {
      if (spec.signal?.aborted) throw new ApiError('cancelled', t('The request was cancelled.'));
      response = await sendNodeRequest({
        method: spec.method,
        url: requestUrl(baseURL, spec.path, spec.query),
        headers,
        body,
        binary: spec.binary === true,
        signal: AbortSignal.any(signals),
        onProgress: spec.onProgress,
      });
    } catch (error) {
      const mapped = this.mapTransportError(error, spec, timeout.signal.aborted ? timeoutMs : undefined);
      this.options.logger.warn(`${spec.method} ${spec.path} failed after ${this.clock.now() - started} ms: ${mapped.kind} (${mapped.message})`);
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
    this.options.logger.debug(`${spec.method} ${spec.path} → ${response.status} in ${this.clock.now() - started} ms`);
    return { status: response.status, headers: response.headers, data: response.data };
  }

  private mapTransportError(error: unknown, spec: AnySpec, timedOutAfterMs: number | undefined): ApiError {
    if (error instanceof ApiError) return error;
    if (spec.signal?.aborted) return new ApiError('cancelled', t('The request was cancelled.'));
    if (timedOutAfterMs !== undefined) return new ApiError('offline', t('The billing service did not answer within {0} s.', Math.round(timedOutAfterMs / 1000)));
    if (error instanceof RequestFailure) {
      if (error.code === 'ERR_CANCELED') return new ApiError('cancelled', t('The request was cancelled.'));
      if (error.code === 'ERR_RESPONSE_TOO_LARGE') return new ApiError('invalidResponse', t('The billing service sent an unexpected answer.'));
      if (NETWORK_CODES.has(error.code) || /socket hang up|aborted|network/i.test(error.message)) {
        return new ApiError('offline', t("Can't reach the billing service ({0}).", error.code));
      }
      return new ApiError('offline', t("Can't reach the billing service ({0}).", error.message));
    }
    return new ApiError('unknown', error instanceof Error ? error.message : String(error));
  }

  private classify(result: RawResult, spec: AnySpec): ApiError {
    const status = result.status;
    const retryAfterMs = parseRetryAfter(result.headers['retry-after'], this.clock.now());
    const body = safeJson(result.data);
    const own = spec.classifyError?.(status, body);
    if (own) return own;
    const problem = matches(Problem, body) ? body : undefined;
    const detail = problem ? (problem.detail ?? problem.title) : undefined;
    const problemCode = problem?.code;
    if (status === 401) return new ApiError('unauthorized', detail ?? t('Your sign-in has expired.'), { status });
    if (status === 429) return new ApiError('rateLimited', detail ?? t('Too many requests.'), { status, retryAfterMs });
    if (status >= 500) return new ApiError('server', detail ?? t('The billing service answered {0}.', status), { status, retryAfterMs });
    if (status === 408) return new ApiError('offline', t('The request timed out.'), { status, retryAfterMs });
    if ((status === 400 || status === 422 || status === 413) && problem) {
      return new ApiError('validation', detail ?? t('The request was rejected.'), { status, fieldErrors: problem.errors ?? [], problemCode });
    }
    if (status >= 300 && status < 400) return new ApiError('invalidResponse', t('Unexpected redirect ({0}).', status), { status });
    return new ApiError('unknown', detail ?? t('The billing service answered {0}.', status), { status, problemCode });
  }
}

/** `base` + `path` with the defined query parameters. */
function requestUrl(base: string, path: string, query: RequestSpec<TSchema | undefined>['query']): URL {
  const url = new URL(`${base}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.append(name, String(value));
  return url;
}

function safeJson(data: string | Buffer): unknown {
  try {
    return JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
