/**
 * Billing API v1: saved payment methods (docs/contract.md). Cards are added
 * and edited only in the hosted portal (flows payment_method_add and
 * payment_method_update); the editor lists them, picks the default and
 * removes one, which involve no card data.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Address } from './billingDetails';
import { Nullable, Timestamp } from './common';

export const CardBrand = Type.Union([
  Type.Literal('visa'),
  Type.Literal('mastercard'),
  Type.Literal('amex'),
  Type.Literal('discover'),
  Type.Literal('diners'),
  Type.Literal('jcb'),
  Type.Literal('unionpay'),
  Type.Literal('unknown'),
]);
export type CardBrand = Static<typeof CardBrand>;

export const CardFunding = Type.Union([Type.Literal('credit'), Type.Literal('debit'), Type.Literal('prepaid'), Type.Literal('unknown')]);
export type CardFunding = Static<typeof CardFunding>;

export const PaymentMethod = Type.Object(
  {
    id: Type.String(),
    brand: CardBrand,
    last4: Type.String({ pattern: '^[0-9]{4}$' }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
    expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
    funding: CardFunding,
    cardholderName: Type.String(),
    /** The card's billing address (entered with the card in the portal). */
    billingAddress: Nullable(Address),
    /** Renewals and automatic retries charge this card. */
    isDefault: Type.Boolean(),
    created: Timestamp,
  },
  { $id: 'PaymentMethod', additionalProperties: false },
);
export type PaymentMethod = Static<typeof PaymentMethod>;

/** GET /v1/payment-methods: every saved card, the default first, then newest first. */
export const PaymentMethodList = Type.Object({ data: Type.Array(PaymentMethod) }, { $id: 'PaymentMethodList', additionalProperties: false });
export type PaymentMethodList = Static<typeof PaymentMethodList>;
