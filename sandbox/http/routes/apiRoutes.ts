/**
 * Billing API v1 (/v1/*): bearer-authenticated and rate-limited per user.
 * The account summary and the entitlement token answer 304 to a matching
 * If-None-Match; mutations honour Idempotency-Key.
 */
import { Value } from '@sinclair/typebox/value';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountSummary } from '../../../shared/contract/account';
import { BillingDetails, BillingDetailsInput } from '../../../shared/contract/billingDetails';
import { EntitlementsResponse } from '../../../shared/contract/entitlements';
import { InvoiceList, InvoiceListQuery } from '../../../shared/contract/invoices';
import { OAuthClientId } from '../../../shared/contract/oauth';
import { ApiPaths } from '../../../shared/contract/paths';
import { PortalSession, PortalSessionRequest } from '../../../shared/contract/portal';
import { buildAccountSummary } from '../../billing/accountSummary';
import { billingDetailsOf, toInvoice, type UserRow } from '../../billing/repository';
import { iso } from '../../billing/time';
import { renderInvoicePdf } from '../../pdf/invoicePdf';
import { validateBillingDetails } from '../../validation/billingDetails';
import { etagOf, ifNoneMatchHits } from '../etag';
import { sendIdempotent } from '../idempotency';
import { HttpProblem, validationProblem } from '../problems';
import { tooManyRequests } from '../rateLimiter';
import { routePattern } from '../routePattern';
import type { SandboxApp } from '../sandboxApp';
import { IdParams, problemResponses, ref } from '../schemas';
import type { SandboxServices } from '../services';

const security = [{ bearer: [] }];

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail, {
    headers: { 'www-authenticate': `Bearer realm="billing", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` },
  });
}

/** Answers 304 when the client already has this representation. */
function sendWithEtag(request: FastifyRequest, reply: FastifyReply, etag: string, body: () => string): FastifyReply {
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type('application/json').send(body());
}

/** What an Idempotency-Key of POST /v1/portal-sessions keeps instead of the link. */
function isKeptSession(value: unknown): value is { portalSessionId: string } {
  return typeof value === 'object' && value !== null && typeof (value as { portalSessionId?: unknown }).portalSessionId === 'string';
}

export function registerApiRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;

  app.addHook('onRequest', async (request) => {
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('Sign in: this request has no bearer token.');
    const auth = services.oauth.authenticate(match[1]!);
    if ('error' in auth) throw unauthorized(auth.error);
    // Per user, not per token: a refresh must not start a fresh allowance.
    const wait = services.apiRateLimiter.take(auth.userId);
    if (wait > 0) throw tooManyRequests(wait, 'for this account');
    request.userId = auth.userId;
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
      const summary = buildAccountSummary(ctx, currentUser(request));
      // asOf changes every request; the ETag covers everything else, so an unchanged account answers 304.
      return sendWithEtag(request, reply, etagOf(JSON.stringify(summary)), () => JSON.stringify({ ...summary, asOf: iso(clock.now()) }));
    },
  );

  app.get(
    ApiPaths.invoices,
    {
      // Query strings are text; convert to the schema's types first (in place), then validate strictly.
      preValidation: async (request) => {
        Object.assign(request.query, Value.Convert(InvoiceListQuery, request.query));
      },
      schema: {
        tags: ['invoices'],
        summary: 'Invoices, newest first, with cursor pagination',
        security,
        querystring: ref(InvoiceListQuery),
        response: { 200: ref(InvoiceList), ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { query } = request;
      const limit = query.limit ?? 10;
      let after;
      if (query.startingAfter !== undefined) {
        after = repo.invoiceById(query.startingAfter);
        if (!after || after.user_id !== user.id) {
          throw new HttpProblem(400, 'startingAfter is not an invoice of this account.', {
            errors: [{ field: 'startingAfter', code: 'unknown_invoice', message: 'No invoice with this id on your account; pass the nextCursor of the previous page.' }],
          });
        }
      }
      const rows = repo.listInvoices(user.id, limit + 1, after);
      const page = rows.slice(0, limit);
      const hasMore = rows.length > limit;
      const body: InvoiceList = { data: page.map(toInvoice), hasMore, nextCursor: hasMore ? page.at(-1)!.id : null };
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
      const user = currentUser(request);
      const invoice = repo.invoiceById(request.params.id);
      if (!invoice || invoice.user_id !== user.id) throw new HttpProblem(404, 'There is no invoice with this id on your account.');
      const pdf = await renderInvoicePdf(toInvoice(invoice));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${invoice.number}.pdf"`)
        .header('cache-control', 'private, no-cache')
        .send(pdf);
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
          billing_tax_ids: JSON.stringify(result.value.taxIds),
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
        response: { 200: ref(PortalSession), ...problemResponses(400, 401, 413, 422, 429) },
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
        // The link is a credential: the key keeps only the session's id, and a retry gets a fresh link that retires the earlier one.
        if (isKeptSession(previous)) services.portal.expireUnused(previous.portalSessionId);
        const session = services.portal.create(user.id, body.flow, body.returnUrl, services.baseUrl());
        return { status: 200, body: { url: session.url, expiresAt: iso(session.expiresAt) }, keep: { portalSessionId: session.id } };
      });
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
      const token = await services.entitlements.tokenFor(currentUser(request));
      return sendWithEtag(request, reply, etagOf(token), () => JSON.stringify({ token }));
    },
  );
}
