import { strict as assert } from 'node:assert';
import { gateActionTitle, gateDecision } from '../../../src/entitlements/gateDecision';
import { contextKeyUpdates, contextKeyValues } from '../../../src/entitlements/contextKeys';
import { SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { snapshot, summary, usage } from '../support/fixtures';

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

describe('gate decision by tier', () => {
  const pro = snapshot({ plan: 'pro', features: ['ai.completions.basic', 'ai.completions.unlimited', 'ai.agent', 'ai.premiumModels'] });
  const decide = (s: ReturnType<typeof snapshot>, feature: string) => {
    const d = gateDecision(s, feature);
    assert.ok(!d.allowed);
    return d;
  };

  it('names the lowest tier with the feature and offers an upgrade to it', () => {
    const d = decide(snapshot({ kind: 'free', plan: 'free', features: ['ai.completions.basic'] }), 'ai.agent.background');
    assert.equal(d.message, 'Background agents is part of Power.');
    assert.deepEqual(d.actions, ['upgrade']);
    assert.equal(d.upgradeTo, 'power');
    assert.equal(gateActionTitle('upgrade', d.upgradeTo), 'Upgrade to Power');
  });

  it('Pro without parallel agents: upgrade to Pro+', () => {
    const d = decide(pro, 'ai.agent.parallel');
    assert.equal(d.message, 'Parallel agents is part of Pro+.');
    assert.equal(d.upgradeTo, 'pro_plus');
    assert.equal(gateActionTitle('upgrade', d.upgradeTo), 'Upgrade to Pro+');
  });

  it('Free: the agent is part of Pro; an unknown key is sold as Pro too', () => {
    const free = snapshot({ kind: 'free', plan: 'free', features: ['ai.completions.basic'] });
    assert.equal(decide(free, 'ai.agent').message, 'The agent is part of Pro.');
    assert.equal(decide(free, 'ai.unknown').upgradeTo, 'pro');
  });

  it('a paid plan never offers a tier at or below its own, nor an unknown key', () => {
    assert.deepEqual(decide(snapshot({ plan: 'power', features: [] }), 'ai.agent.background').actions, []);
    assert.deepEqual(decide(pro, 'ai.unknown').actions, []);
  });

  it('offline grace offers nothing (the plan is not verified now)', () => {
    assert.deepEqual(decide(snapshot({ kind: 'offlineGrace', plan: 'pro', features: [] }), 'ai.agent.background').actions, []);
  });

  it('the button without a tier stays "Upgrade"', () => assert.equal(gateActionTitle('upgrade'), 'Upgrade'));
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
      'planBilling.quotaExceeded': false,
    });
    assert.deepEqual(contextKeyValues(SIGNED_OUT_SNAPSHOT), {
      'planBilling.signedIn': false,
      'planBilling.state': 'signedOut',
      'planBilling.plan': undefined,
      'planBilling.pastDue': false,
      'planBilling.features': [],
      'planBilling.stale': false,
      'planBilling.hasOutstandingBalance': false,
      'planBilling.quotaExceeded': false,
    });
  });

  it('planBilling.quotaExceeded follows the usage (true while quotaExceeded is not null)', () => {
    assert.equal(contextKeyValues(snapshot({}), usage('1000.00', { quotaExceeded: 'credits_exhausted' }))['planBilling.quotaExceeded'], true);
    assert.equal(contextKeyValues(snapshot({}), usage('1000.00', { quotaExceeded: 'spend_cap_reached' }))['planBilling.quotaExceeded'], true);
    assert.equal(contextKeyValues(snapshot({}), usage('500.00'))['planBilling.quotaExceeded'], false);
    assert.equal(contextKeyValues(SIGNED_OUT_SNAPSHOT, usage('1000.00', { quotaExceeded: 'credits_exhausted' }))['planBilling.quotaExceeded'], false);
  });

  it('carry the tier and a key per new feature', () => {
    const values = contextKeyValues(snapshot({ plan: 'power', features: ['ai.agent.parallel', 'ai.agent.background'] }));
    assert.equal(values['planBilling.plan'], 'power');
    assert.equal(values['planBilling.feature.ai.agent.parallel'], true);
    assert.equal(values['planBilling.feature.ai.agent.background'], true);
    assert.equal(contextKeyValues(snapshot({ plan: 'pro_plus' }))['planBilling.plan'], 'pro_plus');
  });

  it('report only the keys that changed', () => {
    const a = contextKeyValues(snapshot({ features: [] }));
    const b = contextKeyValues(snapshot({ features: [], stale: true }));
    assert.deepEqual(contextKeyUpdates(a, b), [['planBilling.stale', true]]);
    assert.equal(contextKeyUpdates(undefined, a).length, 8);
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
