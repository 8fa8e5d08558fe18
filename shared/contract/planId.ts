/** The plan tiers' ids (a module of its own so the usage and account contracts can both use it). */
import { Type, type Static } from '@sinclair/typebox';

export const PlanId = Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('pro_plus'), Type.Literal('power')]);
export type PlanId = Static<typeof PlanId>;
