/** Current subscription and the past-due banner: the right words and the one right action per state. */
import assert from 'node:assert/strict';
import { screen, within } from '@testing-library/preact';
import { fixtures, viewState } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const subscriptionSection = () => document.getElementById('subscription') as HTMLElement;
const banner = () => document.querySelector<HTMLElement>('[role="region"][aria-label="Payment problem"]');
const sectionText = () => subscriptionSection().textContent ?? '';
const badgeText = () => subscriptionSection().querySelector('.badge')?.textContent;

describe('panel: current subscription', () => {
  it('free: the plan name and Change plan, which shows the tiers in the editor', async () => {
    const panel = await renderPanel({ state: fixtures.free });
    assert.ok(within(subscriptionSection()).getByRole('heading', { name: 'Free' }));
    assert.equal(badgeText(), undefined);
    assert.equal(hasButton(subscriptionSection(), 'Cancel subscription'), false, 'nothing renews');
    await panel.click(button(subscriptionSection(), 'Change plan'));
    assert.deepEqual(panel.posted('loadPlans'), [{ type: 'loadPlans' }]);
    assert.ok(screen.getByRole('heading', { name: 'Change plan' }));
    assert.equal(banner(), null);
  });

  it('trialing: days left in words, the first payment and its amount', async () => {
    const panel = await renderPanel({ state: fixtures.trialing });
    assert.equal(badgeText(), 'Trial');
    assert.ok(within(subscriptionSection()).getByText('Trial ends in 3 days, on Dec 1, 2026.'));
    assert.match(sectionText(), /First payment\$20\.00 on Dec 1, 2026/);
    assert.ok(within(subscriptionSection()).getByText('$20.00 per month'));
    assert.equal(hasButton(subscriptionSection(), 'Upgrade'), false);
    await panel.click(button(subscriptionSection(), 'Manage subscription'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'manage' }]);
  });

  it('trialing: "tomorrow" on the last day but one, and a nudge when no card is on file', async () => {
    const trial = fixtures.trialing;
    const account = trial.account!;
    await renderPanel({
      state: { ...trial, account: { ...account, paymentMethod: null } },
      now: Date.parse('2026-11-30T15:00:00.000Z'),
    });
    assert.ok(within(subscriptionSection()).getByText('Trial ends tomorrow, on Dec 1, 2026.'));
    assert.ok(within(subscriptionSection()).getByText('Add a payment method below to keep your plan after the trial.'));
  });

  it('active: price per interval, status and the next billing date and amount from the upcoming invoice', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.ok(within(subscriptionSection()).getByRole('heading', { name: 'Pro' }));
    assert.equal(badgeText(), 'Active');
    assert.ok(within(subscriptionSection()).getByText('$20.00 per month'));
    assert.match(sectionText(), /Next payment\$20\.00 on Dec 1, 2026/);
    assert.ok(hasButton(subscriptionSection(), 'Manage subscription'));
  });

  it('active yearly: the price per year', async () => {
    const state = fixtures.activeExpiringCard;
    const account = state.account!;
    await renderPanel({
      state: {
        ...state,
        account: { ...account, subscription: { ...account.subscription!, interval: 'year', price: { amount: 20000, currency: 'USD' } } },
      },
    });
    assert.ok(within(subscriptionSection()).getByText('$200.00 per year'));
  });

  it('canceling: "Cancels on <date>", "Ends on", no next payment, and Resume in the editor', async () => {
    const panel = await renderPanel({ state: fixtures.canceling });
    assert.equal(badgeText(), 'Canceling');
    assert.match(sectionText(), /Cancels onDec 1, 2026/);
    assert.ok(within(subscriptionSection()).getByText('Ends on Dec 1, 2026'));
    assert.doesNotMatch(sectionText(), /Next payment/);
    assert.equal(hasButton(subscriptionSection(), 'Cancel subscription'), false);
    assert.equal(hasButton(subscriptionSection(), 'Change plan'), false, 'resume first');
    await panel.click(button(subscriptionSection(), 'Resume'));
    assert.deepEqual(panel.posted('resumeSubscription'), [{ type: 'resumeSubscription' }]);
  });

  it('offline grace: the last verified subscription as it was', async () => {
    await renderPanel({ state: fixtures.staleOffline });
    assert.equal(badgeText(), 'Active');
    assert.match(sectionText(), /Next payment\$20\.00 on Dec 1, 2026/);
  });

  it('ended with a balance: the end date, the balance and Reactivate (pay the outstanding balance)', async () => {
    const panel = await renderPanel({ state: fixtures.endedWithBalance });
    assert.equal(badgeText(), 'Canceled');
    assert.ok(within(subscriptionSection()).getByRole('heading', { name: 'Pro' }));
    assert.match(sectionText(), /Your subscription ended on Nov 22, 2026\. You're on the Free plan now\./);
    assert.match(sectionText(), /Outstanding balance\$20\.00/);
    await panel.click(button(subscriptionSection(), 'Reactivate'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'pay_outstanding_balance' }]);
    assert.equal(banner(), null, 'a canceled subscription has no past-due banner');
  });

  it('ended without a balance: Change plan', async () => {
    const state = fixtures.endedWithBalance;
    const panel = await renderPanel({
      state: { ...state, account: { ...state.account!, outstandingBalance: { amount: 0, currency: 'USD' } } },
    });
    await panel.click(button(subscriptionSection(), 'Change plan'));
    assert.deepEqual(panel.posted('loadPlans'), [{ type: 'loadPlans' }]);
  });

  it('past due: the status, paused features, and no action repeated from the banner', async () => {
    await renderPanel({ state: fixtures.pastDue });
    assert.equal(badgeText(), 'Past due');
    assert.ok(within(subscriptionSection()).getByText('Paid features are paused until the overdue payment goes through.'));
    // Why the plan can't change, without repeating the banner's Pay now.
    assert.ok(within(subscriptionSection()).getByText('A payment is overdue. Pay the outstanding balance first, then change your plan.'));
    assert.equal(subscriptionSection().querySelectorAll('vscode-button').length, 0);
    assert.equal(hasButton(document.body, /Upgrade|Change plan/), false);
  });
});

describe('panel: past-due banner', () => {
  it('past due: amount, decline reason in words, the advice for it, attempts, next retry, and the fixes', async () => {
    const panel = await renderPanel({ state: fixtures.pastDue });
    const region = banner();
    assert.ok(region, 'the banner is a named region');
    const text = region.textContent ?? '';
    assert.match(text, /Payment failed: \$20\.00 is past due/);
    assert.match(text, /The card has insufficient funds\./);
    assert.match(text, /Use another card, or add funds and pay again\./);
    assert.match(text, /2 payment attempts failed/);
    assert.match(text, /Next automatic retry on Nov 30, 2026/);
    // Insufficient funds: another card first (the primary button), paying again beside it.
    assert.equal(button(region, 'Add payment method').hasAttribute('secondary'), false);
    await panel.click(button(region, 'Add payment method'));
    await panel.click(button(region, 'Pay now'));
    assert.deepEqual(panel.posted('openPortal'), [
      { type: 'openPortal', flow: 'payment_method_add' },
      { type: 'openPortal', flow: 'pay_outstanding_balance' },
    ]);
  });

  it("gives the help page's advice for each decline, led by the action that does it", async () => {
    const state = fixtures.pastDue;
    const account = state.account!;
    const failure = account.latestPaymentFailure!;
    const panel = await renderPanel();
    const cases: Array<[string, RegExp, string, string]> = [
      ['expired_card', /Update the card with its new expiry date, or add another card\./, 'Update payment method', 'Pay now'],
      ['insufficient_funds', /Use another card, or add funds and pay again\./, 'Add payment method', 'Pay now'],
      ['generic_decline', /Contact your bank, then pay again\./, 'Pay now', 'Update payment method'],
      ['do_not_honor', /Contact your bank, then pay again\./, 'Pay now', 'Update payment method'],
    ];
    for (const [declineCode, advice, primary, secondary] of cases) {
      await panel.sendState({ ...state, account: { ...account, latestPaymentFailure: { ...failure, declineCode } } });
      const region = banner()!;
      assert.match(region.textContent ?? '', advice, declineCode);
      assert.equal(button(region, primary).hasAttribute('secondary'), false, `${declineCode}: ${primary} leads`);
      assert.equal(button(region, secondary).hasAttribute('secondary'), true, `${declineCode}: ${secondary} follows`);
    }
  });

  it('an expired card: Update payment method edits that very card in the portal', async () => {
    const state = fixtures.pastDue;
    const account = state.account!;
    const panel = await renderPanel({
      state: { ...state, account: { ...account, latestPaymentFailure: { ...account.latestPaymentFailure!, declineCode: 'expired_card' } } },
    });
    await panel.click(button(banner()!, 'Update payment method'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'payment_method_update', paymentMethodId: account.paymentMethod!.id }]);
  });

  it('comes first in the page, before the subscription', async () => {
    await renderPanel({ state: fixtures.pastDue });
    const order = banner()!.compareDocumentPosition(subscriptionSection());
    assert.ok(order & Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it('unpaid: the outstanding balance, no scheduled retry, and Pay outstanding balance', async () => {
    const panel = await renderPanel({ state: fixtures.unpaid });
    const text = banner()?.textContent ?? '';
    assert.match(text, /Your subscription is unpaid: \$20\.00 is outstanding/);
    assert.match(text, /The card has expired\./);
    assert.match(text, /4 payment attempts failed/);
    assert.match(text, /No automatic retry is scheduled/);
    assert.match(text, /Update the card with its new expiry date, or add another card\./);
    await panel.click(button(banner()!, 'Pay outstanding balance'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'pay_outstanding_balance' }]);
    assert.equal(badgeText(), 'Unpaid');
    assert.equal(subscriptionSection().querySelectorAll('vscode-button').length, 0);
  });

  it("words decline codes it knows, and uses the service's sentence for others", async () => {
    const state = fixtures.pastDue;
    const account = state.account!;
    const failure = account.latestPaymentFailure!;
    const panel = await renderPanel();
    const cases: Array<[string, string]> = [
      ['lost_card', 'The card was reported lost or stolen.'],
      ['generic_decline', 'The bank declined the payment.'],
      ['authentication_required', 'The bank asked to confirm the payment (3-D Secure).'],
      ['currency_not_supported', 'The card does not support this currency.'],
    ];
    for (const [declineCode, words] of cases) {
      await panel.sendState({
        ...state,
        account: { ...account, latestPaymentFailure: { ...failure, declineCode, message: 'The card does not support this currency.' } },
      });
      assert.match(banner()?.textContent ?? '', new RegExp(words.replace(/[.()]/g, '\\$&')), declineCode);
    }
  });

  it('one attempt reads in the singular', async () => {
    const state = fixtures.pastDue;
    const account = state.account!;
    await renderPanel({
      state: { ...state, account: { ...account, latestPaymentFailure: { ...account.latestPaymentFailure!, attemptCount: 1 } } },
    });
    assert.match(banner()?.textContent ?? '', /1 payment attempt failed/);
  });

  it('is not shown while the state is still being checked', async () => {
    await renderPanel({ state: viewState({ kind: 'checking', account: fixtures.pastDue.account }) });
    assert.equal(banner(), null);
    assert.ok(screen.getByText('Checking your plan…'));
  });
});
