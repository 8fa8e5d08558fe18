import { strict as assert } from 'node:assert';
import { levelFor, percentOf, usageFacts } from '../../../src/usage/usageFacts';
import { daysUntil } from '../../../src/util/format';
import { DAY, usage } from '../support/fixtures';

describe('usage facts', () => {
  it('percent used is integer math on hundredths, rounded down', () => {
    assert.equal(percentOf(74_999, 100_000), 74);
    assert.equal(percentOf(75_000, 100_000), 75);
    assert.equal(percentOf(99_999, 100_000), 99);
    assert.equal(percentOf(0, 0), 0);
    assert.equal(percentOf(1, 0), 100);
  });

  it('levels: none below 75 %, low from 75 %, warning from 90 %, exhausted when nothing is left or refused', () => {
    assert.equal(levelFor(74, 1, null), 'none');
    assert.equal(levelFor(75, 1, null), 'low');
    assert.equal(levelFor(89, 1, null), 'low');
    assert.equal(levelFor(90, 1, null), 'warning');
    assert.equal(levelFor(99, 0, null), 'exhausted');
    assert.equal(levelFor(10, 500, 'spend_cap_reached'), 'exhausted');
    assert.equal(levelFor(100, 0, null, true), 'overage');
    assert.equal(levelFor(100, 0, 'spend_cap_reached', true), 'exhausted');
  });

  it('counts bonus grants with the plan credits', () => {
    const facts = usageFacts(
      usage('1000.00', {
        bonus: [{ id: 'g1', description: 'Welcome bonus', granted: '100.00', used: '20.00', remaining: '80.00', expiresAt: '2026-03-20T00:00:00.000Z' }],
        remaining: '80.00',
        used: '1020.00',
      }),
    );
    assert.equal(facts.included, 110_000);
    assert.equal(facts.usedIncluded, 102_000);
    assert.equal(facts.remaining, 8_000);
    assert.equal(facts.percentUsed, 92);
    assert.equal(facts.level, 'warning');
  });

  it('exhausted: 100 %, the quota state and the reset date', () => {
    const facts = usageFacts(usage('1000.00', { quotaExceeded: 'credits_exhausted' }));
    assert.equal(facts.percentUsed, 100);
    assert.equal(facts.level, 'exhausted');
    assert.equal(facts.quotaExceeded, 'credits_exhausted');
    assert.equal(facts.resetsAt, Date.parse('2026-04-01T00:00:00.000Z'));
  });

  it('overage in use and cap reached', () => {
    const base = usage('1000.00');
    const facts = usageFacts({ ...base, overage: { ...base.overage!, used: '10.00', accrued: { amount: 40, currency: 'USD' }, capReached: true } });
    assert.equal(facts.inOverage, true);
    assert.equal(facts.capReached, true);
  });

  it('days until the reset, rounded up', () => {
    const at = Date.parse('2026-04-01T00:00:00.000Z');
    assert.equal(daysUntil(at, at - 12 * DAY), 12);
    assert.equal(daysUntil(at, at - 11.5 * DAY), 12);
    assert.equal(daysUntil(at, at + 1), 0);
  });
});
