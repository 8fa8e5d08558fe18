import { strict as assert } from 'node:assert';
import { portalConfirmation } from '../../../src/panel/portalConfirmation';
import { snapshot, summary } from '../support/fixtures';

describe('portalConfirmation', () => {
  const pastDue = snapshot({ kind: 'pastDue', account: summary({ outstandingBalance: { amount: 2000, currency: 'USD' } }) });
  const newCard = summary({ paymentMethod: { id: 'pm_2', brand: 'visa', last4: '1881', expMonth: 1, expYear: 2031 } });

  const cases: Array<[string, Parameters<typeof portalConfirmation>, RegExp]> = [
    ['past due → active says access is back', [pastDue, snapshot({ kind: 'active', account: newCard })], /^Payment received\. Your Pro features are back\.$/],
    ['ended → active says access is back', [snapshot({ kind: 'ended' }), snapshot({ kind: 'active' })], /features are back/],
    ['free → trialing says upgraded', [snapshot({ kind: 'free' }), snapshot({ kind: 'trialing' })], /^Welcome to Pro/],
    ['a new card on an active plan names its last 4', [snapshot(), snapshot({ account: newCard })], /card ending 1881/],
    ['a new card while still past due names the card', [pastDue, snapshot({ kind: 'pastDue', account: newCard })], /card ending 1881/],
    ['balance paid without a plan change thanks', [pastDue, snapshot({ kind: 'pastDue', account: summary() })], /^Payment received\. Thank you!$/],
    ['anything else is a plain update', [snapshot(), snapshot()], /^Your plan was updated\.$/],
    ['offline grace is not "features are back"', [pastDue, snapshot({ kind: 'offlineGrace', account: summary({ outstandingBalance: { amount: 2000, currency: 'USD' } }) })], /^Your plan was updated\.$/],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.match(portalConfirmation(...args), expected));
  }
});
