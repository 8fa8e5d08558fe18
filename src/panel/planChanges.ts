/**
 * Plan changes in the Manage Plan panel (journey 15 of docs/journeys.md): the
 * catalogue, a preview (charges nothing), its confirmation, cancel with a
 * reason, resume, and keeping the plan instead of a scheduled downgrade. One
 * action at a time; after each one that worked the account store refreshes
 * (account and entitlements), so the status bar, context keys and gate follow
 * without a reload. Free of VS Code.
 */
import { type AccountSummary } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type CancelSubscriptionRequest, type PlanChangeTarget, type SubscriptionChangePreview } from '../../shared/contract/plans';
import { type PlanAction, type PlanOutcome, type PlansView } from '../../shared/panelProtocol';
import { type ApiClient } from '../api/apiClient';
import { errorMessage, toApiError } from '../api/apiError';
import { type AccountRefresher } from '../account/accountInterfaces';
import { NO_PLANS } from '../account/panelViewState';

export interface PlanChangesDeps {
  readonly client: Pick<
    ApiClient,
    'listPlans' | 'previewSubscriptionChange' | 'changeSubscription' | 'cancelSubscription' | 'resumeSubscription' | 'keepCurrentPlan'
  >;
  readonly account: AccountRefresher;
  /** Called whenever `view` changed. */
  readonly onChange: () => void;
}

/** The answer to a preview the user has since replaced with another. */
class SupersededPreview extends Error {}

export class PlanChanges {
  private state: PlansView = NO_PLANS;
  /** Incremented by reset(): an answer that arrives after a sign-out is dropped. */
  private epoch = 0;
  /** The latest preview asked for; an older one's answer is dropped. */
  private previewSeq = 0;

  constructor(private readonly deps: PlanChangesDeps) {}

  get view(): PlansView {
    return this.state;
  }

  /** The preview shown, when `previewId` is its id (a confirmation names what the host fetched, nothing else). */
  previewFor(previewId: string): SubscriptionChangePreview | undefined {
    return this.state.preview?.id === previewId ? this.state.preview : undefined;
  }

  /** Fetches the catalogue (again: the current plan and prices may have changed). */
  async loadCatalogue(): Promise<void> {
    if (this.state.loading) return;
    const epoch = this.epoch;
    this.set({ loading: true, error: null });
    try {
      const catalogue = await this.deps.client.listPlans();
      if (epoch === this.epoch) this.set({ catalogue, loading: false });
    } catch (caught) {
      const error = toApiError(caught);
      if (epoch === this.epoch) this.set({ loading: false, error: { kind: error.kind, message: errorMessage(error) } });
    }
  }

  /** Asks what a change would do; a newer preview replaces one still in flight (the last tier chosen wins). */
  async preview(target: PlanChangeTarget): Promise<void> {
    if (this.state.busy && this.state.busy !== 'preview') return;
    const seq = ++this.previewSeq;
    await this.run('preview', { target: { planId: target.planId, interval: target.interval }, preview: null }, async () => {
      const preview = await this.deps.client.previewSubscriptionChange(target);
      if (seq !== this.previewSeq) throw new SupersededPreview();
      return { preview };
    });
  }

  /** Applies the preview shown; false when `previewId` is not it (the caller drops the message). */
  async confirm(previewId: string): Promise<boolean> {
    const preview = this.previewFor(previewId);
    if (!preview) return false;
    if (this.state.busy) return true;
    await this.run('change', {}, async () => {
      const result = await this.deps.client.changeSubscription({ planId: preview.to.planId, interval: preview.to.interval, previewId: preview.id });
      const sub = result.subscription;
      const outcome: PlanOutcome =
        result.outcome === 'requires_payment' && result.pendingPlanChange
          ? { kind: 'requiresPayment', pending: result.pendingPlanChange }
          : result.outcome === 'scheduled'
            ? {
                kind: 'scheduled',
                planId: sub?.scheduledChange?.to.planId ?? preview.to.planId,
                effectiveAt: sub?.scheduledChange?.effectiveAt ?? preview.effectiveAt,
              }
            : { kind: 'applied', planId: sub?.planId ?? preview.to.planId, interval: sub?.interval ?? preview.to.interval };
      return { outcome, preview: null };
    }, true);
    return true;
  }

  async cancel(reason: CancelSubscriptionRequest['reason']): Promise<void> {
    if (this.state.busy) return;
    await this.run('cancel', {}, async () => {
      const subscription = await this.deps.client.cancelSubscription(reason ? { reason } : {});
      return { outcome: { kind: 'canceled', endsAt: subscription.currentPeriodEnd } };
    }, true);
  }

  async resume(): Promise<void> {
    if (this.state.busy) return;
    await this.run('resume', {}, async () => {
      await this.deps.client.resumeSubscription();
      return { outcome: { kind: 'resumed' } };
    }, true);
  }

  async keep(): Promise<void> {
    if (this.state.busy) return;
    await this.run('keep', {}, async () => {
      const subscription = await this.deps.client.keepCurrentPlan();
      const planId: PlanId = subscription.planId;
      return { outcome: { kind: 'kept', planId } };
    }, true);
  }

  /**
   * The account as the store sees it now: a change that waited for payment
   * and is no longer pending was paid (the plan is its target: applied) or
   * lapsed (nothing to show any more).
   */
  accountChanged(account: AccountSummary | null): void {
    const outcome = this.state.outcome;
    if (outcome?.kind !== 'requiresPayment' || account?.pendingPlanChange) return;
    const { to } = outcome.pending;
    this.set({ outcome: account?.plan.id === to.planId ? { kind: 'applied', planId: to.planId, interval: to.interval } : null });
    if (account?.plan.id === to.planId) void this.loadCatalogue();
  }

  /** Leaves the preview, outcome or refusal (the catalogue stays). */
  dismiss(): void {
    if (this.state.busy) return;
    this.set({ target: null, preview: null, outcome: null, refusal: null });
  }

  /** Forgets everything (sign-out, another account). */
  reset(): void {
    this.epoch += 1;
    this.state = NO_PLANS;
  }

  /**
   * Runs one action: `busy` while it runs, its result merged in, or its
   * refusal with the problem code. A change to the subscription refreshes
   * the account (and entitlements) and the catalogue's current plan.
   */
  private async run(action: PlanAction, start: Partial<PlansView>, call: () => Promise<Partial<PlansView>>, changesSubscription = false): Promise<void> {
    const epoch = this.epoch;
    this.set({ ...start, busy: action, outcome: null, refusal: null });
    try {
      const result = await call();
      if (epoch !== this.epoch) return;
      this.set({ ...result, busy: null });
      if (changesSubscription) {
        await this.deps.account.refresh('manual');
        if (epoch === this.epoch) await this.loadCatalogue();
      }
    } catch (caught) {
      // Reset since, or a newer preview owns the view now.
      if (epoch !== this.epoch || caught instanceof SupersededPreview) return;
      const error = toApiError(caught);
      this.set({ busy: null, refusal: { action, code: error.details.problemCode ?? null, message: errorMessage(error) } });
      // A refused change usually means the subscription moved on (stale preview, a cancellation elsewhere): show it as it is.
      if (changesSubscription && error.details.problemCode) void this.deps.account.refresh('manual');
    }
  }

  private set(patch: Partial<PlansView>): void {
    this.state = { ...this.state, ...patch };
    this.deps.onChange();
  }
}
