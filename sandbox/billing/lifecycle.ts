/**
 * The lifecycle engine: finds every billing event that is due by the billing
 * clock and runs them in time order, each in its own transaction, each at its
 * own scheduled time (so advancing the clock by 60 days dates two renewals
 * correctly). Events: renewal / trial conversion / cancel at period end,
 * payment retries, end of dunning (canceled or unpaid), incomplete expiry,
 * trial-ending and card-expiring notices.
 */
import type { BillingContext } from './context';
import { finalizeInvoice } from './invoices';
import { notify } from './notifications';
import { attemptInvoice } from './payments';
import { applyScheduledChange, lapsePendingChange } from './planChanges';
import { monthsOf, planLineDescription, PLANS } from './plans';
import type { SubscriptionRow } from './repository';
import { renewUsage } from './usage';
import { cardExpiresBefore } from '../../shared/cards';
import { addMonths, DAY, HOUR } from './time';

interface DueEvent {
  readonly at: number;
  readonly name: string;
  readonly run: (at: number) => void;
}

/** Guards against a runaway loop (e.g. a period of zero length); far above any real advance. */
const MAX_EVENTS_PER_RUN = 100_000;

export class LifecycleEngine {
  /** Billing time of the earliest pending event; requests run the engine only once it is reached. */
  private nextDueAt = -Infinity;

  constructor(private readonly ctx: BillingContext) {}

  /** Something changed outside the engine (card, state, clock): look for events again on the next request. */
  invalidate(): void {
    this.nextDueAt = -Infinity;
  }

  /** Cheap check for every request. */
  runIfDue(): void {
    if (this.ctx.clock.now() >= this.nextDueAt) this.run();
  }

  /** Runs every event due by the billing clock's now. Returns how many ran. */
  run(): number {
    const now = this.ctx.clock.now();
    let ran = 0;
    for (;;) {
      const events = this.collect();
      let next: DueEvent | undefined;
      for (const e of events) if (!next || e.at < next.at) next = e;
      if (!next || next.at > now) {
        this.nextDueAt = next ? next.at : Infinity;
        return ran;
      }
      if (++ran > MAX_EVENTS_PER_RUN) throw new Error(`lifecycle engine: more than ${MAX_EVENTS_PER_RUN} events in one run (last: ${next.name})`);
      const event = next;
      this.ctx.repo.transaction(() => event.run(event.at));
    }
  }

  private collect(): DueEvent[] {
    const { repo, config } = this.ctx;
    const events: DueEvent[] = [];
    const subsById = new Map<string, SubscriptionRow>();
    for (const sub of repo.allSubscriptions()) {
      subsById.set(sub.id, sub);
      if (sub.status === 'trialing' || sub.status === 'active') {
        events.push({ at: sub.current_period_end, name: `period end ${sub.id}`, run: (at) => this.periodEnd(sub, at) });
      }
      if (sub.status === 'trialing' && sub.trial_end !== null && sub.trial_notice_sent === 0) {
        const at = Math.max(sub.trial_end - config.trialNoticeDays * DAY, sub.created_at);
        events.push({ at, name: `trial notice ${sub.id}`, run: (t) => this.trialNotice(sub, t) });
      }
      if ((sub.status === 'trialing' || sub.status === 'active') && sub.cancel_at_period_end === 0) {
        const user = repo.userById(sub.user_id)!;
        const card = repo.defaultCard(user);
        if (card && cardExpiresBefore({ expMonth: card.exp_month, expYear: card.exp_year }, sub.current_period_end)) {
          const key = `${card.id}@${sub.current_period_end}`;
          if (sub.card_notice_key !== key) {
            const at = Math.max(sub.current_period_start, card.created_at);
            events.push({
              at,
              name: `card notice ${sub.id}`,
              run: (t) => {
                notify.cardExpiring(repo, user, card, sub.current_period_end, t);
                repo.updateSubscription(sub.id, { card_notice_key: key });
              },
            });
          }
        }
      }
      if (sub.status === 'incomplete') {
        events.push({ at: sub.created_at + config.incompleteExpiryHours * HOUR, name: `incomplete expiry ${sub.id}`, run: (at) => this.expireIncomplete(sub, at) });
      }
    }
    for (const pending of repo.allPendingChanges()) {
      events.push({ at: pending.expires_at, name: `pending change lapses ${pending.user_id}`, run: () => lapsePendingChange(this.ctx, pending.user_id) });
    }
    for (const invoice of repo.allOpenInvoices()) {
      const sub = invoice.subscription_id ? subsById.get(invoice.subscription_id) : undefined;
      if (!sub || sub.status !== 'past_due') continue;
      if (invoice.next_retry_at !== null) {
        events.push({ at: invoice.next_retry_at, name: `retry ${invoice.id}`, run: (at) => attemptInvoice(this.ctx, invoice.id, at, 'retry') });
      } else if (invoice.dunning_ends_at !== null) {
        events.push({ at: invoice.dunning_ends_at, name: `dunning end ${invoice.id}`, run: (at) => this.endDunning(sub, at) });
      }
    }
    return events;
  }

  private periodEnd(sub: SubscriptionRow, at: number): void {
    const { repo } = this.ctx;
    const user = repo.userById(sub.user_id)!;
    if (sub.cancel_at_period_end === 1) {
      repo.updateSubscription(sub.id, { status: 'canceled', canceled_at: sub.canceled_at ?? at, ended_at: at });
      notify.subscriptionEnded(repo, user, 'canceled_at_period_end', at);
      this.billFinalOverage(sub, at);
      return;
    }
    if (sub.status === 'trialing' && !repo.defaultCard(user)) {
      repo.updateSubscription(sub.id, { status: 'canceled', canceled_at: at, ended_at: at });
      notify.subscriptionEnded(repo, user, 'trial_without_card', at);
      this.billFinalOverage(sub, at);
      return;
    }
    // A change waiting for payment prorated the period that ends now: it lapses.
    lapsePendingChange(this.ctx, user.id);
    // A scheduled downgrade takes effect first, so the renewal is at the new price (and, year → month, anchored here).
    const renewing = applyScheduledChange(this.ctx, sub, at);
    const periodStart = renewing.current_period_end;
    const periodEnd = addMonths(periodStart, monthsOf(renewing.interval));
    repo.updateSubscription(sub.id, { current_period_start: periodStart, current_period_end: periodEnd });
    // Credits start again with the new period; the overage of the one that ended is billed on this invoice.
    const overage = renewUsage(this.ctx, user, at);
    const invoice = finalizeInvoice(this.ctx, user, {
      subscriptionId: sub.id,
      status: 'open',
      created: at,
      periodStart,
      periodEnd,
      amount: renewing.price_amount,
      description: planLineDescription(renewing.plan_id, renewing.interval),
      extraLines: overage ? [{ kind: 'overage', ...overage }] : [],
    });
    notify.invoiceIssued(repo, user, invoice, at, PLANS[renewing.plan_id].name);
    // Success turns a trial into active; failure makes it past_due (payments.ts).
    attemptInvoice(this.ctx, invoice.id, at, 'renewal');
  }

  /**
   * A subscription ended at its period end: the overage of its last period is billed on an invoice
   * of its own. It belongs to no subscription, so paying it later does not reactivate one, and a
   * decline leaves a balance to pay in the portal rather than a retry schedule.
   */
  private billFinalOverage(sub: SubscriptionRow, at: number): void {
    const { repo } = this.ctx;
    const user = repo.userById(sub.user_id)!;
    const overage = renewUsage(this.ctx, user, at);
    if (!overage) return;
    const invoice = finalizeInvoice(this.ctx, user, {
      subscriptionId: null,
      status: 'open',
      created: at,
      periodStart: overage.periodStart,
      periodEnd: overage.periodEnd,
      amount: overage.amountCents,
      lines: [{ kind: 'overage', ...overage }],
    });
    notify.invoiceIssued(repo, user, invoice, at, PLANS[sub.plan_id].name);
    const result = attemptInvoice(this.ctx, invoice.id, at, 'pay_now');
    if (!result.paid) repo.updateInvoice(invoice.id, { next_retry_at: null, dunning_ends_at: null });
  }

  private trialNotice(sub: SubscriptionRow, at: number): void {
    const { repo } = this.ctx;
    const user = repo.userById(sub.user_id)!;
    notify.trialEnding(repo, user, sub.trial_end!, repo.defaultCard(user) !== undefined, at);
    repo.updateSubscription(sub.id, { trial_notice_sent: 1 });
  }

  /** The last retry failed (or a hard decline's retry window passed): canceled or unpaid, the debt stays payable. */
  private endDunning(sub: SubscriptionRow, at: number): void {
    const { repo, config } = this.ctx;
    const user = repo.userById(sub.user_id)!;
    for (const open of repo.outstandingInvoices(user.id)) {
      if (open.status === 'open') repo.updateInvoice(open.id, { status: 'uncollectible', next_retry_at: null });
    }
    if (config.afterRetries === 'unpaid') {
      repo.updateSubscription(sub.id, { status: 'unpaid' });
      notify.subscriptionEnded(repo, user, 'unpaid', at);
    } else {
      repo.updateSubscription(sub.id, { status: 'canceled', canceled_at: at, ended_at: at });
      notify.subscriptionEnded(repo, user, 'retries_exhausted', at);
    }
  }

  private expireIncomplete(sub: SubscriptionRow, at: number): void {
    const { repo } = this.ctx;
    for (const open of repo.outstandingInvoices(sub.user_id)) {
      if (open.subscription_id === sub.id) repo.updateInvoice(open.id, { status: 'void', next_retry_at: null });
    }
    repo.updateSubscription(sub.id, { status: 'incomplete_expired', ended_at: at });
  }
}
