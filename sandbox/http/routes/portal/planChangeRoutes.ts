/**
 * Paying an upgrade that waits for the cardholder (flow plan_change_payment):
 * a saved card (3-D Secure cards answer the challenge first) or a new one
 * through the card form, which becomes the default. Paid, the change applies.
 */
import type { FastifyReply } from 'fastify';
import { declineFor } from '../../../billing/cards';
import { formatUsd } from '../../../billing/money';
import { listPaymentMethods } from '../../../billing/paymentMethods';
import { payPendingChange, pendingHeadline, pendingPlanChangeOf } from '../../../billing/planChanges';
import type { CardRow } from '../../../billing/repository';
import { planChangePaymentPage, threeDsPage } from '../../../portal/portalPages';
import { PortalPaths } from '../../../portal/portalPaths';
import { formField, sendPage } from '../../pages';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { hidden, postedVisitOf, sendResult, visitOf, type PortalVisit } from './portalVisit';

/** What the plan-change 3-D Secure challenge keeps in the portal session. */
interface PendingChallenge {
  readonly planChangeCardId: string;
}

function sendNothingPending(reply: FastifyReply, { session }: PortalVisit): FastifyReply {
  return sendResult(reply, 200, {
    outcome: 'nothing_pending',
    tone: 'success',
    title: 'Nothing to pay',
    messages: ['No plan change is waiting for payment. It may have been paid already, or it lapsed.'],
    returnUrl: session.return_url,
  });
}

function sendPaymentPage(services: SandboxServices, reply: FastifyReply, status: number, visit: PortalVisit, alert?: { message: string; code: string }): FastifyReply {
  const ctx = services.billing;
  const pending = pendingPlanChangeOf(ctx, visit.user);
  if (!pending) return sendNothingPending(reply, visit);
  return sendPage(
    reply,
    status,
    planChangePaymentPage({ csrf: visit.session.csrf, pending, headline: pendingHeadline(pending), cards: listPaymentMethods(ctx, visit.user).data, returnUrl: visit.session.return_url, alert }),
  );
}

/** Charges the pending change to `card` and answers the outcome; `before` are messages shown ahead of it. */
export function payPlanChange(services: SandboxServices, reply: FastifyReply, visit: PortalVisit, card: CardRow | undefined, authenticated: boolean, before: string[] = []): FastifyReply {
  const ctx = services.billing;
  const paid = ctx.repo.transaction(() => payPendingChange(ctx, visit.user, card, ctx.clock.now(), authenticated));
  services.engine.invalidate();
  if (paid.kind === 'none') return sendNothingPending(reply, visit);
  if (paid.kind === 'failed') return sendPaymentPage(services, reply, 402, visit, { message: paid.message, code: paid.declineCode ?? paid.reason });
  return sendResult(reply, 200, {
    outcome: 'plan_changed',
    payment: 'paid',
    tone: 'success',
    title: `Welcome to ${paid.planName}`,
    messages: [`You are on ${paid.planName}. We charged ${formatUsd(paid.amountCents)}.`, ...before, 'A receipt is on its way to your email.'],
    returnUrl: visit.session.return_url,
  });
}

export function registerPlanChangeRoutes(app: SandboxApp, services: SandboxServices): void {
  const { repo } = services.billing;

  app.get(PortalPaths.planChange, hidden, async (request, reply) => sendPaymentPage(services, reply, 200, visitOf(services, request)));

  app.post(PortalPaths.planChange, hidden, async (request, reply) => {
    const visit = postedVisitOf(services, request);
    const chosen = formField(request.body, 'paymentMethodId');
    const card = chosen ? repo.activeCardOf(visit.user.id, chosen) : repo.defaultCard(visit.user);
    if (!card) return sendPaymentPage(services, reply, 422, visit, { message: 'Choose one of your saved cards, or use a new card.', code: 'no_payment_method' });
    if (card.requires_authentication === 1) {
      services.portal.setPending(visit.session.id, { planChangeCardId: card.id } satisfies PendingChallenge);
      return reply.code(303).header('location', PortalPaths.planChangeThreeDs).send();
    }
    return payPlanChange(services, reply, visit, card, false);
  });

  const challengeCard = (visit: PortalVisit): CardRow | undefined => {
    if (!visit.session.pending) return undefined;
    const { planChangeCardId } = JSON.parse(visit.session.pending) as Partial<PendingChallenge>;
    return planChangeCardId === undefined ? undefined : repo.activeCardOf(visit.user.id, planChangeCardId);
  };

  app.get(PortalPaths.planChangeThreeDs, hidden, async (request, reply) => {
    const visit = visitOf(services, request);
    const card = challengeCard(visit);
    if (!card) return reply.code(303).header('location', PortalPaths.planChange).send();
    return sendPage(reply, 200, threeDsPage(visit.session.csrf, { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year }, PortalPaths.planChangeThreeDs));
  });

  app.post(PortalPaths.planChangeThreeDs, hidden, async (request, reply) => {
    const visit = postedVisitOf(services, request);
    const card = challengeCard(visit);
    services.portal.setPending(visit.session.id, null);
    if (!card) return reply.code(303).header('location', PortalPaths.planChange).send();
    if (formField(request.body, 'decision') !== 'approve') {
      const failed = declineFor('authentication_failed');
      return sendPaymentPage(services, reply, 402, visit, { message: failed.message, code: failed.code });
    }
    return payPlanChange(services, reply, visit, card, true);
  });
}
