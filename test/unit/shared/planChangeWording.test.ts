import { strict as assert } from 'node:assert';
import { type PendingPlanChange } from '../../../shared/contract/account';
import { type Money } from '../../../shared/contract/common';
import { type Plan, type SubscriptionChangePreview } from '../../../shared/contract/plans';
import { PlanChangeRefusals } from '../../../shared/contract/planChangeRefusals';
import { formatCredits } from '../../../shared/credits';
import { formatEnglish } from '../../../shared/l10n';
import { minorUnitsToDecimal } from '../../../shared/money';
import {
  annualSaving,
  cancelInWords,
  changeButtonLabel,
  confirmButtonLabel,
  creditsPerInterval,
  downgradeLossInWords,
  featuresLost,
  pendingHeadline,
  pendingReasonInWords,
  previewInWords,
  refusalActionLabel,
  refusalInWords,
  scheduledChangeInWords,
} from '../../../shared/planChangeWording';

const t = formatEnglish;
const usd = (amount: number): Money => ({ amount, currency: 'USD' });
const DATES: Record<string, string> = { '2027-01-01T09:00:00.000Z': 'Jan 1', '2026-12-15T09:00:00.000Z': 'Dec 15', '2027-12-01T09:00:00.000Z': 'Dec 1, 2027' };
const f = {
  money: (m: Money) => `${m.amount < 0 ? '-' : ''}$${minorUnitsToDecimal(Math.abs(m.amount), 2)}`,
  date: (iso: string) => DATES[iso] ?? iso,
  credits: (hundredths: number) => formatCredits(hundredths, 'en-US'),
};

const at = (planId: 'free' | 'pro' | 'pro_plus' | 'power', interval: 'month' | 'year', price: number) => ({
  planId,
  planName: { free: 'Free', pro: 'Pro', pro_plus: 'Pro+', power: 'Power' }[planId],
  interval,
  price: usd(price),
});

function preview(overrides: Partial<SubscriptionChangePreview> = {}): SubscriptionChangePreview {
  return {
    id: 'pv_1',
    from: at('pro', 'month', 2000),
    to: at('pro_plus', 'month', 4000),
    direction: 'upgrade',
    effectiveAt: '2026-12-10T09:00:00.000Z',
    lines: [],
    subtotal: usd(1342),
    taxLines: [],
    tax: usd(0),
    amountDueNow: usd(1342),
    nextInvoice: { date: '2027-01-01T09:00:00.000Z', amount: usd(4000) },
    includedCredits: '2000.00',
    expiresAt: '2026-12-10T09:30:00.000Z',
    ...overrides,
  };
}

describe('planChangeWording: previews', () => {
  it('upgrade: the prorated charge now, then the new price', () => {
    assert.equal(previewInWords(t, f, preview()), 'You pay $13.42 now for the rest of this period. From Jan 1 you pay $40.00 a month.');
    assert.equal(confirmButtonLabel(t, f, preview(), false), 'Confirm and pay $13.42');
  });

  it('upgrade with tax: the tax is said with the amount due', () => {
    const p = preview({ subtotal: usd(1082), tax: usd(260), amountDueNow: usd(1342) });
    assert.equal(previewInWords(t, f, p), 'You pay $13.42 (including $2.60 tax) now for the rest of this period. From Jan 1 you pay $40.00 a month.');
  });

  it('downgrade: nothing now, the lower price from the period end', () => {
    const p = preview({ from: at('pro_plus', 'month', 4000), to: at('pro', 'month', 2000), direction: 'downgrade', amountDueNow: usd(0), subtotal: usd(0), nextInvoice: { date: '2027-01-01T09:00:00.000Z', amount: usd(2000) } });
    assert.equal(previewInWords(t, f, p), 'Nothing is charged now. From Jan 1 you pay $20.00 a month for Pro.');
    assert.equal(confirmButtonLabel(t, f, p, false), 'Confirm downgrade');
  });

  it('from Free: the full price now and the renewal', () => {
    const p = preview({ from: at('free', 'month', 0), to: at('pro', 'month', 2000), amountDueNow: usd(2000), subtotal: usd(2000), nextInvoice: { date: '2027-01-01T09:00:00.000Z', amount: usd(2000) } });
    assert.equal(previewInWords(t, f, p), 'You pay $20.00 now. Pro renews on Jan 1 at $20.00 a month.');
    assert.equal(confirmButtonLabel(t, f, p, false), 'Confirm and pay $20.00');
  });

  it('monthly to annual: a year less the unused month, renewing yearly', () => {
    const p = preview({ to: at('pro', 'year', 20000), amountDueNow: usd(18500), nextInvoice: { date: '2027-12-01T09:00:00.000Z', amount: usd(20000) } });
    assert.equal(previewInWords(t, f, p), 'You pay $185.00 now for a year of Pro, less what is left of this month. It renews on Dec 1, 2027 at $200.00 a year.');
  });

  it('during a trial nothing is charged and the button just confirms', () => {
    const p = preview({ amountDueNow: usd(0), subtotal: usd(0), lines: [] });
    assert.equal(previewInWords(t, f, p, true), 'Nothing is charged now. From Jan 1 you pay $40.00 a month for Pro+.');
    assert.equal(confirmButtonLabel(t, f, p, true), 'Confirm');
  });
});

describe('planChangeWording: tiers', () => {
  const plan = (month: number, year: number): Pick<Plan, 'prices'> => ({ prices: { month: usd(month), year: usd(year) } });

  it('the annual saving is twelve months less the yearly price', () => {
    assert.deepEqual(annualSaving(plan(2000, 20000)), usd(4000));
    assert.deepEqual(annualSaving(plan(0, 0)), usd(0));
  });

  it('credits per period, from the API decimal', () => {
    assert.equal(creditsPerInterval(t, f, '1000.00', 'month'), '1,000 credits a month');
    assert.equal(creditsPerInterval(t, f, '12000.00', 'year'), '12,000 credits a year');
    assert.equal(creditsPerInterval(t, f, 'lots', 'year'), undefined);
  });

  it('a button per other tier: up is an upgrade, down a switch', () => {
    assert.equal(changeButtonLabel(t, 'pro', 'pro_plus'), 'Upgrade to Pro+');
    assert.equal(changeButtonLabel(t, 'pro_plus', 'pro'), 'Switch to Pro');
    assert.equal(changeButtonLabel(t, 'free', 'power'), 'Upgrade to Power');
  });

  it('what a lower tier takes away, from the tier table', () => {
    assert.deepEqual(featuresLost('power', 'pro_plus'), ['ai.agent.background']);
    assert.deepEqual(featuresLost('pro', 'power'), []);
    assert.equal(downgradeLossInWords(t, 'pro_plus', 'pro'), 'Pro: no parallel agents.');
    assert.equal(downgradeLossInWords(t, 'pro', 'pro_plus'), undefined);
  });

  it('a scheduled downgrade in words', () => assert.equal(scheduledChangeInWords(t, f, 'pro', '2027-01-01T09:00:00.000Z'), 'Switches to Pro on Jan 1'));
});

describe('planChangeWording: cancellation', () => {
  const free = { includedCredits: { month: '50.00', year: '600.00' } };

  it("says until when the plan stays and what Free gives and lacks (Free's credits from the catalogue)", () => {
    assert.equal(
      cancelInWords(t, f, 'pro', '2027-01-01T09:00:00.000Z', free),
      'Pro stays until Jan 1, then Free: 50 credits a month, no unlimited completions, no agent, no premium models.',
    );
  });

  it('Power loses the agents of the tiers below too; without the catalogue no credits are named', () => {
    assert.equal(
      cancelInWords(t, f, 'power', '2027-01-01T09:00:00.000Z', undefined),
      'Power stays until Jan 1, then Free: no unlimited completions, no agent, no premium models, no parallel agents, no background agents.',
    );
  });
});

describe('planChangeWording: refusals', () => {
  it('words every refusal code with an action', () => {
    for (const code of Object.values(PlanChangeRefusals)) {
      const words = refusalInWords(t, code, 'service sentence');
      assert.notEqual(words.message, 'service sentence', code);
      assert.ok(words.message.length > 10, code);
    }
  });

  it('offers what helps: preview again, pay now, resume, cancel', () => {
    assert.equal(refusalInWords(t, 'preview_stale', '').action, 'previewAgain');
    assert.equal(refusalInWords(t, 'preview_expired', '').action, 'previewAgain');
    assert.equal(refusalInWords(t, 'payment_overdue', '').action, 'payNow');
    assert.equal(refusalInWords(t, 'cancellation_scheduled', '').action, 'resume');
    assert.equal(refusalInWords(t, 'use_cancel', '').action, 'cancel');
    assert.equal(refusalActionLabel(t, 'previewAgain'), 'Preview again');
    assert.equal(refusalActionLabel(t, 'payNow'), 'Pay now');
    assert.equal(refusalActionLabel(t, 'none'), undefined);
  });

  it("keeps the service's sentence for a code it does not know", () => {
    assert.deepEqual(refusalInWords(t, 'something_new', 'The service says no.'), { message: 'The service says no.', action: 'none' });
    assert.deepEqual(refusalInWords(t, undefined, 'Offline.'), { message: 'Offline.', action: 'none' });
  });
});

describe('planChangeWording: pending payment', () => {
  const pending = (reason: PendingPlanChange['reason'], message = 'The card has insufficient funds'): PendingPlanChange => ({
    to: at('pro_plus', 'month', 4000),
    invoiceId: 'in_1',
    amountDue: usd(1342),
    reason,
    declineCode: reason === 'card_declined' ? 'insufficient_funds' : null,
    message,
    expiresAt: '2026-12-15T09:00:00.000Z',
  });

  it('headline', () => assert.equal(pendingHeadline(t, pending('authentication_required')), 'Upgrade to Pro+ waiting for payment'));

  it('each reason with what finishes it', () => {
    assert.equal(
      pendingReasonInWords(t, f, pending('authentication_required')),
      'Your bank asks you to confirm the payment of $13.42 for Pro+. Complete it in the payment portal by Dec 15; until then your plan stays as it is.',
    );
    assert.match(pendingReasonInWords(t, f, pending('card_declined')), /^The payment of \$13\.42 for Pro\+ was declined: The card has insufficient funds\. Complete it/);
    assert.match(pendingReasonInWords(t, f, pending('no_payment_method')), /^Add a card to pay \$13\.42 for Pro\+\./);
  });
});
