import { strict as assert } from 'node:assert';
import { type AccountSnapshot, type SnapshotChange, SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { EMPTY_MEMORY } from '../../../src/notifications/notificationMemory';
import { planNotifications } from '../../../src/notifications/notificationRules';
import { card, DAY, snapshot, summary, T0, upcoming } from '../support/fixtures';

const fmt = { locale: 'en-US', timeZone: 'UTC' };
const failure = {
  invoiceId: 'in_42',
  amountDue: { amount: 2000, currency: 'USD' },
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
  attemptCount: 1,
  failedAt: new Date(T0).toISOString(),
  nextRetryAt: '2026-03-11T12:00:00.000Z',
};
const pastDue = snapshot({ kind: 'pastDue', features: [], account: summary({ latestPaymentFailure: failure, outstandingBalance: { amount: 2000, currency: 'USD' } }) });
const change = (previous: AccountSnapshot, current: AccountSnapshot, origin: SnapshotChange['origin'] = 'refresh'): SnapshotChange => ({ previous, current, origin, accountChanged: true });
const run = (c: SnapshotChange, memory = EMPTY_MEMORY, muteNonCritical = false) => planNotifications(c, memory, { muteNonCritical, now: T0, format: fmt });

describe('notification rules', () => {
  it('announces a failed payment once per invoice, with the advice for the decline and its action', () => {
    const first = run(change(snapshot(), pastDue));
    assert.equal(first.notifications.length, 1);
    const n = first.notifications[0]!;
    assert.equal(n.id, 'paymentFailed');
    assert.match(n.message, /\$20\.00 failed: Your card has insufficient funds\. Use another card, or add funds and pay again\. Paid features are paused/);
    assert.deepEqual(n.actions, ['addPaymentMethod', 'payBalance']);
    assert.deepEqual(first.memory.failedInvoiceIds, ['in_42']);
    assert.equal(run(change(pastDue, pastDue), first.memory).notifications.length, 0, 'not again for the same invoice');
    const next = snapshot({ ...pastDue, account: summary({ latestPaymentFailure: { ...failure, invoiceId: 'in_43' } }) });
    assert.equal(run(change(pastDue, next), first.memory).notifications[0]?.id, 'paymentFailed', 'a new invoice is announced');
  });

  const declined = (declineCode: string, message: string) =>
    snapshot({ kind: 'pastDue', features: [], account: summary({ latestPaymentFailure: { ...failure, declineCode, message } }) });

  it("gives the help page's advice for each decline, with the action that does it", () => {
    const cases: Array<[string, string, RegExp, string[]]> = [
      ['expired_card', 'Your card has expired.', /failed: Your card has expired\. Update the card with its new expiry date, or add another card\./, ['updatePaymentMethod', 'payBalance']],
      ['insufficient_funds', 'Your card has insufficient funds.', /Use another card, or add funds and pay again\./, ['addPaymentMethod', 'payBalance']],
      ['generic_decline', 'Your card was declined.', /failed: Your card was declined\. Contact your bank, then pay again\./, ['payBalance', 'updatePaymentMethod']],
      ['do_not_honor', 'The bank declined the payment.', /Contact your bank, then pay again\./, ['payBalance', 'updatePaymentMethod']],
      ['lost_card', 'The card was reported lost.', /Add another card\./, ['addPaymentMethod', 'payBalance']],
    ];
    for (const [code, message, advice, actions] of cases) {
      const n = run(change(snapshot(), declined(code, message))).notifications[0]!;
      assert.match(n.message, advice, code);
      assert.match(n.message, /We'll retry on Mar 11, 2026\.$/, code);
      assert.deepEqual(n.actions, actions, code);
    }
  });

  it('confirms restored access when past due becomes paid', () => {
    const out = run(change(pastDue, snapshot()));
    assert.deepEqual(out.notifications.map((n) => n.id), ['accessRestored']);
  });

  it('stays silent for restores, other windows, stale data and checking', () => {
    assert.equal(run(change(snapshot(), pastDue, 'restore')).notifications.length, 0);
    assert.equal(run(change(snapshot(), pastDue, 'sync')).notifications.length, 0);
    assert.equal(run(change(snapshot(), { ...pastDue, stale: true })).notifications.length, 0);
    assert.equal(run(change(SIGNED_OUT_SNAPSHOT, snapshot({ kind: 'checking' }))).notifications.length, 0);
  });

  const trial = snapshot({ kind: 'trialing', account: summary({ subscription: { ...summary().subscription!, status: 'trialing', trialEnd: new Date(T0 + 2.5 * DAY).toISOString() } }) });

  it('reminds once that the trial ends within 3 days', () => {
    const out = run(change(snapshot({ kind: 'checking' }), trial));
    assert.equal(out.notifications[0]?.id, 'trialEnding');
    assert.match(out.notifications[0]!.message, /ends in 3 days/);
    assert.equal(run(change(trial, trial), out.memory).notifications.length, 0);
  });

  const expiring = snapshot({ account: summary({ paymentMethod: card({ expMonth: 3, expYear: 2026 }), upcomingInvoice: upcoming('2026-04-09T12:00:00.000Z') }) });

  it('warns once that the card expires before the next renewal', () => {
    const out = run(change(snapshot({ kind: 'checking' }), expiring));
    assert.equal(out.notifications[0]?.id, 'cardExpiring');
    assert.match(out.notifications[0]!.message, /ending 4242 expires 03\/2026, before your next renewal on Apr 9, 2026/);
    assert.equal(run(change(expiring, expiring), out.memory).notifications.length, 0);
  });

  it('mutes the non-critical ones when asked, never the critical ones', () => {
    assert.equal(run(change(snapshot({ kind: 'checking' }), trial), EMPTY_MEMORY, true).notifications.length, 0);
    assert.equal(run(change(snapshot({ kind: 'checking' }), expiring), EMPTY_MEMORY, true).notifications.length, 0);
    assert.equal(run(change(snapshot(), pastDue), EMPTY_MEMORY, true).notifications[0]?.id, 'paymentFailed');
    assert.equal(run(change(pastDue, snapshot()), EMPTY_MEMORY, true).notifications[0]?.id, 'accessRestored');
  });
});
