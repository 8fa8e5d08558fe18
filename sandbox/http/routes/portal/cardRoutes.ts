/**
 * Card update: the card form, the simulated 3-D Secure challenge, and saving
 * the card, which retries what is owed and continues the flow the form was
 * opened for (an upgrade, or paying the balance).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChargeOutcome } from '../../../../shared/contract/sandboxAdmin';
import { buildAccountSummary } from '../../../billing/accountSummary';
import { behaviourOf, declineFor, validateCard, type CardOnFile, type Decline } from '../../../billing/cards';
import { formatUsd } from '../../../billing/money';
import { saveCard } from '../../../billing/paymentMethods';
import { owedCents } from '../../../billing/payments';
import { cardFormPage, threeDsPage, type CardFormValues } from '../../../portal/portalPages';
import { PortalPaths, type CardNext } from '../../../portal/portalPaths';
import { formField, sendPage } from '../../pages';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { upgrade } from './manageRoutes';
import { hidden, postedVisitOf, sendResult, visitOf, type PortalVisit } from './portalVisit';

type Next = CardNext | undefined;

function nextOf(request: FastifyRequest): Next {
  const next = formField(request.query, 'next');
  return next === 'upgrade' || next === 'pay' ? next : undefined;
}

/** A card waiting for its 3-D Secure answer (kept in the portal session, without the number). */
interface PendingCard {
  readonly card: CardOnFile;
  readonly chargeOutcome: ChargeOutcome;
  readonly next: Next;
}

export function registerCardRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;

  const cardForm = (reply: FastifyReply, status: number, { session, user }: PortalVisit, extra: { values?: CardFormValues; errors?: Record<string, string>; alert?: Decline; next?: Next }) => {
    const summary = buildAccountSummary(ctx, user);
    return sendPage(
      reply,
      status,
      cardFormPage({
        csrf: session.csrf,
        values: extra.values ?? { cardName: user.billing_name, cardNumber: '', cardExpiry: '' },
        errors: extra.errors ?? {},
        alert: extra.alert && { message: extra.alert.message, code: extra.alert.code },
        next: extra.next,
        currentCard: summary.paymentMethod,
        outstanding: summary.outstandingBalance.amount,
      }),
    );
  };

  /** A card passed its checks (and 3-D Secure if asked): save it, retry what is owed, continue the flow. */
  const completeCardSave = (reply: FastifyReply, { session, user }: PortalVisit, card: CardOnFile, chargeOutcome: ChargeOutcome, next: Next) => {
    const at = clock.now();
    const retry = repo.transaction(() => saveCard(ctx, user, card, chargeOutcome, at));
    services.engine.invalidate();
    const words = `${card.brand === 'unknown' ? 'Card' : card.brand[0]!.toUpperCase() + card.brand.slice(1)} ending in ${card.last4}`;
    if (next === 'upgrade') return upgrade(services, reply, { session, user: repo.userById(user.id)! }, [`Your ${words} is saved.`]);
    if (next === 'pay' && repo.outstandingInvoices(user.id).length > 0) return reply.code(303).header('location', PortalPaths.pay).send();
    if (retry && retry.decline) {
      return sendResult(reply, 200, {
        outcome: 'card_saved',
        payment: 'declined',
        declineCode: retry.decline.code,
        tone: 'warning',
        title: 'Card saved, but the payment failed',
        messages: [`Your ${words} is saved, but the payment of what you owe failed: ${retry.decline.message}`, 'Try another card, or contact your bank.'],
        returnUrl: session.return_url,
        links: [{ href: PortalPaths.card, text: 'Try another card' }],
      });
    }
    const owed = owedCents(ctx, user.id);
    return sendResult(reply, 200, {
      outcome: 'card_saved',
      payment: retry ? 'paid' : 'none',
      tone: 'success',
      title: retry ? 'Payment received' : 'Card saved',
      messages: retry
        ? [`Your ${words} is saved and we collected ${formatUsd(retry.paidCents)}. Your Pro access is restored.`]
        : [`Your ${words} is saved and will be used for future payments.`, ...(owed > 0 ? [`You still owe ${formatUsd(owed)}.`] : [])],
      returnUrl: session.return_url,
      links: owed > 0 ? [{ href: PortalPaths.pay, text: 'Pay outstanding balance' }] : [],
    });
  };

  app.get(PortalPaths.card, hidden, async (request, reply) => cardForm(reply, 200, visitOf(services, request), { next: nextOf(request) }));

  app.post(PortalPaths.card, hidden, async (request, reply) => {
    const visit = postedVisitOf(services, request);
    const next = nextOf(request);
    const values: CardFormValues = {
      cardName: formField(request.body, 'cardName'),
      cardNumber: formField(request.body, 'cardNumber'),
      cardExpiry: formField(request.body, 'cardExpiry'),
    };
    const checked = validateCard({ name: values.cardName, number: values.cardNumber, expiry: values.cardExpiry, cvc: formField(request.body, 'cardCvc') }, clock.now());
    // A number that passed the checks is never sent back in a page; an invalid one is, so it can be corrected.
    if ('errors' in checked) {
      const shown = checked.errors.cardNumber ? values : { ...values, cardNumber: '' };
      return cardForm(reply, 422, visit, { values: shown, errors: checked.errors, next });
    }
    const { number, ...card } = checked.card;
    const behaviour = behaviourOf(number);
    if (behaviour.attach === '3ds') {
      const pending: PendingCard = { card, chargeOutcome: behaviour.charge, next };
      services.portal.setPending(visit.session.id, pending);
      return reply.code(303).header('location', PortalPaths.threeDs).send();
    }
    if (behaviour.attach !== 'ok') return cardForm(reply, 402, visit, { values: { ...values, cardNumber: '' }, alert: declineFor(behaviour.attach), next });
    return completeCardSave(reply, visit, card, behaviour.charge, next);
  });

  app.get(PortalPaths.threeDs, hidden, async (request, reply) => {
    const { session } = visitOf(services, request);
    if (!session.pending) return reply.code(303).header('location', PortalPaths.card).send();
    const { card } = JSON.parse(session.pending) as PendingCard;
    return sendPage(reply, 200, threeDsPage(session.csrf, { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear }));
  });

  app.post(PortalPaths.threeDs, hidden, async (request, reply) => {
    const visit = postedVisitOf(services, request);
    const { session } = visit;
    if (!session.pending) return reply.code(303).header('location', PortalPaths.card).send();
    const pending = JSON.parse(session.pending) as PendingCard;
    services.portal.setPending(session.id, null);
    if (formField(request.body, 'decision') !== 'approve') {
      return cardForm(reply, 402, visit, { alert: declineFor('authentication_failed'), next: pending.next });
    }
    return completeCardSave(reply, visit, pending.card, pending.chargeOutcome, pending.next);
  });
}
