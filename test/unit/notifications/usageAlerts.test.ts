import { strict as assert } from 'node:assert';
import { planUsageAlerts } from '../../../src/notifications/usageAlerts';
import { usage } from '../support/fixtures';

const fmt = { locale: 'en-US', timeZone: 'UTC' };
const ids = (r: ReturnType<typeof planUsageAlerts>) => r.alerts.map((a) => a.id);

describe('usage alerts', () => {
  it('nothing below 80 %', () => {
    const planned = planUsageAlerts(usage('799.99'), undefined, { muted: false, format: fmt });
    assert.deepEqual(ids(planned), []);
  });

  it('at 80 %: once per period, remembered by the period start', () => {
    const first = planUsageAlerts(usage('800.00'), undefined, { muted: false, format: fmt });
    assert.deepEqual(ids(first), ['usage80']);
    assert.equal(first.alerts[0]!.message, 'You have used 80 % of your Pro credits: 200 left. Your credits reset on Apr 1, 2026.');
    assert.deepEqual(first.memory, { periodStart: '2026-03-01T00:00:00.000Z', shown: ['usage80'] });
    const again = planUsageAlerts(usage('850.00'), first.memory, { muted: false, format: fmt });
    assert.deepEqual(ids(again), []);
    assert.equal(again.memory, first.memory);
    const nextPeriod = planUsageAlerts(usage('800.00', { periodStart: '2026-04-01T00:00:00.000Z', periodEnd: '2026-05-01T00:00:00.000Z' }), first.memory, { muted: false, format: fmt });
    assert.deepEqual(ids(nextPeriod), ['usage80']);
  });

  it('credits used up with overage off: Enable overage and Upgrade, the reset date; the 80 % alert is not shown after it', () => {
    const base = usage('1000.00', { quotaExceeded: 'credits_exhausted' });
    const planned = planUsageAlerts({ ...base, overage: { ...base.overage!, enabled: false } }, undefined, { muted: false, format: fmt });
    assert.deepEqual(ids(planned), ['creditsExhausted']);
    assert.equal(planned.alerts[0]!.message, 'You have used all 1,000 credits of Pro this period. Your credits reset on Apr 1, 2026.');
    assert.deepEqual(planned.alerts[0]!.actions, ['enableOverage', 'upgrade']);
    assert.deepEqual(planned.memory.shown, ['creditsExhausted', 'usage80']);
  });

  it('overage started, then the cap reached, each once', () => {
    const base = usage('1000.00');
    const started = planUsageAlerts({ ...base, overage: { ...base.overage!, used: '5.00', accrued: { amount: 20, currency: 'USD' } } }, { periodStart: base.periodStart, shown: ['usage80'] }, { muted: false, format: fmt });
    assert.deepEqual(ids(started), ['overageStarted']);
    assert.equal(started.alerts[0]!.message, 'Your Pro credits are used up: credits now cost $0.04 each, up to $20.00 this period (so far $0.20).');
    const capped = planUsageAlerts(
      { ...base, quotaExceeded: 'spend_cap_reached', overage: { ...base.overage!, used: '500.00', accrued: { amount: 2000, currency: 'USD' }, capReached: true } },
      started.memory,
      { muted: false, format: fmt },
    );
    assert.deepEqual(ids(capped), ['capReached']);
    assert.deepEqual(capped.alerts[0]!.actions, ['raiseSpendCap', 'upgrade']);
    assert.deepEqual(ids(planUsageAlerts(capped.alerts.length ? { ...base, overage: { ...base.overage!, used: '500.00', capReached: true } } : base, capped.memory, { muted: false, format: fmt })), []);
  });

  it('muted: nothing shown, but remembered (unmuting does not replay)', () => {
    const muted = planUsageAlerts(usage('900.00'), undefined, { muted: true, format: fmt });
    assert.deepEqual(ids(muted), []);
    assert.deepEqual(muted.memory.shown, ['usage80']);
    assert.deepEqual(ids(planUsageAlerts(usage('900.00'), muted.memory, { muted: false, format: fmt })), []);
  });
});
