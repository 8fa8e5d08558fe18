/**
 * The "emails" the service would send, recorded in the outbox
 * (GET /sandbox/outbox). One function per kind so the wording lives in one place.
 */
import type { OutboxKind } from '../../shared/contract/sandboxAdmin';
import { formatCredits } from '../../shared/credits';
import { brandName, type Decline } from './cards';
import { formatUsd } from './money';
import type { CardRow, InvoiceRow, Repository, UserRow } from './repository';
import { formatDate } from './time';

function record(repo: Repository, user: UserRow, kind: OutboxKind, at: number, subject: string, body: string): void {
  repo.insertOutbox({ user_id: user.id, kind, subject, body, created_at: at });
}

function cardWords(card: CardRow | undefined): string {
  if (!card) return 'your card';
  return `your ${card.brand === 'unknown' ? 'card' : brandName(card.brand)} ending in ${card.last4}`;
}

export const notify = {
  invoiceIssued(repo: Repository, user: UserRow, invoice: InvoiceRow, at: number, planName = 'Pro'): void {
    record(
      repo,
      user,
      'invoice_issued',
      at,
      `Invoice ${invoice.number} for ${formatUsd(invoice.total)}`,
      `Your invoice ${invoice.number} for ${formatUsd(invoice.total)} (${planName}, ${formatDate(invoice.period_start)} to ${formatDate(invoice.period_end)}) is ready.`,
    );
  },

  paymentSucceeded(repo: Repository, user: UserRow, invoice: InvoiceRow, card: CardRow | undefined, at: number): void {
    record(
      repo,
      user,
      'payment_succeeded',
      at,
      `Payment received: ${formatUsd(invoice.total)}`,
      `Thank you. We charged ${formatUsd(invoice.total)} to ${cardWords(card)} for invoice ${invoice.number}.`,
    );
  },

  paymentFailed(repo: Repository, user: UserRow, invoice: InvoiceRow, decline: Decline, nextRetryAt: number | null, at: number): void {
    const retry = nextRetryAt === null ? 'We will not retry this payment automatically.' : `We will try again on ${formatDate(nextRetryAt)}.`;
    record(
      repo,
      user,
      'payment_failed',
      at,
      `Your payment of ${formatUsd(invoice.total - invoice.amount_paid)} failed`,
      `We could not charge your card for invoice ${invoice.number}: ${decline.message} Your Pro features are paused until the payment succeeds. ${retry} ` +
        'Update your payment method or pay the outstanding balance to restore access at once.',
    );
  },

  accessRestored(repo: Repository, user: UserRow, at: number): void {
    record(repo, user, 'access_restored', at, 'Your Pro access is restored', 'Your payment went through and every Pro feature is available again.');
  },

  trialEnding(repo: Repository, user: UserRow, trialEnd: number, hasCard: boolean, at: number): void {
    const next = hasCard
      ? 'We will charge your card on file for the first month of Pro then.'
      : 'Add a card before then to keep Pro; otherwise your account returns to the Free plan.';
    record(repo, user, 'trial_ending', at, `Your Pro trial ends on ${formatDate(trialEnd)}`, `Your free trial of Pro ends on ${formatDate(trialEnd)}. ${next}`);
  },

  cardExpiring(repo: Repository, user: UserRow, card: CardRow, renewalAt: number, at: number): void {
    const words = cardWords(card);
    record(
      repo,
      user,
      'card_expiring',
      at,
      `Your card ending in ${card.last4} expires soon`,
      `${words[0]!.toUpperCase()}${words.slice(1)} expires at the end of ${String(card.exp_month).padStart(2, '0')}/${card.exp_year}, ` +
        `before your next renewal on ${formatDate(renewalAt)}. Update your payment method to avoid an interruption.`,
    );
  },

  /** A usage alert, sent at most once per period (billing/usage.ts). */
  usageAlert(
    repo: Repository,
    user: UserRow,
    kind: 'usage_80' | 'credits_exhausted' | 'overage_started' | 'cap_reached',
    figures: { capCents: number; accruedCents: number; periodEnd: number },
    at: number,
  ): void {
    const resets = `Your credits reset on ${formatDate(figures.periodEnd)}.`;
    const texts: Record<typeof kind, [string, string]> = {
      usage_80: ['You have used 80% of your credits', `You have used 80% of this period's credits. ${resets}`],
      credits_exhausted: ['You have used all your credits', `You have used all of this period's credits. Turn on overage or upgrade to keep using credit-based features. ${resets}`],
      overage_started: ['Overage has started', `Your plan's credits are used up, so further usage is billed as overage on your next invoice, up to your spend cap of ${formatUsd(figures.capCents)}.`],
      cap_reached: [
        'Your overage spend cap is reached',
        `Your overage has reached its spend cap of ${formatUsd(figures.capCents)} (${formatUsd(figures.accruedCents)} used). Raise the cap to keep using credit-based features. ${resets}`,
      ],
    };
    const [subject, body] = texts[kind];
    record(repo, user, kind, at, subject, body);
  },

  creditsReset(repo: Repository, user: UserRow, includedHundredths: number, at: number): void {
    const amount = formatCredits(includedHundredths, 'en-US');
    record(repo, user, 'credits_reset', at, 'Your credits have been reset', `A new billing period has started with ${amount} credits included in your plan.`);
  },

  planChanged(repo: Repository, user: UserRow, planName: string, interval: 'month' | 'year', at: number): void {
    record(repo, user, 'plan_changed', at, `You are now on ${planName}`, `Your plan changed to ${planName}, billed ${interval === 'year' ? 'yearly' : 'monthly'}. Its features are available now.`);
  },

  downgradeScheduled(repo: Repository, user: UserRow, planName: string, effectiveAt: number, at: number): void {
    record(
      repo,
      user,
      'downgrade_scheduled',
      at,
      `Your plan changes to ${planName} on ${formatDate(effectiveAt)}`,
      `As you asked, your plan changes to ${planName} on ${formatDate(effectiveAt)}. Until then you keep everything you have now.`,
    );
  },

  cancellationScheduled(repo: Repository, user: UserRow, planName: string, endsAt: number, at: number): void {
    record(
      repo,
      user,
      'cancellation_scheduled',
      at,
      `Your ${planName} subscription ends on ${formatDate(endsAt)}`,
      `As you asked, your ${planName} subscription will not renew. It stays on until ${formatDate(endsAt)}; after that you are on the Free plan.`,
    );
  },

  resumed(repo: Repository, user: UserRow, planName: string, at: number): void {
    record(repo, user, 'subscription_resumed', at, `Your ${planName} subscription continues`, `Your ${planName} subscription renews as usual again.`);
  },

  subscriptionEnded(repo: Repository, user: UserRow, reason: 'canceled_at_period_end' | 'trial_without_card' | 'retries_exhausted' | 'unpaid', at: number): void {
    const texts: Record<typeof reason, [OutboxKind, string, string]> = {
      canceled_at_period_end: ['subscription_canceled', 'Your Pro subscription has ended', 'As you asked, your Pro subscription ended at the end of the billing period. You are now on the Free plan.'],
      trial_without_card: ['subscription_canceled', 'Your Pro trial has ended', 'Your trial ended and there was no card on file, so your account is back on the Free plan.'],
      retries_exhausted: [
        'subscription_canceled',
        'Your Pro subscription was canceled',
        'We could not collect your payment after several attempts, so your subscription was canceled. Pay the outstanding balance to reactivate it.',
      ],
      unpaid: [
        'payment_failed',
        'Final payment attempt failed: subscription unpaid',
        'We could not collect your payment after several attempts. Your subscription is unpaid and Pro features stay off until you pay the outstanding balance.',
      ],
    };
    const [kind, subject, body] = texts[reason];
    record(repo, user, kind, at, subject, body);
  },
};
