/** Billing API v1: hosted portal sessions (POST /v1/portal-sessions), short-lived and single-use. */
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common';

/**
 * What the portal session is for: add a card; update a card (the one named by
 * paymentMethodId — its expiry and billing address — or, without one, replace
 * the default card); pay what is owed; complete the payment of a plan change
 * waiting for the cardholder (AccountSummary.pendingPlanChange: 3-D Secure, a
 * declined card, or a first card from Free); or the portal's overview.
 */
export const PortalFlow = Type.Union([
  Type.Literal('payment_method_add'),
  Type.Literal('payment_method_update'),
  Type.Literal('pay_outstanding_balance'),
  Type.Literal('plan_change_payment'),
  Type.Literal('manage'),
]);
export type PortalFlow = Static<typeof PortalFlow>;

export const PortalSessionRequest = Type.Object(
  {
    flow: PortalFlow,
    /** Where the portal sends the browser when the user is done (e.g. the extension's URI handler). */
    returnUrl: Type.String({ maxLength: 2048 }),
    /** For payment_method_update: the saved card to edit. */
    paymentMethodId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { $id: 'PortalSessionRequest', additionalProperties: false },
);
export type PortalSessionRequest = Static<typeof PortalSessionRequest>;

export const PortalSession = Type.Object(
  {
    url: Type.String(),
    expiresAt: Timestamp,
  },
  { $id: 'PortalSession', additionalProperties: false },
);
export type PortalSession = Static<typeof PortalSession>;
