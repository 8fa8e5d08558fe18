/**
 * The hosted portal. Reached only through a portal session URL, which the
 * first GET consumes in exchange for an HttpOnly cookie scoped to /portal.
 * Every form carries the session's CSRF token; cards are checked (Luhn,
 * expiry, CVC) and "processed" by the simulated card network.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PortalFlow } from '../../../shared/contract/portal';
import { buildAccountSummary } from '../../billing/accountSummary';
import type { ChargeOutcome } from '../../../shared/contract/sandboxAdmin';
import { behaviourOf, declineFor, validateCard, type CardOnFile, type Decline } from '../../billing/cards';
import { formatUsd } from '../../billing/money';
import { payOutstanding } from '../../billing/payments';
import { saveCard } from '../../billing/paymentMethods';
import { toInvoice, type UserRow } from '../../billing/repository';
import { formatDate } from '../../billing/time';
import { canUpgrade, setCancelAtPeriodEnd, upgradeToPro } from '../../billing/subscriptions';
import { renderInvoicePdf } from '../../pdf/invoicePdf';
import { cardFormPage, managePage, messagePage, payPage, resultPage, threeDsPage, type CardFormValues, type ResultModel } from '../../portal/portalPages';
import type { PortalSessionRow } from '../../db/portalSessionRecords';
import { PORTAL_COOKIE, readCookie } from '../../portal/portalSessions';
import { cardFormPath, PortalPaths, type CardNext } from '../../portal/portalPaths';
import { formField, sendPage } from '../pages';
import { routePattern } from '../routePattern';
import type { SandboxApp } from '../sandboxApp';
import type { SandboxServices } from '../services';

const LANDING: Record<PortalFlow, string> = {
  payment_method_update: PortalPaths.card,
  pay_outstanding_balance: PortalPaths.pay,
  manage: PortalPaths.manage,
};

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

class SessionEnded extends Error {}

export function registerPortalRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;
  const hidden = { schema: { hide: true } };

  const sessionOf = (request: FastifyRequest): { session: PortalSessionRow; user: UserRow } => {
    const session = services.portal.fromCookie(readCookie(request.headers.cookie, PORTAL_COOKIE));
    const user = session && repo.userById(session.user_id);
    if (!session || !user) throw new SessionEnded();
    return { session, user };
  };

  /** Form posts must carry the session's CSRF token (the cookie is SameSite=Lax too). */
  const postedSession = (request: FastifyRequest) => {
    const s = sessionOf(request);
    if (formField(request.body, 'csrf') !== s.session.csrf) throw new SessionEnded();
    return s;
  };

  const result = (reply: FastifyReply, status: number, model: ResultModel) => sendPage(reply, status, resultPage(model));

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof SessionEnded) {
      return sendPage(
        reply,
        401,
        messagePage('This portal session has ended', ['For your security, portal links work once and for a limited time.', 'Go back to your editor and open the portal again.'], 'session_ended'),
      );
    }
    throw error;
  });

  app.get(routePattern(PortalPaths.session), { schema: { hide: true, params: Type.Object({ secret: Type.String() }) }, exposeHeadRoute: false }, async (request, reply) => {
    const consumed = services.portal.consume(request.params.secret);
    if ('error' in consumed) {
      const messages = {
        unknown: 'This portal link is not valid.',
        used: 'This portal link was already used. Portal links work only once.',
        expired: 'This portal link has expired. Portal links work for a few minutes only.',
      };
      return sendPage(reply, consumed.error === 'unknown' ? 404 : 410, messagePage('This link no longer works', [messages[consumed.error], 'Go back to your editor and open the portal again.'], `link_${consumed.error}`));
    }
    reply.header(
      'set-cookie',
      `${PORTAL_COOKIE}=${consumed.cookie}; Path=${PortalPaths.root}; HttpOnly; SameSite=Lax; Max-Age=${services.portal.flowTtlSeconds}`,
    );
    return reply.code(303).header('location', LANDING[consumed.session.flow]).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send();
  });

  // Card ------------------------------------------------------------------------------

  const cardForm = (reply: FastifyReply, status: number, session: PortalSessionRow, user: UserRow, extra: { values?: CardFormValues; errors?: Record<string, string>; alert?: Decline; next?: Next }) => {
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

  app.get(PortalPaths.card, hidden, async (request, reply) => {
    const { session, user } = sessionOf(request);
    return cardForm(reply, 200, session, user, { next: nextOf(request) });
  });

  /** A card passed its checks (and 3-D Secure if asked): save it, retry what is owed, continue the flow. */
  const completeCardSave = (reply: FastifyReply, session: PortalSessionRow, user: UserRow, card: CardOnFile, chargeOutcome: ChargeOutcome, next: Next) => {
    const at = clock.now();
    const retry = repo.transaction(() => saveCard(ctx, user, card, chargeOutcome, at));
    services.engine.invalidate();
    const words = `${card.brand === 'unknown' ? 'Card' : card.brand[0]!.toUpperCase() + card.brand.slice(1)} ending in ${card.last4}`;
    if (next === 'upgrade') return upgrade(reply, session, repo.userById(user.id)!, [`Your ${words} is saved.`]);
    if (next === 'pay' && repo.outstandingInvoices(user.id).length > 0) return reply.code(303).header('location', PortalPaths.pay).send();
    if (retry && retry.decline) {
      return result(reply, 200, {
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
    const owed = repo.outstandingInvoices(user.id).reduce((sum, inv) => sum + inv.total - inv.amount_paid, 0);
    return result(reply, 200, {
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

  app.post(PortalPaths.card, hidden, async (request, reply) => {
    const { session, user } = postedSession(request);
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
      return cardForm(reply, 422, session, user, { values: shown, errors: checked.errors, next });
    }
    const { number, ...card } = checked.card;
    const behaviour = behaviourOf(number);
    if (behaviour.attach === '3ds') {
      const pending: PendingCard = { card, chargeOutcome: behaviour.charge, next };
      services.portal.setPending(session.id, pending);
      return reply.code(303).header('location', PortalPaths.threeDs).send();
    }
    if (behaviour.attach !== 'ok') return cardForm(reply, 402, session, user, { values: { ...values, cardNumber: '' }, alert: declineFor(behaviour.attach), next });
    return completeCardSave(reply, session, user, card, behaviour.charge, next);
  });

  app.get(PortalPaths.threeDs, hidden, async (request, reply) => {
    const { session } = sessionOf(request);
    if (!session.pending) return reply.code(303).header('location', PortalPaths.card).send();
    const { card } = JSON.parse(session.pending) as PendingCard;
    return sendPage(reply, 200, threeDsPage(session.csrf, { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear }));
  });

  app.post(PortalPaths.threeDs, hidden, async (request, reply) => {
    const { session, user } = postedSession(request);
    if (!session.pending) return reply.code(303).header('location', PortalPaths.card).send();
    const pending = JSON.parse(session.pending) as PendingCard;
    services.portal.setPending(session.id, null);
    if (formField(request.body, 'decision') !== 'approve') {
      return cardForm(reply, 402, session, user, { alert: declineFor('authentication_failed'), next: pending.next });
    }
    return completeCardSave(reply, session, user, pending.card, pending.chargeOutcome, pending.next);
  });

  // Pay outstanding balance -------------------------------------------------------------

  app.get(PortalPaths.pay, hidden, async (request, reply) => {
    const { session, user } = sessionOf(request);
    const summary = buildAccountSummary(ctx, user);
    if (summary.outstandingBalance.amount === 0) {
      return result(reply, 200, { outcome: 'nothing_due', tone: 'success', title: 'Nothing to pay', messages: ['Your account has no outstanding balance.'], returnUrl: session.return_url });
    }
    return sendPage(reply, 200, payPage(session.csrf, summary));
  });

  app.post(PortalPaths.pay, hidden, async (request, reply) => {
    const { session, user } = postedSession(request);
    const owed = repo.outstandingInvoices(user.id).reduce((sum, inv) => sum + inv.total - inv.amount_paid, 0);
    if (owed === 0) {
      return result(reply, 200, { outcome: 'nothing_due', tone: 'success', title: 'Nothing to pay', messages: ['Your account has no outstanding balance.'], returnUrl: session.return_url });
    }
    const paid = repo.transaction(() => payOutstanding(ctx, user, clock.now(), 'pay_now'));
    services.engine.invalidate();
    if (paid.decline) return sendPage(reply, 402, payPage(session.csrf, buildAccountSummary(ctx, user), { message: paid.decline.message, code: paid.decline.code }));
    return result(reply, 200, {
      outcome: 'paid',
      payment: 'paid',
      tone: 'success',
      title: 'Payment received',
      messages: [`We collected ${formatUsd(paid.paidCents)}. Your Pro access is restored.`, 'A receipt is on its way to your email.'],
      returnUrl: session.return_url,
    });
  });

  // Manage ------------------------------------------------------------------------------

  const manage = (reply: FastifyReply, session: PortalSessionRow, user: UserRow, notice?: string) => {
    const invoices = repo.listInvoices(user.id, 24).map(toInvoice);
    return sendPage(
      reply,
      200,
      managePage({ csrf: session.csrf, summary: buildAccountSummary(ctx, user), invoices, canUpgrade: canUpgrade(ctx, user), returnUrl: session.return_url, notice }),
    );
  };

  app.get(PortalPaths.manage, hidden, async (request, reply) => {
    const { session, user } = sessionOf(request);
    return manage(reply, session, user);
  });

  const upgrade = (reply: FastifyReply, session: PortalSessionRow, user: UserRow, before: string[] = []) => {
    if (!canUpgrade(ctx, user)) return manage(reply, session, user, 'Your account already has a Pro subscription.');
    if (!repo.defaultCard(user)) return reply.code(303).header('location', cardFormPath('upgrade')).send();
    const upgraded = repo.transaction(() => upgradeToPro(ctx, user, clock.now()));
    services.engine.invalidate();
    const charged = upgraded.kind === 'started' ? upgraded.subscription.price_amount : repo.outstandingInvoices(user.id).reduce((sum, inv) => sum + inv.total - inv.amount_paid, 0);
    if (upgraded.decline) {
      return result(reply, 402, {
        outcome: 'upgrade_declined',
        payment: 'declined',
        declineCode: upgraded.decline.code,
        tone: 'error',
        title: 'The payment for Pro failed',
        messages: [...before, `We could not charge ${formatUsd(charged)}: ${upgraded.decline.message}`, 'Use another card to finish the upgrade.'],
        returnUrl: session.return_url,
        links: [{ href: cardFormPath('upgrade'), text: 'Use another card' }],
      });
    }
    return result(reply, 200, {
      outcome: 'upgraded',
      payment: 'paid',
      tone: 'success',
      title: upgraded.kind === 'started' ? 'Welcome to Pro' : 'Welcome back to Pro',
      messages: [
        upgraded.kind === 'started'
          ? `You are on Pro. We charged ${formatUsd(upgraded.subscription.price_amount)}; your plan renews monthly.`
          : `We collected the outstanding ${formatUsd(upgraded.paidCents)} and your Pro subscription is active again.`,
        ...before,
      ],
      returnUrl: session.return_url,
    });
  };

  app.post(PortalPaths.upgrade, hidden, async (request, reply) => {
    const { session, user } = postedSession(request);
    return upgrade(reply, session, user);
  });

  for (const [path, cancel] of [
    [PortalPaths.cancel, true],
    [PortalPaths.resume, false],
  ] as const) {
    app.post(path, hidden, async (request, reply) => {
      const { session, user } = postedSession(request);
      const changed = repo.transaction(() => setCancelAtPeriodEnd(ctx, user, cancel, clock.now()));
      services.engine.invalidate();
      if (!changed) return manage(reply, session, user, 'There is no active subscription to change.');
      const end = repo.subscriptionOf(user.id)!.current_period_end;
      return result(reply, 200, {
        outcome: cancel ? 'canceled_at_period_end' : 'resumed',
        tone: 'success',
        title: cancel ? 'Your subscription will end' : 'Your subscription continues',
        messages: [cancel ? `Pro stays on until ${formatDate(end)}; after that you are on Free.` : 'Pro renews as usual.'],
        returnUrl: session.return_url,
      });
    });
  }

  // Any id gets the not-found page, so the params schema sets no length limit.
  app.get(routePattern(PortalPaths.invoicePdf), { schema: { hide: true, params: Type.Object({ id: Type.String() }) } }, async (request, reply) => {
    const { user } = sessionOf(request);
    const invoice = repo.invoiceById(request.params.id);
    if (!invoice || invoice.user_id !== user.id) {
      return sendPage(reply, 404, messagePage('Invoice not found', ['There is no such invoice on this account.'], 'not_found'));
    }
    const pdf = await renderInvoicePdf(toInvoice(invoice));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${invoice.number}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
  });
}
