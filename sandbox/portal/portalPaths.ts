/**
 * Paths of the hosted portal's pages, the sandbox's own (they are not part of
 * the Billing API). Routes, page links and redirects all take them from here;
 * templates use `{name}` segments like the contract's path table.
 */
export const PortalPaths = {
  /** Every portal page is below it: the Path of the portal cookie. */
  root: '/portal',
  /** The single-use link a portal session hands out. */
  session: '/portal/s/{secret}',
  /** A new card that replaces the default (payment_method_update without a card named). */
  card: '/portal/card',
  threeDs: '/portal/card/3ds',
  /** A new card beside the others (payment_method_add). */
  cardAdd: '/portal/cards/new',
  /** A saved card's expiry and billing address (payment_method_update with paymentMethodId). */
  cardEdit: '/portal/cards/{id}',
  pay: '/portal/pay',
  /** Paying an upgrade that waits for the cardholder (plan_change_payment). */
  planChange: '/portal/plan-change',
  planChangeThreeDs: '/portal/plan-change/3ds',
  manage: '/portal/manage',
  upgrade: '/portal/upgrade',
  cancel: '/portal/cancel',
  resume: '/portal/resume',
  invoicePdf: '/portal/invoices/{id}/pdf',
  /** The one stylesheet of every page, portal or not. */
  stylesheet: '/portal/assets/portal.css',
} as const;

/** Where a card flow goes after the card is saved, carried in the card form's query string. */
export type CardNext = 'upgrade' | 'pay' | 'plan_change';

/** The card form (replacing the default card, or with `add` beside the others), continuing with `next` once the card is saved. */
export function cardFormPath(next?: CardNext, mode: 'replace' | 'add' = 'replace'): string {
  const path = mode === 'add' ? PortalPaths.cardAdd : PortalPaths.card;
  return next ? `${path}?next=${next}` : path;
}
