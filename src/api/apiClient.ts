/**
 * The Billing API v1 client: the account, entitlement, invoice, billing-detail,
 * portal-session and JWKS calls, each response validated with the contract,
 * ETags for conditional requests. Transport, retries and error classification
 * are the shared HttpTransport's; the access token comes from an
 * AccessTokenSource (the OAuth session), so the dependency runs one way:
 * OAuthClient ← AuthSessions ← ApiClient. Free of VS Code.
 */
import { type Static, type TSchema } from '@sinclair/typebox';
import { AccountSummary, Subscription } from '../../shared/contract/account';
import { BillingDetails, type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { ApiHeaders } from '../../shared/contract/common';
import { EntitlementsResponse, Jwks } from '../../shared/contract/entitlements';
import { InvoiceDetails, InvoiceList, type PageQuery, PaymentList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PaymentMethodList } from '../../shared/contract/paymentMethods';
import {
  type CancelSubscriptionRequest,
  PlanCatalogue,
  type PlanChangeTarget,
  type SubscriptionChangeRequest,
  SubscriptionChangePreview,
  SubscriptionChangeResult,
} from '../../shared/contract/plans';
import { PortalSession, type PortalFlow, type PortalSessionRequest } from '../../shared/contract/portal';
import { Usage, UsageEventResult, type UsageEventRequest, type UsageSettingsRequest } from '../../shared/contract/usage';
import { ApiError } from './apiError';
import { type Bearer, type HttpTransport, type RawResult, type RequestSpec } from './httpTransport';
import { t } from '../l10n/localize';

/** An access token and the origin of the service that issued it (the only place it is sent). */
export interface BoundToken {
  readonly token: string;
  readonly origin: string;
}

/** Where authenticated requests get their bearer token. */
export interface AccessTokenSource {
  /** The current access token; throws ApiError('unauthorized') when signed out or when the service changed since sign-in. */
  getAccessToken(signal?: AbortSignal): Promise<BoundToken>;
  /**
   * The service rejected `rejected` with 401: refresh (single-flight) and
   * return the new token, or throw ApiError('unauthorized') when that fails.
   */
  renewAccessToken(rejected: string, signal?: AbortSignal): Promise<string>;
}

export interface ApiClientDeps {
  readonly transport: HttpTransport;
  /** Omitted: every authenticated call fails with ApiError('unauthorized'). */
  readonly auth?: AccessTokenSource;
}

/** Result of a conditional GET. */
export type Conditional<T> =
  | { readonly notModified: true; readonly etag: string }
  | { readonly notModified: false; readonly etag: string | undefined; readonly body: T };

export interface RequestOptions {
  signal?: AbortSignal;
  /** Use this access token instead of asking the token source (right after sign-in, before the session is stored). */
  accessToken?: BoundToken;
}

export interface DownloadOptions extends RequestOptions {
  /** Called as bytes arrive; `total` when the server sent Content-Length. */
  onProgress?: (received: number, total: number | undefined) => void;
}

/** A request of this client: authenticated ones name their token through `accessToken` or the token source. */
type ClientSpec<S extends TSchema | undefined> = Omit<RequestSpec<S>, 'bearer'> & { auth: boolean; accessToken?: BoundToken };

export class ApiClient {
  constructor(private readonly deps: ApiClientDeps) {}

  /** GET /v1/account, conditional on `etag`. */
  getAccount(options: RequestOptions & { etag?: string } = {}): Promise<Conditional<AccountSummary>> {
    return this.conditional(ApiPaths.account, AccountSummary, options);
  }

  /** GET /v1/entitlements (the signed token; verify it before use), conditional on `etag`. */
  getEntitlements(options: RequestOptions & { etag?: string } = {}): Promise<Conditional<EntitlementsResponse>> {
    return this.conditional(ApiPaths.entitlements, EntitlementsResponse, options);
  }

  /** GET /v1/invoices: one page, newest first; pass the previous page's nextCursor as startingAfter. */
  listInvoices(query: PageQuery = {}, options: RequestOptions = {}): Promise<InvoiceList> {
    return this.get(ApiPaths.invoices, InvoiceList, options, query);
  }

  /** GET /v1/invoices/{id}: the invoice with its lines, tax and payment attempts. */
  getInvoice(invoiceId: string, options: RequestOptions = {}): Promise<InvoiceDetails> {
    return this.get(pathTo(ApiPaths.invoice, { id: invoiceId }), InvoiceDetails, options);
  }

  /** GET /v1/payments: one page of charge attempts and refunds, newest first. */
  listPayments(query: PageQuery = {}, options: RequestOptions = {}): Promise<PaymentList> {
    return this.get(ApiPaths.payments, PaymentList, options, query);
  }

  /** GET /v1/payment-methods: every saved card, the default first. */
  listPaymentMethods(options: RequestOptions = {}): Promise<PaymentMethodList> {
    return this.get(ApiPaths.paymentMethods, PaymentMethodList, options);
  }

  /**
   * POST /v1/payment-methods/{id}/default: renewals charge this card from now
   * on; answers the updated list. Retried safely thanks to the Idempotency-Key
   * (a past-due account is charged on the new default at once: never twice).
   */
  setDefaultPaymentMethod(paymentMethodId: string, idempotencyKey: string, options: RequestOptions = {}): Promise<PaymentMethodList> {
    return this.cardChange('POST', pathTo(ApiPaths.paymentMethodDefault, { id: paymentMethodId }), idempotencyKey, options);
  }

  /**
   * DELETE /v1/payment-methods/{id}; answers the updated list. The
   * Idempotency-Key makes a retry after a lost answer get the first answer
   * again, instead of a 404 for the card it removed.
   */
  removePaymentMethod(paymentMethodId: string, idempotencyKey: string, options: RequestOptions = {}): Promise<PaymentMethodList> {
    return this.cardChange('DELETE', pathTo(ApiPaths.paymentMethod, { id: paymentMethodId }), idempotencyKey, options);
  }

  /** GET /v1/invoices/{id}/pdf: the PDF's bytes. */
  async downloadInvoicePdf(invoiceId: string, options: DownloadOptions = {}): Promise<Uint8Array> {
    const result = await this.request({
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
    return this.requestBody({
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

  /**
   * POST /v1/portal-sessions. Never retried (each call creates a session);
   * never log the URL. `paymentMethodId`: the card a payment_method_update edits.
   */
  createPortalSession(flow: PortalFlow, returnUrl: string, options: RequestOptions & { paymentMethodId?: string } = {}): Promise<PortalSession> {
    const json: PortalSessionRequest = options.paymentMethodId ? { flow, returnUrl, paymentMethodId: options.paymentMethodId } : { flow, returnUrl };
    return this.requestBody({
      method: 'POST',
      path: ApiPaths.portalSessions,
      json,
      schema: PortalSession,
      auth: true,
      idempotent: false,
      signal: options.signal,
    });
  }

  /** GET /v1/plans: the tiers with prices, credits and features, and the account's current plan. */
  listPlans(options: RequestOptions = {}): Promise<PlanCatalogue> {
    return this.get(ApiPaths.plans, PlanCatalogue, options);
  }

  /** POST /v1/subscription/preview: what a change would cost and when it applies. Charges nothing, so it is retried freely. */
  previewSubscriptionChange(target: PlanChangeTarget, options: RequestOptions = {}): Promise<SubscriptionChangePreview> {
    return this.requestBody({
      method: 'POST',
      path: ApiPaths.subscriptionPreview,
      json: { planId: target.planId, interval: target.interval },
      schema: SubscriptionChangePreview,
      auth: true,
      idempotent: true,
      signal: options.signal,
    });
  }

  /**
   * POST /v1/subscription/change: applies exactly the preview `previewId`
   * (applied, scheduled, or requires_payment). The service applies a preview
   * once and answers a repeat with the same result, so a retry after a lost
   * answer charges nothing twice.
   */
  changeSubscription(request: SubscriptionChangeRequest, options: RequestOptions = {}): Promise<SubscriptionChangeResult> {
    return this.requestBody({
      method: 'POST',
      path: ApiPaths.subscriptionChange,
      json: { planId: request.planId, interval: request.interval, previewId: request.previewId },
      schema: SubscriptionChangeResult,
      auth: true,
      idempotent: true,
      signal: options.signal,
    });
  }

  /** POST /v1/subscription/cancel: cancels at the period end (an optional reason); answers the subscription. */
  cancelSubscription(request: CancelSubscriptionRequest = {}, options: RequestOptions = {}): Promise<Subscription> {
    return this.subscriptionCall('POST', ApiPaths.subscriptionCancel, request, options);
  }

  /** POST /v1/subscription/resume: undoes a scheduled cancellation; answers the subscription. */
  resumeSubscription(options: RequestOptions = {}): Promise<Subscription> {
    return this.subscriptionCall('POST', ApiPaths.subscriptionResume, undefined, options);
  }

  /** DELETE /v1/subscription/scheduled-change: keeps the current plan instead of a scheduled downgrade. */
  keepCurrentPlan(options: RequestOptions = {}): Promise<Subscription> {
    return this.subscriptionCall('DELETE', ApiPaths.subscriptionScheduledChange, undefined, options);
  }

  /** GET /v1/usage: credits of the current period, daily usage and history; conditional on `etag` (304 keeps the cached value). */
  getUsage(options: RequestOptions & { etag?: string } = {}): Promise<Conditional<Usage>> {
    return this.conditional(ApiPaths.usage, Usage, options);
  }

  /**
   * PUT /v1/usage/settings (overage on/off, spend cap in cents); answers the
   * new Usage. Retried safely thanks to the Idempotency-Key; refusals carry
   * their problem `code` (overage_unavailable, cap_below_accrued) or field errors.
   */
  putUsageSettings(settings: UsageSettingsRequest, idempotencyKey: string, options: RequestOptions = {}): Promise<Usage> {
    return this.requestBody({
      method: 'PUT',
      path: ApiPaths.usageSettings,
      json: { overageEnabled: settings.overageEnabled, spendCap: settings.spendCap },
      schema: Usage,
      auth: true,
      idempotent: true,
      headers: { [ApiHeaders.idempotencyKey]: idempotencyKey },
      signal: options.signal,
    });
  }

  /**
   * POST /v1/usage/events: one credit-consuming action. The service counts an
   * eventId once (a repeat with the same content answers `duplicate: true`),
   * so the transport's retries, which resend exactly this body, are safe; a
   * caller retrying later must reuse the same eventId and occurredAt. A quota
   * refusal is ApiError with status 402 and problemCode credits_exhausted or
   * spend_cap_reached.
   */
  reportUsage(event: UsageEventRequest, options: RequestOptions = {}): Promise<UsageEventResult> {
    return this.requestBody({
      method: 'POST',
      path: ApiPaths.usageEvents,
      json: { eventId: event.eventId, feature: event.feature, credits: event.credits, occurredAt: event.occurredAt },
      schema: UsageEventResult,
      auth: true,
      idempotent: true,
      signal: options.signal,
    });
  }

  /** GET /.well-known/jwks.json. */
  getJwks(options: RequestOptions = {}): Promise<Jwks> {
    return this.requestBody({ method: 'GET', path: ApiPaths.jwks, schema: Jwks, auth: false, idempotent: true, signal: options.signal });
  }

  // -------------------------------------------------------------------------

  private cardChange(method: 'POST' | 'DELETE', path: string, idempotencyKey: string, options: RequestOptions): Promise<PaymentMethodList> {
    return this.requestBody({
      method,
      path,
      schema: PaymentMethodList,
      auth: true,
      idempotent: true,
      headers: { [ApiHeaders.idempotencyKey]: idempotencyKey },
      signal: options.signal,
    });
  }

  /**
   * Cancel, resume and keep are never retried: one whose answer was lost has
   * happened, and its repeat would be refused (nothing_to_cancel,
   * not_canceling, no_scheduled_change) where the refreshed account says more.
   */
  private subscriptionCall(method: 'POST' | 'DELETE', path: string, json: object | undefined, options: RequestOptions): Promise<Subscription> {
    return this.requestBody({ method, path, json, schema: Subscription, auth: true, idempotent: false, signal: options.signal });
  }

  private get<S extends TSchema>(path: string, schema: S, options: RequestOptions, query?: PageQuery): Promise<Static<S>> {
    return this.requestBody({
      method: 'GET',
      path,
      query: query ? { limit: query.limit, startingAfter: query.startingAfter } : undefined,
      schema,
      auth: true,
      idempotent: true,
      signal: options.signal,
    });
  }

  private async conditional<S extends TSchema>(
    path: string,
    schema: S,
    options: RequestOptions & { etag?: string },
  ): Promise<Conditional<Static<S>>> {
    const result = await this.request({
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
    return { notModified: false, etag, body: this.deps.transport.parse(schema, result, path) };
  }

  private async requestBody<S extends TSchema>(spec: ClientSpec<S>): Promise<Static<S>> {
    const result = await this.request(spec);
    return this.deps.transport.parse(spec.schema, result, spec.path);
  }

  private async request(spec: ClientSpec<TSchema | undefined>): Promise<RawResult> {
    const { auth, accessToken, ...request } = spec;
    const bearer = auth ? await this.bearer(accessToken, spec.signal) : undefined;
    return this.deps.transport.send({ ...request, bearer });
  }

  private async bearer(accessToken: BoundToken | undefined, signal: AbortSignal | undefined): Promise<Bearer> {
    // An explicit token is not renewed: its owner handles a 401.
    if (accessToken !== undefined) return { token: accessToken.token, origin: accessToken.origin };
    const source = this.requireAuth();
    const { token, origin } = await source.getAccessToken(signal);
    return { token, origin, renew: (rejected) => source.renewAccessToken(rejected, signal) };
  }

  private requireAuth(): AccessTokenSource {
    if (!this.deps.auth) throw new ApiError('unauthorized', t('Not signed in.'));
    return this.deps.auth;
  }
}
