/** The fleet model (test/support/fleetModel.ts, docs/refreshPolicy.md): a property of the real policy, deterministic seeds, no timing. */
import { strict as assert } from 'node:assert';
import { fleetSummary, outageSummary, runFleetModel, OUTAGE_1H } from '../support/fleetModel';

describe('fleet model (real refresh policy, simulated week)', function () {
  this.timeout(120_000);

  it('costs each installed user about 1.5 requests a day, usage included: one request per check', () => {
    const f = runFleetModel(10_000);
    const [figures, usage] = fleetSummary(f).split('\n');
    console.log(`      fleet model: ${figures}\n        ${usage}`);
    for (const g of f.byGroup) console.log(`        ${g.group.padEnd(22)} ${String(g.users).padStart(5)} users  ${g.requestsPerUserPerDay.toFixed(2)} requests/user/day`);
    // docs/refreshPolicy.md: the account summary carries the entitlement token and the usage meters, so a check is one
    // conditional request and usage adds only the panel's charts.
    assert.ok(f.requestsPerUserPerDay <= 1.7, `${f.requestsPerUserPerDay.toFixed(2)} requests/user/day exceeds 1.7 with usage`);
    assert.ok(f.accountRequestsPerUserPerDay <= 1.4, `${f.accountRequestsPerUserPerDay.toFixed(2)} account requests/user/day exceed 1.4`);
    assert.ok(f.requestsPerUserPerDay > 0.2, 'the model must actually exercise the policy');
  });

  it('forms no herd when a 1-hour outage ends: backoff with jitter keeps the peak below a normal morning', () => {
    const f = runFleetModel(5_000, { outage: OUTAGE_1H });
    const o = f.outage!;
    console.log(`      ${outageSummary(o)}`);
    assert.ok(o.failedPerUser > 0.1, 'the outage must hit requests');
    assert.ok(o.failedPerUser < 3, `${o.failedPerUser.toFixed(2)} failed requests per user: retries are not bounded`);
    assert.ok(o.peakPerMinuteAfter <= o.normalPeakPerMinute, `the peak after the outage (${o.peakPerMinuteAfter.toFixed(1)}/min) passes the normal peak (${o.normalPeakPerMinute.toFixed(1)}/min)`);
  });
});
