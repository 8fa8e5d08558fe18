import { strict as assert } from 'node:assert';
import { gateDecision } from '../../../src/entitlements/gateDecision';
import { contextKeyUpdates, contextKeyValues } from '../../../src/entitlements/contextKeys';
import { SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { snapshot, summary } from '../support/fixtures';

describe('gate decision', () => {
  it('allows an entitled feature at once', () => assert.deepEqual(gateDecision(snapshot(), 'ai.agent'), { allowed: true }));

  const table: Array<[string, ReturnType<typeof snapshot>, string[]]> = [
    ['signed out → sign in', SIGNED_OUT_SNAPSHOT, ['signIn']],
    ['checking → wait, never upgrade', snapshot({ kind: 'checking', features: [], plan: undefined, claims: null }), ['waitForCheck']],
    ['free → upgrade', snapshot({ kind: 'free', features: ['ai.completions.basic'], plan: 'free' }), ['upgrade']],
    ['ended → upgrade', snapshot({ kind: 'ended', features: ['ai.completions.basic'], plan: 'free' }), ['upgrade']],
    ['past due without balance → update payment method', snapshot({ kind: 'pastDue', features: [] }), ['updatePaymentMethod']],
    [
      'past due with balance → update payment method or pay',
      snapshot({ kind: 'pastDue', features: [], account: summary({ outstandingBalance: { amount: 2000, currency: 'USD' } }) }),
      ['updatePaymentMethod', 'payBalance'],
    ],
    ['paid plan without that feature → nothing to offer', snapshot({ features: ['ai.completions.basic'] }), []],
  ];
  for (const [name, s, actions] of table) {
    it(name, () => {
      const d = gateDecision(s, 'ai.agent');
      assert.equal(d.allowed, false);
      assert.ok(!d.allowed && d.message.length > 0);
      assert.deepEqual(!d.allowed && d.actions, actions);
    });
  }
});

describe('context keys', () => {
  it('derive from the snapshot', () => {
    assert.deepEqual(contextKeyValues(snapshot({ kind: 'pastDue', features: [], account: summary({ outstandingBalance: { amount: 2000, currency: 'USD' } }) })), {
      'planBilling.signedIn': true,
      'planBilling.state': 'pastDue',
      'planBilling.plan': 'pro',
      'planBilling.pastDue': true,
      'planBilling.features': [],
      'planBilling.stale': false,
      'planBilling.hasOutstandingBalance': true,
    });
    assert.deepEqual(contextKeyValues(SIGNED_OUT_SNAPSHOT), {
      'planBilling.signedIn': false,
      'planBilling.state': 'signedOut',
      'planBilling.plan': undefined,
      'planBilling.pastDue': false,
      'planBilling.features': [],
      'planBilling.stale': false,
      'planBilling.hasOutstandingBalance': false,
    });
  });

  it('report only the keys that changed', () => {
    const a = contextKeyValues(snapshot({ features: [] }));
    const b = contextKeyValues(snapshot({ features: [], stale: true }));
    assert.deepEqual(contextKeyUpdates(a, b), [['planBilling.stale', true]]);
    assert.equal(contextKeyUpdates(undefined, a).length, 7);
  });

  it('set one boolean key per granted feature, and false once it is revoked', () => {
    const pro = contextKeyValues(snapshot({ features: ['ai.agent', 'ai.chat'] }));
    assert.equal(pro['planBilling.feature.ai.agent'], true);
    assert.equal(pro['planBilling.feature.ai.chat'], true);
    const pastDue = contextKeyValues(snapshot({ kind: 'pastDue', features: [] }));
    const updates = new Map(contextKeyUpdates(pro, pastDue));
    assert.equal(updates.get('planBilling.feature.ai.agent'), false);
    assert.equal(updates.get('planBilling.feature.ai.chat'), false);
    assert.deepEqual(updates.get('planBilling.features'), []);
    // Already false: not written again.
    const applied = { ...Object.fromEntries(updates), ...pastDue };
    assert.deepEqual(contextKeyUpdates(applied, pastDue), []);
  });
});
