import { strict as assert } from 'node:assert';
import { cardListConfirmation, portalConfirmation } from '../../../src/panel/portalConfirmation';
import { card, snapshot, summary } from '../support/fixtures';

const PENDING = {
  to: { planId: 'pro_plus' as const, planName: 'Pro+', interval: 'month' as const, price: { amount: 4000, currency: 'USD' } },
  invoiceId: 'in_p',
  amountDue: { amount: 1342, currency: 'USD' },
  reason: 'authentication_required' as const,
  declineCode: null,
  message: 'Confirm the payment with your bank.',
  expiresAt: '2026-03-11T12:00:00.000Z',
};

describe('portalConfirmation', () => {
  const pastDue = snapshot({ kind: 'pastDue', account: summary({ outstandingBalance: { amount: 2000, currency: 'USD' } }) });
  const newCard = summary({ paymentMethod: card({ id: 'pm_2', last4: '1881', expMonth: 1, expYear: 2031 }) });

  const cases: Array<[string, Parameters<typeof portalConfirmation>, RegExp | null]> = [
    ['past due → active says access is back', [pastDue, snapshot({ kind: 'active', account: newCard })], /^Payment received\. Your Pro features are back\.$/],
    ['ended → active says access is back', [snapshot({ kind: 'ended' }), snapshot({ kind: 'active' })], /features are back/],
    ['free → trialing says upgraded', [snapshot({ kind: 'free' }), snapshot({ kind: 'trialing' })], /^Welcome to Pro/],
    ['a new card on an active plan names its last 4', [snapshot(), snapshot({ account: newCard })], /card ending 1881/],
    ['a new card while still past due names the card', [pastDue, snapshot({ kind: 'pastDue', account: newCard })], /card ending 1881/],
    ['balance paid without a plan change thanks', [pastDue, snapshot({ kind: 'pastDue', account: summary() })], /^Payment received\. Thank you!$/],
    [
      'a pending upgrade paid in the portal names the new tier',
      [
        snapshot({ account: summary({ pendingPlanChange: PENDING }) }),
        snapshot({ plan: 'pro_plus', account: summary({ plan: { id: 'pro_plus', name: 'Pro+' }, pendingPlanChange: null }) }),
      ],
      /^Payment received\. You are on Pro\+ now\.$/,
    ],
    ['a pending upgrade still pending says nothing in particular', [snapshot({ account: summary({ pendingPlanChange: PENDING }) }), snapshot({ account: summary({ pendingPlanChange: PENDING }) })], null],
    ['anything else says nothing in particular', [snapshot(), snapshot()], null],
    ['offline grace is not "features are back"', [pastDue, snapshot({ kind: 'offlineGrace', account: summary({ outstandingBalance: { amount: 2000, currency: 'USD' } }) })], null],
  ];
  it('leaves a new default card to the card list after a card flow, not a payment', () => {
    assert.equal(portalConfirmation(snapshot(), snapshot({ account: newCard }), { cardList: true }), null);
    assert.match(portalConfirmation(pastDue, snapshot({ kind: 'active', account: newCard }), { cardList: true }) ?? '', /^Payment received/);
  });

  for (const [name, args, expected] of cases) {
    it(name, () => {
      const text = portalConfirmation(...args);
      if (expected === null) assert.equal(text, null);
      else assert.match(text ?? '', expected);
    });
  }
});

describe('cardListConfirmation', () => {
  const visa = card();
  const mastercard = card({ id: 'pm_2', brand: 'mastercard', last4: '8210', funding: 'debit', isDefault: false });

  it('names a card that was added', () => {
    assert.equal(cardListConfirmation([visa], [visa, mastercard]), 'Card added: Mastercard ending 8210.');
  });

  it('names a card whose expiry or billing address changed', () => {
    assert.equal(cardListConfirmation([visa, mastercard], [{ ...visa, expMonth: 1, expYear: 2032 }, mastercard]), 'Card ending 4242 updated.');
    const address = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
    assert.equal(cardListConfirmation([visa], [{ ...visa, billingAddress: address }]), 'Card ending 4242 updated.');
  });

  it('says nothing while the list is unchanged, or only the default moved or a card went', () => {
    assert.equal(cardListConfirmation([visa, mastercard], [visa, mastercard]), null);
    assert.equal(cardListConfirmation([visa, mastercard], [{ ...mastercard, isDefault: true }, { ...visa, isDefault: false }]), null);
    assert.equal(cardListConfirmation([visa, mastercard], [visa]), null);
  });
});
