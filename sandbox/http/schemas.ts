/**
 * Contract schemas for Fastify: every named schema is registered once (so the
 * OpenAPI document gets one component per schema) and routes refer to them by
 * $ref; nested named schemas become refs too, because Ajv refuses the same $id
 * embedded twice.
 */
import { Type, type Static, type TUnsafe } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AccountSummary, PaymentFailure, PendingPlanChange, PlanAtPrice, ScheduledPlanChange, Subscription, UpcomingInvoice, User } from '../../shared/contract/account';
import { Address, BillingDetails, BillingDetailsInput, TaxId } from '../../shared/contract/billingDetails';
import { FieldError, Money, Problem } from '../../shared/contract/common';
import { EntitlementClaims, EntitlementsResponse, Jwk, Jwks } from '../../shared/contract/entitlements';
import { Invoice, InvoiceDetails, InvoiceLine, InvoiceList, PageQuery, Payment, PaymentCard, PaymentList, TaxLine } from '../../shared/contract/invoices';
import { OAuthError, RevokeRequest, TokenRequest, TokenResponse } from '../../shared/contract/oauth';
import { PaymentMethod, PaymentMethodList } from '../../shared/contract/paymentMethods';
import {
  CancelSubscriptionRequest,
  Plan,
  PlanCatalogue,
  PlanChangeTarget,
  PlanFeature,
  SubscriptionChangePreview,
  SubscriptionChangeRequest,
  SubscriptionChangeResult,
} from '../../shared/contract/plans';
import { PortalSession, PortalSessionRequest } from '../../shared/contract/portal';
import { BonusGrant, DailyUsage, OveragePool, PlanCreditsPool, Usage, UsageMeters, UsageEventRequest, UsageEventResult, UsagePeriodTotal, UsageSettingsRequest } from '../../shared/contract/usage';
import {
  ClockAdvanceRequest,
  ClockState,
  FaultList,
  FaultRequest,
  Outbox,
  OutboxMessage,
  SandboxAccount,
  SandboxAccountList,
  SandboxBonusGrantRequest,
  SandboxCardOutcomeRequest,
  SandboxRefundRequest,
  SandboxSessionRequest,
  SandboxSetStateRequest,
} from '../../shared/contract/sandboxAdmin';

/** Every named schema of the contract, for registering with the server and emitting OpenAPI components. */
const contractSchemas = [
  Money,
  FieldError,
  Problem,
  PlanAtPrice,
  ScheduledPlanChange,
  PendingPlanChange,
  Subscription,
  TaxId,
  Address,
  BillingDetails,
  BillingDetailsInput,
  PaymentMethod,
  PaymentMethodList,
  InvoiceLine,
  TaxLine,
  Invoice,
  PaymentCard,
  Payment,
  InvoiceDetails,
  PageQuery,
  InvoiceList,
  PaymentList,
  User,
  UpcomingInvoice,
  PaymentFailure,
  AccountSummary,
  PortalSessionRequest,
  PortalSession,
  PlanFeature,
  Plan,
  PlanCatalogue,
  PlanChangeTarget,
  SubscriptionChangePreview,
  SubscriptionChangeRequest,
  SubscriptionChangeResult,
  CancelSubscriptionRequest,
  PlanCreditsPool,
  BonusGrant,
  OveragePool,
  DailyUsage,
  UsagePeriodTotal,
  UsageMeters,
  Usage,
  UsageSettingsRequest,
  UsageEventRequest,
  UsageEventResult,
  EntitlementsResponse,
  EntitlementClaims,
  Jwk,
  Jwks,
  TokenRequest,
  TokenResponse,
  OAuthError,
  RevokeRequest,
  SandboxAccount,
  SandboxAccountList,
  SandboxSessionRequest,
  SandboxSetStateRequest,
  SandboxCardOutcomeRequest,
  SandboxRefundRequest,
  SandboxBonusGrantRequest,
  ClockAdvanceRequest,
  ClockState,
  FaultList,
  FaultRequest,
  OutboxMessage,
  Outbox,
] as const;

function toRefSchema(schema: unknown, root: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toRefSchema(s, false));
  if (schema !== null && typeof schema === 'object') {
    const obj = schema as Record<string, unknown>;
    if (!root && typeof obj.$id === 'string') return { $ref: `${obj.$id}#` };
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toRefSchema(v, false)]));
  }
  return schema;
}

export function registerContractSchemas(app: FastifyInstance): void {
  for (const schema of contractSchemas) app.addSchema(toRefSchema(schema, true) as { $id: string });
}

type ContractSchema = (typeof contractSchemas)[number];

/** A reference to a registered contract schema; its static type is the schema's, so handlers get typed bodies and queries. */
export function ref<T extends ContractSchema>(schema: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
}

/** Path parameters of the routes addressing a resource by id ({id} in the path table). */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Response documentation for the OpenAPI document: problem+json on the given statuses. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: ref(Problem) } } }]));
}
