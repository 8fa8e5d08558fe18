import { strict as assert } from 'node:assert';
import { deriveAccountState, type DeriveInput } from '../../../src/account/deriveState';
import { claims, DAY, HOUR, summary, T0 } from '../support/fixtures';

const PRO = ['ai.completions.basic', 'ai.completions.unlimited', 'ai.agent', 'ai.premiumModels'];
const base: DeriveInput = { signedIn: true, account: summary(), claims: claims(), lastRefreshFailed: false, clockRolledBack: false, now: T0 };

describe('deriveAccountState', () => {
  const table: Array<[string, Partial<DeriveInput>, string, readonly string[], 'pro' | 'free' | undefined]> = [
    ['no session', { signedIn: false }, 'signedOut', [], undefined],
    ['signed out even with a cached token', { signedIn: false, claims: claims() }, 'signedOut', [], undefined],
    ['signed in, no verified token yet', { claims: null }, 'checking', [], undefined],
    ['signed in, no token, last refresh failed', { claims: null, lastRefreshFailed: true }, 'checking', [], undefined],
    ['Free (never subscribed)', { claims: claims({ plan: 'free', status: 'none', features: ['ai.completions.basic'] }), account: summary({ subscription: null }) }, 'free', ['ai.completions.basic'], 'free'],
    ['trialing', { claims: claims({ status: 'trialing' }) }, 'trialing', PRO, 'pro'],
    ['active', {}, 'active', PRO, 'pro'],
    [
      'active, cancels at period end',
      { account: summary({ subscription: { ...summary().subscription!, cancelAtPeriodEnd: true } }) },
      'activeCanceling',
      PRO,
      'pro',
    ],
    ['past due: no paid features', { claims: claims({ status: 'past_due', features: ['ai.completions.basic'] }) }, 'pastDue', ['ai.completions.basic'], 'pro'],
    ['canceled', { claims: claims({ plan: 'free', status: 'canceled', features: ['ai.completions.basic'] }) }, 'ended', ['ai.completions.basic'], 'free'],
    ['unpaid', { claims: claims({ plan: 'free', status: 'unpaid', features: ['ai.completions.basic'] }) }, 'ended', ['ai.completions.basic'], 'free'],
    ['incomplete_expired', { claims: claims({ plan: 'free', status: 'incomplete_expired', features: [] }) }, 'ended', [], 'free'],
    ['active, exp passed, refresh not yet failed: still active', { now: T0 + 25 * HOUR }, 'active', PRO, 'pro'],
    ['active, exp passed, refresh failed: offline grace keeps features', { now: T0 + 25 * HOUR, lastRefreshFailed: true }, 'offlineGrace', PRO, 'pro'],
    ['trial, exp passed, offline', { claims: claims({ status: 'trialing' }), now: T0 + 2 * DAY, lastRefreshFailed: true }, 'offlineGrace', PRO, 'pro'],
    ['active, refresh failed before exp: stays active (stale is separate)', { lastRefreshFailed: true, now: T0 + HOUR }, 'active', PRO, 'pro'],
    ['past graceUntil: paid features lapse, unresolved', { now: T0 + 8 * DAY, lastRefreshFailed: true }, 'checking', [], undefined],
    ['past due, exp passed, offline: still past due (no grace)', { claims: claims({ status: 'past_due', features: [] }), now: T0 + 2 * DAY, lastRefreshFailed: true }, 'pastDue', [], 'pro'],
    ['clock rolled back: must re-verify online', { clockRolledBack: true }, 'checking', [], undefined],
  ];
  for (const [name, input, kind, features, plan] of table) {
    it(name, () => {
      const derived = deriveAccountState({ ...base, ...input });
      assert.equal(derived.kind, kind);
      assert.deepEqual(derived.features, features);
      assert.equal(derived.plan, plan);
    });
  }

  it('reports the offline limit only while paid access comes from the token', () => {
    assert.equal(deriveAccountState(base).offlineUntil, claims().graceUntil * 1000);
    assert.equal(deriveAccountState({ ...base, claims: claims({ status: 'past_due', features: [] }) }).offlineUntil, undefined);
    assert.equal(deriveAccountState({ ...base, signedIn: false }).offlineUntil, undefined);
  });

  it('never says Free while unresolved', () => {
    for (const input of [{ claims: null }, { clockRolledBack: true }, { now: T0 + 30 * DAY }]) {
      assert.notEqual(deriveAccountState({ ...base, ...input }).kind, 'free');
    }
  });
});
