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
  card: '/portal/card',
  threeDs: '/portal/card/3ds',
  pay: '/portal/pay',
  manage: '/portal/manage',
  upgrade: '/portal/upgrade',
  cancel: '/portal/cancel',
  resume: '/portal/resume',
  invoicePdf: '/portal/invoices/{id}/pdf',
  /** The one stylesheet of every page, portal or not. */
  stylesheet: '/portal/assets/portal.css',
} as const;

/** Where a card flow goes after the card is saved, carried in the card form's query string. */
export type CardNext = 'upgrade' | 'pay';

/** The card form, continuing with `next` once the card is saved. */
export function cardFormPath(next?: CardNext): string {
  return next ? `${PortalPaths.card}?next=${next}` : PortalPaths.card;
}
