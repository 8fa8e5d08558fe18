import { strict as assert } from 'node:assert';
import { reportUsageThrough } from '../../../src/entitlements/publicApi';
import { consumesCredits, quotaRefusalWords } from '../../../src/usage/quotaWording';
import { usage } from '../support/fixtures';

const fmt = { locale: 'en-US', timeZone: 'UTC' };

describe('quota wording', () => {
  it('every paid ai.* feature consumes credits, basic completions do not', () => {
    assert.equal(consumesCredits('ai.agent'), true);
    assert.equal(consumesCredits('ai.premiumModels'), true);
    assert.equal(consumesCredits('ai.completions.basic'), false);
    assert.equal(consumesCredits('editor.theme'), false);
  });

  it('credits used up with overage off: the sentence, the reset date, Enable overage and Upgrade', () => {
    const base = usage('1000.00', { quotaExceeded: 'credits_exhausted' });
    const words = quotaRefusalWords({ ...base, overage: { ...base.overage!, enabled: false } }, 'credits_exhausted', fmt);
    assert.equal(words.message, 'You have used all 1,000 credits of Pro this period.');
    assert.equal(words.detail, 'Your credits reset on Apr 1, 2026.');
    assert.deepEqual(words.actions, ['enableOverage', 'upgrade']);
    assert.equal(words.upgradeTo, 'pro_plus');
  });

  it('Free: no overage to enable, only Upgrade', () => {
    const words = quotaRefusalWords(usage('50.00', { planId: 'free', plan: { included: '50.00', used: '50.00', remaining: '0.00' }, overage: null }), 'credits_exhausted', fmt);
    assert.equal(words.message, 'You have used all 50 credits of Free this period.');
    assert.deepEqual(words.actions, ['upgrade']);
  });

  it('spend cap reached: names the cap, offers Raise spend cap; Power has no higher tier', () => {
    const words = quotaRefusalWords(usage('1000.00', { planId: 'power' }), 'spend_cap_reached', fmt);
    assert.equal(words.message, 'You have reached your overage spend cap of $20.00 this period.');
    assert.deepEqual(words.actions, ['raiseSpendCap']);
  });
});

describe('reportUsage argument checks', () => {
  const deps = { account: undefined as never, requireEntitlement: async () => false, emitterFactory: undefined as never };
  it('refuses bad credits, event ids and features before anything is sent', async () => {
    assert.deepEqual(await reportUsageThrough(deps, true, { feature: 'ai.agent', credits: '1.005', eventId: 'e1' }), {
      ok: false,
      reason: 'invalid',
      message: 'Credits have at most two decimals, e.g. 1.25.',
    });
    assert.equal((await reportUsageThrough(deps, true, { feature: 'ai.agent', credits: 0, eventId: 'e1' })).ok, false);
    assert.equal((await reportUsageThrough(deps, true, { feature: 'ai.agent', credits: 1, eventId: 'has space' })).ok, false);
    assert.equal((await reportUsageThrough(deps, true, { feature: '', credits: 1, eventId: 'e1' })).ok, false);
  });
  it('signed out: refused as signed_out', async () => {
    const outcome = await reportUsageThrough(deps, false, { feature: 'ai.agent', credits: '25.00', eventId: 'e1' });
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.reason, 'signed_out');
  });
});
