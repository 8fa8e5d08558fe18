/**
 * Sandbox-only routes (absent in no-admin mode): demo accounts and sessions,
 * account states and card outcomes, refunds, the billing clock, fault
 * injection, the notification outbox, and the home page's portal/sign-in helpers.
 */
import { Type } from '@sinclair/typebox';
import { Payment } from '../../../shared/contract/invoices';
import { PaymentMethod } from '../../../shared/contract/paymentMethods';
import { BonusGrant } from '../../../shared/contract/usage';
import { creditsFromInput } from '../../../shared/credits';
import { TokenResponse } from '../../../shared/contract/oauth';
import { ApiPaths } from '../../../shared/contract/paths';
import { type PortalFlow } from '../../../shared/contract/portal';
import {
  ClockAdvanceRequest,
  ClockState,
  FaultList,
  FaultRequest,
  Outbox,
  SandboxAccount,
  SandboxAccountList,
  SandboxBonusGrantRequest,
  SandboxCardOutcomeRequest,
  SandboxPaths,
  SandboxRefundRequest,
  SandboxSessionRequest,
  SandboxSetStateRequest,
} from '../../../shared/contract/sandboxAdmin';
import { stateOf } from '../../billing/accountSummary';
import { applyDemoState, createUser } from '../../billing/demoData';
import { refundPayment } from '../../billing/payments';
import { grantBonus } from '../../billing/usage';
import { toOutboxMessage, toPayment, toPaymentMethod, type UserRow } from '../../billing/repository';
import { formatUsd } from '../../billing/money';
import { DAY, HOUR, iso } from '../../billing/time';
import { html } from '../../pages/html';
import { DEMO_PKCE_VERIFIER, HomePaths } from '../../portal/homePage';
import { errorPageContent, formField, sendPage } from '../pages';
import { HttpProblem, validationProblem } from '../problems';
import { routePattern } from '../routePattern';
import type { SandboxApp } from '../sandboxApp';
import { IdParams, problemResponses, ref } from '../schemas';
import type { SandboxServices } from '../services';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FLOWS: readonly PortalFlow[] = ['payment_method_add', 'payment_method_update', 'pay_outstanding_balance', 'plan_change_payment', 'manage'];

export function registerSandboxRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;
  const tags = ['sandbox'];

  const account = (user: UserRow): SandboxAccount => ({ id: user.id, email: user.email, name: user.name, state: stateOf(repo.subscriptionOf(user.id)) });
  const userById = (id: string): UserRow => {
    const user = repo.userById(id);
    if (!user) throw new HttpProblem(404, `There is no account with id "${id}".`);
    return user;
  };

  app.get(SandboxPaths.accounts, { schema: { tags, summary: 'Demo accounts', response: { 200: ref(SandboxAccountList) } } }, async () => {
    const body: SandboxAccountList = { data: repo.listUsers().map(account) };
    return body;
  });

  app.post(
    SandboxPaths.sessions,
    {
      schema: {
        tags,
        summary: 'Tokens for an account without the browser (an unknown email gets a new Free account)',
        body: ref(SandboxSessionRequest),
        response: { 200: ref(TokenResponse), ...problemResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      if (!EMAIL.test(email)) throw validationProblem([{ field: 'email', code: 'invalid_format', message: 'Enter an email address such as pro@sandbox.test.' }]);
      const user = repo.userByEmail(email) ?? repo.transaction(() => createUser(ctx, email, email.split('@')[0]!, clock.now()));
      return reply.header('cache-control', 'no-store').send(services.oauth.createSession(user.id));
    },
  );

  app.post(
    routePattern(SandboxPaths.accountState),
    {
      schema: {
        tags,
        summary: 'Put an account into a demo state on a plan and interval (with consistent invoices and payment failure)',
        params: IdParams,
        body: ref(SandboxSetStateRequest),
        response: { 200: ref(SandboxAccount), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const user = userById(request.params.id);
      const { state, plan, interval } = request.body;
      repo.transaction(() => applyDemoState(ctx, user, state, clock.now(), { plan, interval }));
      services.engine.invalidate();
      services.engine.run();
      return account(repo.userById(user.id)!);
    },
  );

  app.post(
    routePattern(SandboxPaths.accountCard),
    {
      schema: {
        tags,
        summary: "How charges to the account's default card turn out from now on",
        params: IdParams,
        body: ref(SandboxCardOutcomeRequest),
        response: { 200: ref(PaymentMethod), ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const user = userById(request.params.id);
      const card = repo.defaultCard(user);
      if (!card) throw new HttpProblem(409, 'This account has no card on file; add one in the portal first.');
      repo.updateCard(card.id, { charge_outcome: request.body.outcome });
      services.engine.invalidate();
      return toPaymentMethod(repo.cardById(card.id)!, card.id);
    },
  );

  app.post(
    routePattern(SandboxPaths.accountBonusGrants),
    {
      schema: {
        tags,
        summary: "Grant bonus credits, used after the plan's credits until they expire",
        params: IdParams,
        body: ref(SandboxBonusGrantRequest),
        response: { 200: ref(BonusGrant), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const user = userById(request.params.id);
      const credits = creditsFromInput(request.body.credits);
      if (!credits.ok) throw validationProblem([{ field: 'credits', code: credits.reason, message: credits.message }]);
      const now = clock.now();
      const expiresAt = request.body.expiresAt === undefined ? now + 30 * DAY : Date.parse(request.body.expiresAt);
      if (!(expiresAt > now)) throw validationProblem([{ field: 'expiresAt', code: 'in_the_past', message: 'A grant must expire after the billing clock\'s now.' }]);
      return repo.transaction(() => grantBonus(ctx, user, { hundredths: credits.hundredths, description: request.body.description ?? 'Bonus credits', expiresAt }, now));
    },
  );

  app.post(
    routePattern(SandboxPaths.paymentRefund),
    {
      schema: {
        tags,
        summary: 'Refund a succeeded payment, in full or in part (the invoice stays paid)',
        params: IdParams,
        body: ref(SandboxRefundRequest),
        response: { 200: ref(Payment), ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const result = repo.transaction(() => refundPayment(ctx, request.params.id, request.body.amount, clock.now()));
      if (result.ok) return toPayment(repo.paymentById(result.refund.id)!);
      if (result.reason === 'not_found') throw new HttpProblem(404, `There is no payment with id "${request.params.id}".`);
      if (result.reason === 'not_refundable') {
        throw new HttpProblem(409, 'Only a succeeded charge with something left to refund can be refunded.', { code: 'not_refundable' });
      }
      throw validationProblem([{ field: 'amount', code: 'too_much', message: `At most ${formatUsd(result.refundable)} of this payment is left to refund.` }]);
    },
  );

  app.get(SandboxPaths.clock, { schema: { tags, summary: 'The billing clock', response: { 200: ref(ClockState) } } }, async () => ({ now: iso(clock.now()) }));

  app.post(
    SandboxPaths.clockAdvance,
    {
      schema: {
        tags,
        summary: 'Advance the billing clock and run every lifecycle event that falls due, in order',
        body: ref(ClockAdvanceRequest),
        response: { 200: ref(ClockState), ...problemResponses(400, 422) },
      },
    },
    async (request) => {
      const { days = 0, hours = 0 } = request.body;
      const ms = days * DAY + hours * HOUR;
      if (ms <= 0) throw validationProblem([{ field: 'days', code: 'required', message: 'Give a positive number of days or hours to advance.' }]);
      clock.advance(ms);
      services.engine.invalidate();
      services.engine.run();
      return { now: iso(clock.now()) };
    },
  );

  app.post(
    SandboxPaths.faults,
    { schema: { tags, summary: 'Inject a fault for the next requests matching a route', body: ref(FaultRequest), response: problemResponses(400, 422) } },
    async (request, reply) => {
      const fault = request.body;
      if (fault.kind === 'status' && fault.status === undefined) {
        throw validationProblem([{ field: 'status', code: 'required', message: 'A status fault needs the HTTP status to answer with.' }]);
      }
      if (fault.kind === 'latency' && fault.latencyMs === undefined) {
        throw validationProblem([{ field: 'latencyMs', code: 'required', message: 'A latency fault needs latencyMs.' }]);
      }
      if (fault.kind === 'malformed' && fault.malformedAs === 'replaced' && fault.body === undefined) {
        throw validationProblem([{ field: 'body', code: 'required', message: 'A replaced answer needs the body to send.' }]);
      }
      services.faults.add(fault);
      return reply.code(204).send();
    },
  );

  app.get(SandboxPaths.faults, { schema: { tags, summary: 'The faults still set and how many requests each will still take', response: { 200: ref(FaultList) } } }, async () => ({
    faults: services.faults.active.map((fault) => ({ route: fault.route, kind: fault.kind, remaining: fault.remaining })),
  }));

  app.delete(SandboxPaths.faults, { schema: { tags, summary: 'Remove every injected fault' } }, async (_request, reply) => {
    services.faults.clear();
    return reply.code(204).send();
  });

  app.get(
    SandboxPaths.outbox,
    {
      schema: {
        tags,
        summary: 'Notifications the service would have sent, oldest first',
        querystring: Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })) }, { additionalProperties: false }),
        response: { 200: ref(Outbox), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { email } = request.query;
      const users = new Map(repo.listUsers().map((u) => [u.id, u]));
      let userId: string | undefined;
      if (email !== undefined) {
        const user = repo.userByEmail(email.trim());
        if (!user) throw new HttpProblem(404, `There is no account with the email "${email}".`);
        userId = user.id;
      }
      const body: Outbox = { data: repo.listOutbox(userId).map((row) => toOutboxMessage(row, users.get(row.user_id)?.email ?? '')) };
      return body;
    },
  );

  // The home page's browser helpers --------------------------------------------------

  app.post(HomePaths.openPortal, { schema: { hide: true } }, async (request, reply) => {
    const user = repo.userByEmail(formField(request.body, 'email'));
    const flow = FLOWS.find((f) => f === formField(request.body, 'flow'));
    if (!user || !flow) return sendPage(reply, 400, errorPageContent('Cannot open the portal', 'Choose an account and a portal flow on the home page.'));
    const session = services.portal.create(user.id, flow, `${services.baseUrl()}${HomePaths.portalReturn}`, services.baseUrl());
    return reply.code(303).header('location', session.url).header('cache-control', 'no-store').send();
  });

  app.get(HomePaths.portalReturn, { schema: { hide: true } }, async (_request, reply) =>
    sendPage(reply, 200, {
      title: 'Back from the portal',
      body: html`<main data-page="portal-return"><div class="panel"><h1>Back from the portal</h1>
<p>In the product, this is where the editor takes over (its URI handler refreshes the account).</p>
<a class="button" href="${HomePaths.home}">Sandbox home</a></div></main>`,
    }),
  );

  app.get(HomePaths.oauthCallback, { schema: { hide: true } }, async (request, reply) => {
    const code = formField(request.query, 'code');
    const error = formField(request.query, 'error');
    return sendPage(reply, error ? 400 : 200, {
      title: 'Sign-in callback',
      body: html`<main data-page="oauth-callback"><div class="panel"><h1>${error ? 'Sign-in failed' : 'Sign-in callback'}</h1>
${error ? html`<p class="alert error">${error}: ${formField(request.query, 'error_description')}</p>` : ''}
${code ? html`<p>The editor would now exchange this code at <code>POST ${ApiPaths.token}</code> with its PKCE verifier (for this demo: <code>${DEMO_PKCE_VERIFIER}</code>):</p><p class="code">${code}</p>` : ''}
<a class="button" href="${HomePaths.home}">Sandbox home</a></div></main>`,
    });
  });
}
