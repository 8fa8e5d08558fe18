/**
 * Saved cards (docs/lifecycle.md#saved-cards): an account has any number of
 * them, one the default. Renewals and automatic retries charge the default, so
 * whenever the default changes — a card saved as default, another card picked,
 * the default removed and another promoted, the default's expiry corrected —
 * whatever a past-due or incomplete subscription owes is tried on it at once.
 * Only brand, last 4, expiry, funding, the cardholder's name and the billing
 * address are kept; the number itself never reaches the database.
 */
import type { Address } from '../../shared/contract/billingDetails';
import type { PaymentMethod, PaymentMethodList } from '../../shared/contract/paymentMethods';
import type { ChargeOutcome } from '../../shared/contract/sandboxAdmin';
import type { CardOnFile, Decline } from './cards';
import type { BillingContext } from './context';
import { retryAfterCardChange } from './payments';
import { toPaymentMethod, type CardRow, type UserRow } from './repository';

/** What a retry at once collected, or null when nothing was owed (docs/lifecycle.md#recovery). */
export type RetryOutcome = { readonly paidCents: number; readonly decline: Decline | null } | null;

export interface NewCard {
  readonly card: CardOnFile;
  readonly billingAddress: Address | null;
  readonly chargeOutcome: ChargeOutcome;
  /** A card that asks for 3-D Secure on every payment (the plan-change payment waits for the cardholder). */
  readonly requiresAuthentication?: boolean;
}

/** Every saved card: the default first, then newest first. */
export function listPaymentMethods(ctx: BillingContext, user: UserRow): PaymentMethodList {
  const defaultId = ctx.repo.defaultCard(user)?.id ?? null;
  const cards = ctx.repo.cardsOf(user.id).map((card) => toPaymentMethod(card, defaultId));
  return { data: [...cards.filter((c) => c.isDefault), ...cards.filter((c) => !c.isDefault)] };
}

export function defaultPaymentMethod(ctx: BillingContext, user: UserRow): PaymentMethod | null {
  const card = ctx.repo.defaultCard(user);
  return card ? toPaymentMethod(card, card.id) : null;
}

function insert(ctx: BillingContext, user: UserRow, { card, billingAddress, chargeOutcome, requiresAuthentication }: NewCard, at: number): CardRow {
  return ctx.repo.insertCard(user.id, {
    brand: card.brand,
    last4: card.last4,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    funding: card.funding,
    cardholder_name: card.name,
    billing_address: billingAddress === null ? null : JSON.stringify(billingAddress),
    charge_outcome: chargeOutcome,
    created_at: at,
    requires_authentication: requiresAuthentication === true ? 1 : 0,
  });
}

/** The default changed: retries use the default, so what is owed is tried on it now. */
function defaultChanged(ctx: BillingContext, user: UserRow, at: number): RetryOutcome {
  return retryAfterCardChange(ctx, ctx.repo.userById(user.id)!, at);
}

/**
 * The portal's "update payment method" without a card named: the new card
 * replaces the default (which is removed); the other cards stay.
 */
export function replaceDefaultCard(ctx: BillingContext, user: UserRow, newCard: NewCard, at: number): { card: CardRow; retry: RetryOutcome } {
  const previous = ctx.repo.defaultCard(user);
  if (previous) ctx.repo.detachCard(previous.id, at);
  const card = insert(ctx, user, newCard, at);
  ctx.repo.setDefaultCard(user.id, card.id);
  return { card, retry: defaultChanged(ctx, user, at) };
}

/** "Add payment method": the first card is the default; a later one only when asked. */
export function addCard(ctx: BillingContext, user: UserRow, newCard: NewCard, makeDefault: boolean, at: number): { card: CardRow; isDefault: boolean; retry: RetryOutcome } {
  const card = insert(ctx, user, newCard, at);
  const isDefault = makeDefault || !ctx.repo.defaultCard(user);
  if (!isDefault) return { card, isDefault, retry: null };
  ctx.repo.setDefaultCard(user.id, card.id);
  return { card, isDefault, retry: defaultChanged(ctx, user, at) };
}

/**
 * Editing a saved card: a new expiry (the number is not entered again) and its
 * billing address. A corrected expiry on the default card is what an
 * `expired_card` decline waits for, so it is retried at once.
 */
export function editCard(
  ctx: BillingContext,
  user: UserRow,
  card: CardRow,
  changes: { readonly expMonth: number; readonly expYear: number; readonly billingAddress: Address | null },
  at: number,
): RetryOutcome {
  ctx.repo.updateCard(card.id, {
    exp_month: changes.expMonth,
    exp_year: changes.expYear,
    billing_address: changes.billingAddress === null ? null : JSON.stringify(changes.billingAddress),
  });
  return ctx.repo.defaultCard(user)?.id === card.id ? defaultChanged(ctx, user, at) : null;
}

export type CardChange = { readonly ok: true; readonly retry: RetryOutcome } | { readonly ok: false; readonly reason: 'not_found' | 'last_payment_method' };

/** POST /v1/payment-methods/{id}/default: a new default is tried at once when the account is past due. */
export function setDefaultCard(ctx: BillingContext, user: UserRow, cardId: string, at: number): CardChange {
  const card = ctx.repo.activeCardOf(user.id, cardId);
  if (!card) return { ok: false, reason: 'not_found' };
  if (ctx.repo.defaultCard(user)?.id === card.id) return { ok: true, retry: null };
  ctx.repo.setDefaultCard(user.id, card.id);
  return { ok: true, retry: defaultChanged(ctx, user, at) };
}

/** Whether the subscription will still charge a card: a renewal ahead, or retries of a past-due invoice. */
function stillCharges(ctx: BillingContext, user: UserRow): boolean {
  const sub = ctx.repo.subscriptionOf(user.id);
  if (!sub) return false;
  if (sub.status === 'past_due') return true;
  return (sub.status === 'active' || sub.status === 'trialing') && sub.cancel_at_period_end === 0;
}

/**
 * DELETE /v1/payment-methods/{id}. The only card of a subscription that still
 * charges cannot be removed (add another first). Removing the default
 * promotes the most recently added other card, which counts as a new default.
 */
export function removeCard(ctx: BillingContext, user: UserRow, cardId: string, at: number): CardChange {
  const { repo } = ctx;
  const card = repo.activeCardOf(user.id, cardId);
  if (!card) return { ok: false, reason: 'not_found' };
  const others = repo.cardsOf(user.id).filter((c) => c.id !== card.id);
  if (others.length === 0 && stillCharges(ctx, user)) return { ok: false, reason: 'last_payment_method' };
  const wasDefault = repo.defaultCard(user)?.id === card.id;
  repo.detachCard(card.id, at);
  if (!wasDefault) return { ok: true, retry: null };
  const promoted = others[0] ?? null;
  repo.setDefaultCard(user.id, promoted?.id ?? null);
  return { ok: true, retry: promoted ? defaultChanged(ctx, user, at) : null };
}
