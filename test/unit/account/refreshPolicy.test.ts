import { strict as assert } from 'node:assert';
import { accountCadence, DEFAULT_REFRESH_POLICY, type PolicyContext, RefreshPolicy } from '../../../src/account/refreshPolicy';
import { seededRandom } from '../../support/seededRandom';
import { claims, DAY, FakeClock, HOUR, summary, T0 } from '../support/fixtures';

const MIN = 60_000;

describe('RefreshPolicy', () => {
  let clock: FakeClock;
  let policy: RefreshPolicy;
  const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({ lastCheckedAt: clock.now(), cadence: 'normal', tokenRefreshAt: clock.now() + 24 * HOUR, ...over });

  beforeEach(() => {
    clock = new FakeClock();
    policy = new RefreshPolicy(clock, seededRandom(1));
  });

  it('checks at activation when never checked, not when a recent check exists', () => {
    assert.equal(policy.admit('activation', ctx({ lastCheckedAt: undefined })).run, true);
    assert.equal(policy.admit('activation', ctx()).run, false);
    assert.equal(policy.admit('activation', ctx({ lastCheckedAt: clock.now() - 13.5 * HOUR })).run, true);
  });

  it('checks as soon as the token passed its refresh time', () => {
    assert.equal(policy.admit('periodic', ctx({ tokenRefreshAt: clock.now() - 1 })).run, true);
  });

  it('is single-flight: nothing is admitted while a refresh runs', () => {
    policy.started('manual');
    for (const trigger of ['manual', 'uriCallback', 'panelOpen', 'focus', 'periodic', 'retry'] as const) {
      assert.equal(policy.admit(trigger, ctx({ lastCheckedAt: undefined })).run, false, trigger);
    }
    policy.succeeded(false);
    assert.equal(policy.admit('manual', ctx()).run, true);
  });

  it('rate-limits focus to one check per 5 minutes, and only when due', () => {
    const due = ctx({ lastCheckedAt: clock.now() - 14 * HOUR });
    assert.equal(policy.admit('focus', ctx()).run, false, 'not due');
    assert.equal(policy.admit('focus', due).run, true);
    policy.started('focus');
    policy.failed();
    clock.advance(2 * MIN);
    assert.equal(policy.admit('focus', { ...due, lastCheckedAt: clock.now() - 14 * HOUR }).run, false);
    policy.reset();
    policy.started('focus');
    policy.succeeded(false);
    clock.advance(4 * MIN);
    assert.equal(policy.admit('focus', ctx({ lastCheckedAt: clock.now() - 14 * HOUR })).run, false, 'within 5 min');
    clock.advance(2 * MIN);
    assert.equal(policy.admit('focus', ctx({ lastCheckedAt: clock.now() - 14 * HOUR })).run, true);
  });

  it('checks on panel open unless the last check is under a minute old', () => {
    assert.equal(policy.admit('panelOpen', ctx({ lastCheckedAt: clock.now() - 30_000 })).run, false);
    assert.equal(policy.admit('panelOpen', ctx({ lastCheckedAt: clock.now() - 90_000 })).run, true);
  });

  it('always admits manual, URI callback and sign-in, even while backing off', () => {
    policy.started('periodic');
    policy.failed(60 * MIN);
    for (const trigger of ['manual', 'uriCallback', 'signIn'] as const) assert.equal(policy.admit(trigger, ctx()).run, true, trigger);
    assert.equal(policy.admit('periodic', ctx({ lastCheckedAt: undefined })).run, false);
  });

  it('schedules the periodic check about 12 h ± 10 % after the last one, 6 h near an end, 3 h when past due', () => {
    const wake = policy.nextWake(ctx());
    assert.equal(wake.trigger, 'periodic');
    const delay = wake.at - clock.now();
    assert.ok(delay >= 10.8 * HOUR && delay <= 13.2 * HOUR, `${delay / HOUR} h`);
    const nearEnd = policy.nextWake(ctx({ cadence: 'nearEnd' })).at - clock.now();
    assert.ok(nearEnd >= 5.4 * HOUR && nearEnd <= 6.6 * HOUR, `${nearEnd / HOUR} h`);
    const urgent = policy.nextWake(ctx({ cadence: 'urgent' })).at - clock.now();
    assert.ok(urgent >= 2.7 * HOUR && urgent <= 3.3 * HOUR, `${urgent / HOUR} h`);
  });

  it('jitters the interval differently across installations', () => {
    const delays = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const p = new RefreshPolicy(clock, seededRandom(seed));
      delays.add(Math.round((p.nextWake(ctx()).at - clock.now()) / MIN));
    }
    assert.ok(delays.size > 10, `only ${delays.size} distinct delays`);
  });

  it('backs off exponentially with jitter after failures, capped, and honours Retry-After', () => {
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      policy.started('retry');
      policy.failed();
      const wake = policy.nextWake(ctx({ lastCheckedAt: clock.now() - 20 * HOUR }));
      assert.equal(wake.trigger, 'retry');
      delays.push(wake.at - clock.now());
      clock.time = wake.at;
    }
    delays.forEach((delay, i) => {
      const ceiling = Math.min(DEFAULT_REFRESH_POLICY.failureCapMs, DEFAULT_REFRESH_POLICY.failureBaseMs * 2 ** i);
      assert.ok(delay >= ceiling / 2 && delay <= ceiling, `failure ${i + 1}: ${delay} ms not in [${ceiling / 2}, ${ceiling}]`);
    });
    assert.ok(new Set(delays.slice(7)).size > 1, 'capped delays are still jittered');
    policy.started('retry');
    policy.failed(2 * HOUR);
    assert.equal(policy.nextWake(ctx()).at - clock.now(), 2 * HOUR, 'Retry-After wins when longer');
    assert.equal(policy.admit('retry', ctx()).run, false);
    clock.advance(2 * HOUR);
    assert.equal(policy.admit('retry', ctx()).run, true);
    policy.started('retry');
    policy.succeeded(false);
    assert.equal(policy.consecutiveFailures, 0);
    assert.equal(policy.nextWake(ctx()).trigger, 'periodic');
  });

  it('polls after the portal opened with growing delays until the account changes', () => {
    policy.startPoll();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const wake = policy.nextWake(ctx());
      assert.equal(wake.trigger, 'portalPoll');
      delays.push((wake.at - clock.now()) / 1000);
      clock.time = wake.at;
      assert.equal(policy.admit('portalPoll', ctx()).run, true);
      policy.started('portalPoll');
      policy.succeeded(false);
    }
    assert.deepEqual(delays, [2, 3, 5, 8, 13, 20, 30, 30, 30]);
    policy.started('portalPoll');
    policy.succeeded(true);
    assert.equal(policy.polling, false, 'stops when the account changed');
    assert.equal(policy.admit('portalPoll', ctx()).run, false);
  });

  it('gives up polling after about 10 minutes', () => {
    policy.startPoll();
    let polls = 0;
    while (policy.polling && polls < 100) {
      const wake = policy.nextWake(ctx());
      clock.time = wake.at;
      policy.started('portalPoll');
      policy.succeeded(false);
      polls++;
    }
    assert.equal(policy.polling, false);
    assert.ok(polls >= 20 && polls <= 30, `${polls} polls`);
    assert.ok(clock.now() - T0 <= 10.5 * MIN);
  });

  it('fetches the entitlement only when needed', () => {
    const c = claims({}, clock.now());
    assert.equal(policy.needsEntitlement(true, c, ctx()), true, 'account changed');
    assert.equal(policy.needsEntitlement(false, null, ctx()), true, 'no token');
    assert.equal(policy.needsEntitlement(false, c, ctx()), false, 'fresh token, nothing changed');
    clock.advance(20 * HOUR);
    assert.equal(policy.needsEntitlement(false, c, ctx()), true, 'token would lapse before the next check');
  });

  it('checks faster while past due or in the last 3 days of a trial or cancellation, and right after known transitions', () => {
    const trialEnd = T0 + 2 * DAY;
    const trial = summary({ subscription: { ...summary().subscription!, status: 'trialing', trialEnd: new Date(trialEnd).toISOString() } });
    const laterTrial = summary({ subscription: { ...summary().subscription!, status: 'trialing', trialEnd: new Date(T0 + 10 * DAY).toISOString() } });
    const retryAt = '2026-03-12T12:00:00.000Z';
    const pastDue = summary({
      latestPaymentFailure: { invoiceId: 'in', amountDue: { amount: 2000, currency: 'USD' }, declineCode: 'x', message: 'x', attemptCount: 1, failedAt: new Date(T0).toISOString(), nextRetryAt: retryAt },
    });
    assert.deepEqual(accountCadence('pastDue', pastDue, T0), { cadence: 'urgent', boundaryAt: Date.parse(retryAt) });
    assert.deepEqual(accountCadence('trialing', trial, T0), { cadence: 'nearEnd', boundaryAt: trialEnd });
    assert.equal(accountCadence('trialing', laterTrial, T0).cadence, 'normal');
    assert.deepEqual(accountCadence('active', summary(), T0), { cadence: 'normal', boundaryAt: undefined });
    assert.equal(accountCadence('activeCanceling', summary(), T0 + 18 * DAY).cadence, 'nearEnd');

    // The trial end is checked within 10 minutes after it, even though the 6 h interval is not over.
    const lastChecked = trialEnd - HOUR;
    clock.time = lastChecked;
    const wake = policy.nextWake({ lastCheckedAt: lastChecked, cadence: 'nearEnd', boundaryAt: trialEnd, tokenRefreshAt: undefined });
    assert.ok(wake.at >= trialEnd && wake.at <= trialEnd + DEFAULT_REFRESH_POLICY.boundaryJitterMs, `${(wake.at - trialEnd) / 60_000} min after`);
    clock.time = wake.at;
    assert.equal(policy.admit('periodic', { lastCheckedAt: lastChecked, cadence: 'nearEnd', boundaryAt: trialEnd, tokenRefreshAt: undefined }).run, true);
  });
});
