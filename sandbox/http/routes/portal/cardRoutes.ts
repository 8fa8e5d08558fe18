/**
 * Cards in the portal: a new card that replaces the default
 * (payment_method_update), a card added beside the others
 * (payment_method_add), editing a saved card's expiry and billing address
 * (payment_method_update with paymentMethodId), and the simulated 3-D Secure
 * challenge. A card that becomes the default retries what is owed, and the
 * flow the form was opened for (an upgrade, paying the balance) continues.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Address } from '../../../../shared/contract/billingDetails';
import type { ChargeOutcome } from '../../../../shared/contract/sandboxAdmin';
import { buildAccountSummary } from '../../../billing/accountSummary';
import { behaviourOf, brandName, checkExpiry, declineFor, validateCard, type CardOnFile, type Decline } from '../../../billing/cards';
import { formatUsd } from '../../../billing/money';
import { addCard, editCard, replaceDefaultCard, type RetryOutcome } from '../../../billing/paymentMethods';
import { owedCents } from '../../../billing/payments';
import { billingAddressOf, toPaymentMethod, type CardRow } from '../../../billing/repository';
import { validateAddress } from '../../../validation/billingDetails';
import {
  ADDRESS_INPUTS,
  cardEditPage,
  cardFormPage,
  messagePage,
  threeDsPage,
  type AddressInput,
  type AddressValues,
  type CardFormErrors,
  type CardFormValues,
  type ResultModel,
} from '../../../portal/portalPages';
import { cardFormPath, PortalPaths, type CardNext } from '../../../portal/portalPaths';
import { formField, sendPage } from '../../pages';
import { routePattern } from '../../routePattern';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { upgrade } from './manageRoutes';
import { payPlanChange } from './planChangeRoutes';
import { hidden, postedVisitOf, sendResult, visitOf, type PortalVisit } from './portalVisit';

type Next = CardNext | undefined;
type Mode = 'replace' | 'add';

function nextOf(request: FastifyRequest): Next {
  const next = formField(request.query, 'next');
  return next === 'upgrade' || next === 'pay' || next === 'plan_change' ? next : undefined;
}

/** A card waiting for its 3-D Secure answer (kept in the portal session, without the number). */
interface PendingCard {
  readonly card: CardOnFile;
  readonly billingAddress: Address | null;
  readonly chargeOutcome: ChargeOutcome;
  readonly next: Next;
  readonly mode: Mode;
  readonly makeDefault: boolean;
  /** The card asked for 3-D Secure when saved: it asks again for each plan-change payment. */
  readonly requiresAuthentication?: boolean;
}

const ADDRESS_INPUT_IDS = Object.keys(ADDRESS_INPUTS) as AddressInput[];

function addressValuesOf(address: Address | null): AddressValues {
  const values = {} as Record<AddressInput, string>;
  for (const id of ADDRESS_INPUT_IDS) values[id] = address?.[ADDRESS_INPUTS[id]] ?? '';
  return values;
}

function postedAddressValues(body: unknown): AddressValues {
  const values = {} as Record<AddressInput, string>;
  for (const id of ADDRESS_INPUT_IDS) values[id] = formField(body, id);
  return values;
}

const INPUT_OF_FIELD = Object.fromEntries(ADDRESS_INPUT_IDS.map((id) => [`address.${ADDRESS_INPUTS[id]}`, id])) as Record<string, AddressInput>;

/**
 * The card's billing address as posted: left entirely blank, the card has
 * none (as a card saved before addresses were asked); otherwise it is checked
 * like the billing details' address, with errors by input id.
 */
function checkAddress(values: AddressValues): { address: Address | null } | { errors: CardFormErrors } {
  if (ADDRESS_INPUT_IDS.every((id) => values[id].trim() === '')) return { address: null };
  const input: Address = {
    line1: values.addressLine1,
    city: values.addressCity,
    postalCode: values.addressPostalCode,
    country: values.addressCountry,
    ...(values.addressLine2.trim() ? { line2: values.addressLine2 } : {}),
    ...(values.addressState.trim() ? { state: values.addressState } : {}),
  };
  const result = validateAddress(input);
  if ('value' in result) return { address: result.value };
  const errors: CardFormErrors = {};
  for (const e of result.errors) errors[INPUT_OF_FIELD[e.field] ?? 'addressLine1'] = e.message;
  return { errors };
}

function cardName(card: Pick<CardOnFile, 'brand' | 'last4'>): string {
  return `${brandName(card.brand)} ending in ${card.last4}`;
}

export function registerCardRoutes(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;

  const cardForm = (
    reply: FastifyReply,
    status: number,
    { session, user }: PortalVisit,
    mode: Mode,
    extra: { values?: CardFormValues; errors?: CardFormErrors; alert?: Decline; next?: Next; makeDefault?: boolean },
  ) => {
    const summary = buildAccountSummary(ctx, user);
    return sendPage(
      reply,
      status,
      cardFormPage({
        csrf: session.csrf,
        mode,
        // The billing details prefill the card's address; the user can change it.
        values: extra.values ?? { cardName: user.billing_name, cardNumber: '', cardExpiry: '', address: addressValuesOf(billingAddressOf(user)) },
        errors: extra.errors ?? {},
        alert: extra.alert && { message: extra.alert.message, code: extra.alert.code },
        next: extra.next,
        currentCard: summary.paymentMethod,
        offerDefault: mode === 'add' && summary.paymentMethod !== null,
        makeDefault: extra.makeDefault ?? true,
        outstanding: summary.outstandingBalance.amount,
      }),
    );
  };

  /** The result page of a card change, with what the retry at once (if any) collected. */
  const cardResult = (reply: FastifyReply, { session, user }: PortalVisit, outcome: string, saved: string, retry: RetryOutcome, mode: Mode) => {
    if (retry && retry.decline) {
      return sendResult(reply, 200, {
        outcome,
        payment: 'declined',
        declineCode: retry.decline.code,
        tone: 'warning',
        title: 'Card saved, but the payment failed',
        messages: [`${saved} But the payment of what you owe failed: ${retry.decline.message}`, 'Try another card, or contact your bank.'],
        returnUrl: session.return_url,
        links: [{ href: cardFormPath(undefined, mode), text: 'Try another card' }],
      } satisfies ResultModel);
    }
    const owed = owedCents(ctx, user.id);
    return sendResult(reply, 200, {
      outcome,
      payment: retry ? 'paid' : 'none',
      tone: 'success',
      title: retry ? 'Payment received' : 'Card saved',
      messages: retry
        ? [`${saved} We collected ${formatUsd(retry.paidCents)}. Your Pro access is restored.`]
        : [saved, ...(owed > 0 ? [`You still owe ${formatUsd(owed)}.`] : [])],
      returnUrl: session.return_url,
      links: owed > 0 ? [{ href: PortalPaths.pay, text: 'Pay outstanding balance' }] : [],
    });
  };

  /** A card passed its checks (and 3-D Secure if asked): save it, retry what is owed if it is the default, continue the flow. */
  const completeCardSave = (reply: FastifyReply, { session, user }: PortalVisit, pending: PendingCard) => {
    const at = clock.now();
    const newCard = { card: pending.card, billingAddress: pending.billingAddress, chargeOutcome: pending.chargeOutcome, requiresAuthentication: pending.requiresAuthentication };
    const saved = repo.transaction(() =>
      pending.mode === 'replace' ? { ...replaceDefaultCard(ctx, user, newCard, at), isDefault: true } : addCard(ctx, user, newCard, pending.makeDefault, at),
    );
    services.engine.invalidate();
    const visit = { session, user: repo.userById(user.id)! };
    const words = cardName(pending.card);
    if (pending.next === 'upgrade') return upgrade(services, reply, visit, [`Your ${words} is saved.`]);
    // The cardholder just entered (and, if asked, confirmed) this card: it pays the waiting change without another challenge.
    if (pending.next === 'plan_change') {
      const card = repo.cardById(saved.card.id);
      return payPlanChange(services, reply, visit, card, true, [saved.isDefault ? `Your ${words} is saved as your default card.` : `Your ${words} is saved.`]);
    }
    if (pending.next === 'pay' && repo.outstandingInvoices(user.id).length > 0) return reply.code(303).header('location', PortalPaths.pay).send();
    const sentence =
      pending.mode === 'replace'
        ? `Your ${words} is saved and will be used for future payments.`
        : saved.isDefault
          ? `Your ${words} is added and is now your default card.`
          : `Your ${words} is added. Your default card stays the same.`;
    return cardResult(reply, visit, pending.mode === 'replace' ? 'card_saved' : 'card_added', sentence, saved.retry, pending.mode);
  };

  const postCard = async (request: FastifyRequest, reply: FastifyReply, mode: Mode) => {
    const visit = postedVisitOf(services, request);
    const next = nextOf(request);
    const values: CardFormValues = {
      cardName: formField(request.body, 'cardName'),
      cardNumber: formField(request.body, 'cardNumber'),
      cardExpiry: formField(request.body, 'cardExpiry'),
      address: postedAddressValues(request.body),
    };
    // Unchecked checkboxes are not posted; the box is only offered once there is a default to keep.
    const makeDefault = formField(request.body, 'makeDefault') === '1' || !repo.defaultCard(visit.user);
    const checked = validateCard({ name: values.cardName, number: values.cardNumber, expiry: values.cardExpiry, cvc: formField(request.body, 'cardCvc') }, clock.now());
    const address = checkAddress(values.address);
    const errors: CardFormErrors = { ...('errors' in checked ? checked.errors : {}), ...('errors' in address ? address.errors : {}) };
    // A number that passed the checks is never sent back in a page; an invalid one is, so it can be corrected.
    if ('errors' in checked || 'errors' in address) {
      const shown = errors.cardNumber ? values : { ...values, cardNumber: '' };
      return cardForm(reply, 422, visit, mode, { values: shown, errors, next, makeDefault });
    }
    const { number, ...card } = checked.card;
    const behaviour = behaviourOf(number);
    const pending: PendingCard = { card, billingAddress: address.address, chargeOutcome: behaviour.charge, next, mode, makeDefault, requiresAuthentication: behaviour.attach === '3ds' };
    if (behaviour.attach === '3ds') {
      services.portal.setPending(visit.session.id, pending);
      return reply.code(303).header('location', PortalPaths.threeDs).send();
    }
    if (behaviour.attach !== 'ok') return cardForm(reply, 402, visit, mode, { values: { ...values, cardNumber: '' }, alert: declineFor(behaviour.attach), next, makeDefault });
    return completeCardSave(reply, visit, pending);
  };

  for (const [path, mode] of [
    [PortalPaths.card, 'replace'],
    [PortalPaths.cardAdd, 'add'],
  ] as const) {
    app.get(path, hidden, async (request, reply) => cardForm(reply, 200, visitOf(services, request), mode, { next: nextOf(request) }));
    app.post(path, hidden, async (request, reply) => postCard(request, reply, mode));
  }

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
      return cardForm(reply, 402, visit, pending.mode, { alert: declineFor('authentication_failed'), next: pending.next, makeDefault: pending.makeDefault });
    }
    return completeCardSave(reply, visit, pending);
  });

  // Editing a saved card ------------------------------------------------------------

  const editParams = { schema: { hide: true, params: Type.Object({ id: Type.String() }) } } as const;

  const editForm = (reply: FastifyReply, status: number, visit: PortalVisit, card: CardRow, extra: { cardExpiry?: string; address?: AddressValues; errors?: CardFormErrors } = {}) => {
    const stored = card.billing_address === null ? billingAddressOf(visit.user) : (JSON.parse(card.billing_address) as Address);
    return sendPage(
      reply,
      status,
      cardEditPage({
        csrf: visit.session.csrf,
        card: toPaymentMethod(card, repo.defaultCard(visit.user)?.id ?? null),
        values: {
          cardExpiry: extra.cardExpiry ?? `${String(card.exp_month).padStart(2, '0')}/${String(card.exp_year).slice(-2)}`,
          address: extra.address ?? addressValuesOf(stored),
        },
        errors: extra.errors ?? {},
      }),
    );
  };

  /** Another account's card, a removed one and an unknown id all get the same page. */
  const cardNotFound = (reply: FastifyReply) =>
    sendPage(reply, 404, messagePage('Card not found', ['There is no such saved card on this account. It may have been removed.'], 'not_found'));

  app.get(routePattern(PortalPaths.cardEdit), editParams, async (request, reply) => {
    const visit = visitOf(services, request);
    const card = repo.activeCardOf(visit.user.id, request.params.id);
    return card ? editForm(reply, 200, visit, card) : cardNotFound(reply);
  });

  app.post(routePattern(PortalPaths.cardEdit), editParams, async (request, reply) => {
    const visit = postedVisitOf(services, request);
    const card = repo.activeCardOf(visit.user.id, request.params.id);
    if (!card) return cardNotFound(reply);
    const cardExpiry = formField(request.body, 'cardExpiry');
    const values = postedAddressValues(request.body);
    const expiry = checkExpiry(cardExpiry, clock.now());
    const address = checkAddress(values);
    if ('error' in expiry || 'errors' in address) {
      const errors: CardFormErrors = { ...('error' in expiry ? { cardExpiry: expiry.error } : {}), ...('errors' in address ? address.errors : {}) };
      return editForm(reply, 422, visit, card, { cardExpiry, address: values, errors });
    }
    const at = clock.now();
    const retry = repo.transaction(() => editCard(ctx, visit.user, card, { expMonth: expiry.expMonth, expYear: expiry.expYear, billingAddress: address.address }, at));
    services.engine.invalidate();
    const expires = `${String(expiry.expMonth).padStart(2, '0')}/${String(expiry.expYear).slice(-2)}`;
    return cardResult(reply, { session: visit.session, user: repo.userById(visit.user.id)! }, 'card_updated', `Your ${cardName(card)} is updated: it expires ${expires}.`, retry, 'add');
  });
}
