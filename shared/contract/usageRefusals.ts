/** Why usage is refused: the problem `code`s of the usage routes (plain constants, no schema library). */

/** Problem `code`s of usage refusals (docs/contract.md). */
export const UsageRefusals = {
  /** 402: plan and bonus credits are used up and overage is off (or on Free). */
  creditsExhausted: 'credits_exhausted',
  /** 402: the event's overage would pass the spend cap. */
  spendCapReached: 'spend_cap_reached',
  /** 409: the eventId was used before with different content. */
  eventIdReused: 'event_id_reused',
  /** 422: occurredAt lies before the current period (closed) or in the future. */
  periodClosed: 'period_closed',
  /** 400: the feature is not a key of the catalogue. */
  unknownFeature: 'unknown_feature',
  /** 409: overage is not offered on Free. */
  overageUnavailable: 'overage_unavailable',
  /** 422: the cap is below what the period has already accrued. */
  capBelowAccrued: 'cap_below_accrued',
} as const;
export type UsageRefusal = (typeof UsageRefusals)[keyof typeof UsageRefusals];
