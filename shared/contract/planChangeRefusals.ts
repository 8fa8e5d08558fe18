/** Why a plan change is refused: the problem `code`s of the plan-change routes (plain constants, no schema library). */

/**
 * Problem `code`s of plan-change refusals (4xx; nothing charged, nothing
 * changed). The panel words each one (shared/planChangeWording.ts).
 */
export const PlanChangeRefusals = {
  /** The plan and interval the subscription is already on (undo a scheduled downgrade with DELETE scheduled-change instead). 409. */
  samePlan: 'same_plan',
  /** Free is reached by canceling, not by a change. 409. */
  useCancel: 'use_cancel',
  /** A cancellation is scheduled: resume first. 409. */
  cancellationScheduled: 'cancellation_scheduled',
  /** Past due or unpaid: pay the balance first. 409. */
  paymentOverdue: 'payment_overdue',
  /** The subscription changed since the preview (plan, price, period or a newer preview applied). 409. */
  previewStale: 'preview_stale',
  /** Past the preview's expiresAt. 409. */
  previewExpired: 'preview_expired',
  /** No such preview for this account (unknown or another account's id). 404. */
  previewNotFound: 'preview_not_found',
  /** The change request names another plan or interval than its preview. 409. */
  previewMismatch: 'preview_mismatch',
  /** Cancel: nothing renews (Free, or already canceling, or ended). 409. */
  nothingToCancel: 'nothing_to_cancel',
  /** Resume: no cancellation is scheduled. 409. */
  notCanceling: 'not_canceling',
  /** DELETE scheduled-change: nothing is scheduled. 409. */
  noScheduledChange: 'no_scheduled_change',
} as const;
export type PlanChangeRefusal = (typeof PlanChangeRefusals)[keyof typeof PlanChangeRefusals];
