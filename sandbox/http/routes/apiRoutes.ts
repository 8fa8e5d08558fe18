/**
 * Billing API v1 (/v1/*): bearer-authenticated and rate-limited per user.
 * The account summary, the saved cards, usage and the entitlement token answer 304
 * to a matching If-None-Match, without loading the account while its version,
 * the clock and its deadlines say nothing changed (freshEtags.ts); mutations
 * honour Idempotency-Key.
 */
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';
import { AccountSummary } from '../../../shared/contract/account';
import { BillingDetails, BillingDetailsInput } from '../../../shared/contract/billingDetails';
import { EntitlementsResponse } from '../../../shared/contract/entitlements';
import { InvoiceDetails, InvoiceList, PageQuery, PaymentList } from '../../../shared/contract/invoices';
import { OAuthClientId } from '../../../shared/contract/oauth';
import { ApiPaths } from '../../../shared/contract/paths';
import { PaymentMethodList } from '../../../shared/contract/paymentMethods';
import { CancelSubscriptionRequest, PlanCatalogue, PlanChangeTarget, SubscriptionChangePreview, SubscriptionChangeRequest, SubscriptionChangeResult } from '../../../shared/contract/plans';
import { Subscription } from '../../../shared/contract/account';
import { PortalSession, PortalSessionRequest } from '../../../shared/contract/portal';
import { accessOf, buildAccountSummary } from '../../billing/accountSummary';
import { freshnessOf } from '../../billing/freshness';
import { buildUsageMeters } from '../../billing/usage';
import { invoiceDetails, sellerOfInvoice } from '../../billing/invoices';
import { applyChange, cancelSubscription, keepCurrentPlan, PlanChangeRefused, previewChange, resumeSubscription } from '../../billing/planChanges';
import { planCatalogue } from '../../billing/plans';
import { listPaymentMethods, removeCard, setDefaultCard, type CardChange } from '../../billing/paymentMethods';
import { billingDetailsOf, toInvoice, toPayment, toSubscription, type UserRow } from '../../billing/repository';
import { verifyTaxIds } from '../../billing/tax';
import { iso } from '../../billing/time';
import { renderInvoicePdf } from '../../pdf/invoicePdf';
import { validateBillingDetails } from '../../validation/billingDetails';
import { etagOf, sendNotModified, sendWithEtag } from '../etag';
import { sendIdempotent } from '../idempotency';
import { HttpProblem, validationProblem } from '../problems';
import { tooManyRequests } from '../rateLimiter';
import { routePattern } from '../routePattern';
import type { SandboxApp } from '../sandboxApp';
import { IdParams, problemResponses, ref } from '../schemas';
import type { SandboxServices } from '../services';
import { registerUsageRoutes } from './usageRoutes';

const security = [{ bearer: [] }];

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail, {
    headers: { 'www-authenticate': `Bearer realm="billing", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` },
  });
}

/** Query strings are text: convert them to the schema's types first (in place), then validate strictly. */
const convertPageQuery = async (request: FastifyRequest): Promise<void> => {
  Object.assign(request.query as object, Value.Convert(PageQuery, request.query));
};

/** A cursor that is not an item of this account's list: 400, with the field to fix. */
function badCursor(what: 'invoice' | 'payment'): HttpProblem {
  return new HttpProblem(400, `startingAfter is not ${what === 'invoice' ? 'an invoice' : 'a payment'} of this account.`, {
    errors: [{ field: 'startingAfter', code: `unknown_${what}`, message: `No ${what} with this id on your account; pass the nextCursor of the previous page.` }],
  });
}

/** What an Idempotency-Key of POST /v1/portal-sessions keeps instead of the link. */
/** Runs a plan-change operation in a transaction; its refusals become problems with their `code`. */
function planChange<T>(services: SandboxServices, run: () => T): T {
  try {
    return services.billing.repo.transaction(run);
  } catch (error) {
    if (error instanceof PlanChangeRefused) throw new HttpProblem(error.status, error.detail, { title: error.title, code: error.code });
    throw error;
  } finally {
    services.engine.invalidate();
  }
}

function isKeptSession(value: unknown): value is { portalSessionId: string } {
  return typeof value === 'object' && value !== null && typeof (value as { portalSessionId?: unknown }).portalSessionId === 'string';
}

export function registerApiRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock, config } = ctx;

  // Callback-style (a throw still reaches the error handler): no promise per request on the 304 fast path.
  app.addHook('onRequest', (request, _reply, done) => {
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('Sign in: this request has no bearer token.');
    const auth = services.oauth.authenticate(match[1]!);
    if ('error' in auth) throw unauthorized(auth.error);
    // Per user, not per token: a refresh must not start a fresh allowance.
    const wait = services.apiRateLimiter.take(auth.userId);
    if (wait > 0) throw tooManyRequests(wait, 'for this account');
    request.userId = auth.userId;
    request.accountVersion = auth.versions.version;
    done();
  });

  const currentUser = (request: FastifyRequest): UserRow => {
    const user = repo.userById(request.userId);
    if (!user) throw unauthorized('The account of this token no longer exists.');
    return user;
  };

  app.get(
    ApiPaths.account,
    {
      schema: {
        tags: ['account'],
        summary: 'Account summary (ETag / If-None-Match)',
        security,
        response: { 200: ref(AccountSummary), 304: { description: 'Not modified', type: 'null' }, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const fresh = services.etags.notModified(request.userId, 'account', request.headers['if-none-match'], request.accountVersion);
      if (fresh !== undefined) return sendNotModified(reply, fresh);
      // The entitlement token rides along too (docs/refreshPolicy.md): issued first, since a re-issue is a write.
      const issued = config.tokenInSummary ? await services.entitlements.tokenFor(currentUser(request)) : undefined;
      const now = clock.now();
      // The meters ride along so one conditional request is a whole check; opening or rolling over the period writes.
      // One transaction, so the version recorded is the one the representation was read at.
      const { summary, paymentMethods, freshness } = repo.transaction(() => {
        const user = currentUser(request);
        return {
          summary: { ...buildAccountSummary(ctx, user), usage: buildUsageMeters(ctx, user, now), ...(issued ? { entitlementToken: issued.token } : {}) },
          paymentMethods: listPaymentMethods(ctx, user),
          freshness: freshnessOf(ctx, user.id, now),
        };
      });
      // asOf changes every request; the ETag covers everything else, so an unchanged account answers 304. It covers
      // every saved card too: a card added or edited in the portal changes it even when the default stays.
      const etag = etagOf(JSON.stringify({ summary, paymentMethods }));
      const token = issued?.freshness;
      if (!issued) services.etags.remember(request.userId, 'account', etag, freshness);
      else if (token && token.version === freshness.version && token.clockOffset === freshness.clockOffset) {
        // Fresh while both are: the token's own deadlines (its re-issue) end it too.
        const combined = { ...freshness, billingUntil: Math.min(freshness.billingUntil, token.billingUntil), realUntil: Math.min(freshness.realUntil, token.realUntil) };
        services.etags.remember(request.userId, 'account', etag, combined);
      } else {
        // A write came between the token and the summary: not vouched for, the next request builds again.
        services.etags.forget(request.userId, 'account');
      }
      return sendWithEtag(request, reply, etag, () => JSON.stringify({ ...summary, asOf: iso(clock.now()) }));
    },
  );

  /** A newest-first list of the account's rows with cursor pagination: GET /v1/invoices and GET /v1/payments. */
  const pagedList = <R extends { id: string; user_id: string }>(
    path: string,
    summary: string,
    answer: typeof InvoiceList | typeof PaymentList,
    what: 'invoice' | 'payment',
    rows: { byId: (id: string) => R | undefined; list: (userId: string, limit: number, after?: R) => R[]; item: (row: R) => unknown },
  ) =>
    app.get(
      path,
      {
        preValidation: convertPageQuery,
        schema: { tags: ['invoices'], summary, security, querystring: ref(PageQuery), response: { 200: ref(answer), ...problemResponses(400, 401, 429) } },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { query } = request;
        const limit = query.limit ?? 10;
        let after: R | undefined;
        if (query.startingAfter !== undefined) {
          after = rows.byId(query.startingAfter);
          if (!after || after.user_id !== user.id) throw badCursor(what);
        }
        // One more than asked tells whether another page follows.
        const found = rows.list(user.id, limit + 1, after);
        const page = found.slice(0, limit);
        const hasMore = found.length > limit;
        return reply.header('cache-control', 'private, no-cache').send({ data: page.map(rows.item), hasMore, nextCursor: hasMore ? page.at(-1)!.id : null });
      },
    );

  pagedList(ApiPaths.invoices, 'Invoices, newest first, with cursor pagination', InvoiceList, 'invoice', {
    byId: (id) => repo.invoiceById(id),
    list: (userId, limit, after) => repo.listInvoices(userId, limit, after),
    item: toInvoice,
  });

  pagedList(ApiPaths.payments, 'Every charge attempt and refund, newest first, with cursor pagination', PaymentList, 'payment', {
    byId: (id) => repo.paymentById(id),
    list: (userId, limit, after) => repo.listPayments(userId, limit, after),
    item: toPayment,
  });

  const ownInvoice = (user: UserRow, id: string) => {
    const invoice = repo.invoiceById(id);
    if (!invoice || invoice.user_id !== user.id) throw new HttpProblem(404, 'There is no invoice with this id on your account.');
    return invoice;
  };

  app.get(
    routePattern(ApiPaths.invoice),
    {
      schema: {
        tags: ['invoices'],
        summary: 'An invoice with its lines, tax, totals, billing details as issued and payment attempts',
        security,
        params: IdParams,
        response: { 200: ref(InvoiceDetails), ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      const body: InvoiceDetails = invoiceDetails(ctx, ownInvoice(currentUser(request), request.params.id));
      return reply.header('cache-control', 'private, no-cache').send(body);
    },
  );

  app.get(
    routePattern(ApiPaths.invoicePdf),
    {
      schema: {
        tags: ['invoices'],
        summary: 'Invoice PDF',
        security,
        params: IdParams,
        response: { 200: { description: 'The invoice as a PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      const invoice = ownInvoice(currentUser(request), request.params.id);
      const pdf = await renderInvoicePdf(invoiceDetails(ctx, invoice), sellerOfInvoice(ctx, invoice));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${invoice.number}.pdf"`)
        .header('cache-control', 'private, no-cache')
        .send(pdf);
    },
  );

  app.get(
    ApiPaths.paymentMethods,
    {
      schema: {
        tags: ['payment methods'],
        summary: 'Saved cards, the default first, then newest first (ETag / If-None-Match)',
        security,
        response: { 200: ref(PaymentMethodList), 304: { description: 'Not modified', type: 'null' }, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const fresh = services.etags.notModified(request.userId, 'paymentMethods', request.headers['if-none-match'], request.accountVersion);
      if (fresh !== undefined) return sendNotModified(reply, fresh);
      const { body, freshness } = repo.transaction(() => {
        const user = currentUser(request);
        return { body: JSON.stringify(listPaymentMethods(ctx, user)), freshness: freshnessOf(ctx, user.id, clock.now()) };
      });
      const etag = etagOf(body);
      services.etags.remember(request.userId, 'paymentMethods', etag, freshness);
      return sendWithEtag(request, reply, etag, () => body);
    },
  );

  /** A change to the saved cards answers the updated list; its refusals are problems with a reason in `code`. */
  const answerCardChange = (user: UserRow, change: CardChange) => {
    services.engine.invalidate();
    if (change.ok) return { status: 200, body: listPaymentMethods(ctx, repo.userById(user.id)!) };
    if (change.reason === 'not_found') throw new HttpProblem(404, 'There is no saved card with this id on your account.', { code: 'payment_method_not_found' });
    throw new HttpProblem(409, 'This is the only card of a subscription that is still charged, so it cannot be removed. Add another card first, then remove this one.', {
      title: 'Add another card first',
      code: 'last_payment_method',
    });
  };

  app.post(
    routePattern(ApiPaths.paymentMethodDefault),
    {
      schema: {
        tags: ['payment methods'],
        summary: 'Make a saved card the default; when past due, what is owed is charged to it at once (Idempotency-Key)',
        security,
        params: IdParams,
        response: { 200: ref(PaymentMethodList), ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => answerCardChange(user, setDefaultCard(ctx, user, request.params.id, clock.now())));
    },
  );

  app.delete(
    routePattern(ApiPaths.paymentMethod),
    {
      schema: {
        tags: ['payment methods'],
        summary: 'Remove a saved card; removing the default makes the most recently added other card the default (Idempotency-Key)',
        security,
        params: IdParams,
        response: { 200: ref(PaymentMethodList), ...problemResponses(401, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => answerCardChange(user, removeCard(ctx, user, request.params.id, clock.now())));
    },
  );

  app.put(
    ApiPaths.billingDetails,
    {
      schema: {
        tags: ['account'],
        summary: 'Replace the billing details used for future invoices (Idempotency-Key)',
        security,
        body: ref(BillingDetailsInput),
        response: { 200: ref(BillingDetails), ...problemResponses(400, 401, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => {
        const result = validateBillingDetails(request.body);
        if ('errors' in result) throw validationProblem(result.errors, 'Some billing details are not valid; nothing was changed.');
        repo.updateUser(user.id, {
          billing_name: result.value.name,
          billing_address: JSON.stringify(result.value.address),
          // Verified now, as saved: the reverse charge relies on it (docs/tax.md).
          billing_tax_ids: JSON.stringify(verifyTaxIds(result.value.taxIds)),
        });
        return { status: 200, body: billingDetailsOf(repo.userById(user.id)!) };
      });
    },
  );

  app.post(
    ApiPaths.portalSessions,
    {
      schema: {
        tags: ['portal'],
        summary: 'A short-lived, single-use portal URL (Idempotency-Key)',
        security,
        body: ref(PortalSessionRequest),
        response: { 200: ref(PortalSession), ...problemResponses(400, 401, 409, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { body } = request;
      reply.header('cache-control', 'no-store');
      return sendIdempotent(repo, request, reply, user.id, (previous) => {
        // The portal's "Return to the editor" link goes there: only a registered callback, so the portal is no open redirect.
        const registered = services.callbacks.check(OAuthClientId, body.returnUrl, 'portalReturn');
        if ('problem' in registered) {
          throw validationProblem([{ field: 'returnUrl', code: 'unregistered_url', message: `Not a registered return address: ${registered.problem}` }], 'returnUrl is not an address the portal may send the browser to.');
        }
        if (body.flow === 'plan_change_payment' && !repo.pendingChangeOf(user.id)) {
          throw new HttpProblem(409, 'No plan change is waiting for payment on this account, so there is nothing to pay in the portal.', {
            title: 'Nothing to pay',
            code: 'no_pending_plan_change',
          });
        }
        if (body.paymentMethodId !== undefined) {
          if (body.flow !== 'payment_method_update') {
            throw validationProblem([{ field: 'paymentMethodId', code: 'not_allowed', message: 'Only the payment_method_update flow edits a given card; leave paymentMethodId out.' }]);
          }
          if (!repo.activeCardOf(user.id, body.paymentMethodId)) {
            throw validationProblem([{ field: 'paymentMethodId', code: 'unknown_payment_method', message: 'There is no saved card with this id on your account.' }]);
          }
        }
        // The link is a credential: the key keeps only the session's id, and a retry gets a fresh link that retires the earlier one.
        if (isKeptSession(previous)) services.portal.expireUnused(previous.portalSessionId);
        const session = services.portal.create(user.id, body.flow, body.returnUrl, services.baseUrl(), body.paymentMethodId ?? null);
        return { status: 200, body: { url: session.url, expiresAt: iso(session.expiresAt) }, keep: { portalSessionId: session.id } };
      });
    },
  );

  registerUsageRoutes(app, services, currentUser);

  app.get(
    ApiPaths.plans,
    { schema: { tags: ['plans'], summary: "The plan catalogue, ascending by price, with the account's plan marked", security, response: { 200: ref(PlanCatalogue), ...problemResponses(401, 429) } } },
    async (request, reply) => {
      const user = currentUser(request);
      const sub = repo.subscriptionOf(user.id);
      const plan = accessOf(sub).plan;
      const body: PlanCatalogue = planCatalogue({ planId: plan, interval: plan === 'free' || !sub ? null : sub.interval });
      return reply.header('cache-control', 'private, no-cache').send(body);
    },
  );

  app.post(
    ApiPaths.subscriptionPreview,
    {
      schema: {
        tags: ['plans'],
        summary: 'What changing to a plan would charge now and next, stored for 30 minutes; charges nothing',
        security,
        body: ref(PlanChangeTarget),
        response: { 200: ref(SubscriptionChangePreview), ...problemResponses(400, 401, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const body: SubscriptionChangePreview = planChange(services, () => previewChange(ctx, user, request.body, clock.now()));
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.post(
    ApiPaths.subscriptionChange,
    {
      schema: {
        tags: ['plans'],
        summary: 'Apply a stored preview: upgrades are charged now, downgrades scheduled; the same previewId answers the same result',
        security,
        body: ref(SubscriptionChangeRequest),
        response: { 200: ref(SubscriptionChangeResult), ...problemResponses(400, 401, 404, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const body: SubscriptionChangeResult = planChange(services, () => applyChange(ctx, user, request.body, clock.now()));
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.post(
    ApiPaths.subscriptionCancel,
    {
      // The body is optional: an empty POST cancels without a reason.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: ['plans'],
        summary: 'Cancel at the period end (drops a scheduled downgrade; Idempotency-Key)',
        security,
        body: ref(CancelSubscriptionRequest),
        response: { 200: ref(Subscription), ...problemResponses(400, 401, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => ({
        status: 200,
        body: toSubscription(planChange(services, () => cancelSubscription(ctx, user, request.body.reason, clock.now()))),
      }));
    },
  );

  app.post(
    ApiPaths.subscriptionResume,
    {
      schema: { tags: ['plans'], summary: 'Renew again after a cancellation (no body; Idempotency-Key)', security, response: { 200: ref(Subscription), ...problemResponses(401, 409, 429) } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => ({ status: 200, body: toSubscription(planChange(services, () => resumeSubscription(ctx, user, clock.now()))) }));
    },
  );

  app.delete(
    ApiPaths.subscriptionScheduledChange,
    {
      schema: { tags: ['plans'], summary: 'Drop the downgrade scheduled for the period end (keep the current plan)', security, response: { 200: ref(Subscription), ...problemResponses(401, 409, 429) } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => ({ status: 200, body: toSubscription(planChange(services, () => keepCurrentPlan(ctx, user))) }));
    },
  );

  app.get(
    ApiPaths.entitlements,
    {
      schema: {
        tags: ['entitlements'],
        summary: 'Signed entitlement token (EdDSA JWS; ETag / If-None-Match)',
        security,
        response: { 200: ref(EntitlementsResponse), 304: { description: 'Not modified', type: 'null' }, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const fresh = services.etags.notModified(request.userId, 'entitlements', request.headers['if-none-match'], request.accountVersion);
      if (fresh !== undefined) return sendNotModified(reply, fresh);
      const { token, freshness } = await services.entitlements.tokenFor(currentUser(request));
      const etag = etagOf(token);
      if (freshness) services.etags.remember(request.userId, 'entitlements', etag, freshness);
      else services.etags.forget(request.userId, 'entitlements');
      return sendWithEtag(request, reply, etag, () => JSON.stringify({ token }));
    },
  );
}
