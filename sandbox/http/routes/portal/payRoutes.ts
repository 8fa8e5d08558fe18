/** Paying the outstanding balance with the card on file. */
import type { FastifyReply } from 'fastify';
import { buildAccountSummary } from '../../../billing/accountSummary';
import { formatUsd } from '../../../billing/money';
import { owedCents, payOutstanding } from '../../../billing/payments';
import { payPage } from '../../../portal/portalPages';
import { PortalPaths } from '../../../portal/portalPaths';
import { sendPage } from '../../pages';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { hidden, postedVisitOf, sendResult, visitOf, type PortalVisit } from './portalVisit';

function sendNothingDue(reply: FastifyReply, { session }: PortalVisit): FastifyReply {
  return sendResult(reply, 200, { outcome: 'nothing_due', tone: 'success', title: 'Nothing to pay', messages: ['Your account has no outstanding balance.'], returnUrl: session.return_url });
}

export function registerPayRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;

  app.get(PortalPaths.pay, hidden, async (request, reply) => {
    const visit = visitOf(services, request);
    const summary = buildAccountSummary(ctx, visit.user);
    if (summary.outstandingBalance.amount === 0) return sendNothingDue(reply, visit);
    return sendPage(reply, 200, payPage(visit.session.csrf, summary));
  });

  app.post(PortalPaths.pay, hidden, async (request, reply) => {
    const visit = postedVisitOf(services, request);
    const { session, user } = visit;
    if (owedCents(ctx, user.id) === 0) return sendNothingDue(reply, visit);
    const paid = repo.transaction(() => payOutstanding(ctx, user, clock.now(), 'pay_now'));
    services.engine.invalidate();
    if (paid.decline) return sendPage(reply, 402, payPage(session.csrf, buildAccountSummary(ctx, user), { message: paid.decline.message, code: paid.decline.code }));
    return sendResult(reply, 200, {
      outcome: 'paid',
      payment: 'paid',
      tone: 'success',
      title: 'Payment received',
      messages: [`We collected ${formatUsd(paid.paidCents)}. Your Pro access is restored.`, 'A receipt is on its way to your email.'],
      returnUrl: session.return_url,
    });
  });
}
