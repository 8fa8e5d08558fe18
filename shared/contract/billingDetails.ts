/**
 * Billing API v1: billing details (PUT /v1/billing-details) — name, address and
 * tax IDs. Semantic checks (country codes, tax ID formats) answer 422 with
 * field errors; the shapes here are what every request must have.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common';
import { MAX_TAX_IDS, TAX_ID_TYPES, type TaxIdType as TaxIdTypeName } from '../taxIds';

/** Tax ID types accepted by the service (Stripe's names); their labels are in shared/taxIds.ts. */
export const TaxIdType = Type.Union(TAX_ID_TYPES.map((type) => Type.Literal(type)));
export type TaxIdType = TaxIdTypeName;

export const TaxId = Type.Object(
  {
    type: TaxIdType,
    value: Type.String({ maxLength: 64 }),
  },
  { $id: 'TaxId', additionalProperties: false },
);
export type TaxId = Static<typeof TaxId>;

export const Address = Type.Object(
  {
    line1: Type.String({ maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ maxLength: 100 }),
    state: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.String({ maxLength: 20 }),
    /** ISO 3166-1 alpha-2, upper case (shared/countries.ts). */
    country: Type.String({ maxLength: 2 }),
  },
  { $id: 'Address', additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const BillingDetails = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 320 }),
    address: Nullable(Address),
    taxIds: Type.Array(TaxId, { maxItems: MAX_TAX_IDS }),
  },
  { $id: 'BillingDetails', additionalProperties: false },
);
export type BillingDetails = Static<typeof BillingDetails>;

/** Body of PUT /v1/billing-details. */
export const BillingDetailsInput = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    address: Address,
    taxIds: Type.Array(TaxId, { maxItems: MAX_TAX_IDS }),
  },
  { $id: 'BillingDetailsInput', additionalProperties: false },
);
export type BillingDetailsInput = Static<typeof BillingDetailsInput>;
