/**
 * The Fastify instance type the route modules get: with ContractTypeProvider,
 * a handler's request.body, query and params have the Static types of the
 * route's TypeBox schemas.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

/**
 * Fastify's type-provider interface for the contract's TypeBox (@sinclair/typebox
 * 0.34). Not @fastify/type-provider-typebox: its current major targets TypeBox
 * 1.x ("typebox") and infers these schemas wrongly (a union of literals becomes
 * never). Replies stay untyped: some answers go out pre-serialized (ETag'd,
 * idempotent replays), and response schemas only document them.
 */
export interface ContractTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  readonly serializer: unknown;
}

export type SandboxApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ContractTypeProvider>;
