/** Managing the plan: the overview page, upgrading to Pro, and cancelling at period end or resuming. */
import type { FastifyReply } from 'fastify';
import { buildAccountSummary } from '../../../billing/accountSummary';
import { formatUsd } from '../../../billing/money';
import { owedCents } from '../../../billing/payments';
import { listPaymentMethods } from '../../../billing/paymentMethods';
import { PLANS } from '../../../billing/plans';
import { toInvoice } from '../../../billing/repository';
import { canUpgrade, setCancelAtPeriodEnd, upgradeToPro } from '../../../billing/subscriptions';
import { taxOf } from '../../../billing/tax';
import { formatDate } from '../../../billing/time';
import { managePage } from '../../../portal/portalPages';
import { cardFormPath, PortalPaths } from '../../../portal/portalPaths';
import { sendPage } from '../../pages';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { hidden, postedVisitOf, sendResult, visitOf, type PortalVisit } from './portalVisit';

function sendManage(services: SandboxServices, reply: FastifyReply, { session, user }: PortalVisit, notice?: string): FastifyReply {
  const ctx = services.billing;
  const invoices = ctx.repo.listInvoices(user.id, 24).map(toInvoice);
  const proCents = PLANS.pro.prices.month;
  const pro = taxOf(ctx.config.seller, user, proCents);
  return sendPage(
    reply,
    200,
    managePage({
      csrf: session.csrf,
      summary: buildAccountSummary(ctx, user),
      paymentMethods: listPaymentMethods(ctx, user).data,
      proPrice: { total: proCents + pro.tax, taxLabels: pro.lines.map((l) => l.label) },
      invoices,
      canUpgrade: canUpgrade(ctx, user),
      returnUrl: session.return_url,
      notice,
    }),
  );
}

/** Upgrades to Pro with the card on file (asking for a card first when there is none); `before` are messages shown ahead of the outcome. */
export function upgrade(services: SandboxServices, reply: FastifyReply, visit: PortalVisit, before: string[] = []): FastifyReply {
  const ctx = services.billing;
  const { repo, clock } = ctx;
  const { session, user } = visit;
  if (!canUpgrade(ctx, user)) return sendManage(services, reply, visit, 'Your account already has a Pro subscription.');
  if (!repo.defaultCard(user)) return reply.code(303).header('location', cardFormPath('upgrade')).send();
  const upgraded = repo.transaction(() => upgradeToPro(ctx, user, clock.now()));
  services.engine.invalidate();
  const charged = upgraded.kind === 'started' ? upgraded.invoice.total : owedCents(ctx, user.id);
  if (upgraded.decline) {
    return sendResult(reply, 402, {
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
  return sendResult(reply, 200, {
    outcome: 'upgraded',
    payment: 'paid',
    tone: 'success',
    title: upgraded.kind === 'started' ? 'Welcome to Pro' : 'Welcome back to Pro',
    messages: [
      upgraded.kind === 'started'
        ? `You are on Pro. We charged ${formatUsd(upgraded.invoice.total)}; your plan renews monthly.`
        : `We collected the outstanding ${formatUsd(upgraded.paidCents)} and your Pro subscription is active again.`,
      ...before,
    ],
    returnUrl: session.return_url,
  });
}

export function registerManageRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;

  app.get(PortalPaths.manage, hidden, async (request, reply) => sendManage(services, reply, visitOf(services, request)));

  app.post(PortalPaths.upgrade, hidden, async (request, reply) => upgrade(services, reply, postedVisitOf(services, request)));

  for (const [path, cancel] of [
    [PortalPaths.cancel, true],
    [PortalPaths.resume, false],
  ] as const) {
    app.post(path, hidden, async (request, reply) => {
      const visit = postedVisitOf(services, request);
      const { session, user } = visit;
      const changed = repo.transaction(() => setCancelAtPeriodEnd(ctx, user, cancel, clock.now()));
      services.engine.invalidate();
      if (!changed) return sendManage(services, reply, visit, 'There is no active subscription to change.');
      const end = repo.subscriptionOf(user.id)!.current_period_end;
      return sendResult(reply, 200, {
        outcome: cancel ? 'canceled_at_period_end' : 'resumed',
        tone: 'success',
        title: cancel ? 'Your subscription will end' : 'Your subscription continues',
        messages: [cancel ? `Pro stays on until ${formatDate(end)}; after that you are on Free.` : 'Pro renews as usual.'],
        returnUrl: session.return_url,
      });
    });
  }
}
