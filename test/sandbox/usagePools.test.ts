/** sandbox/billing/usagePools.ts: the order credits are drawn in, all-or-nothing events, meters and alerts. */
import assert from 'node:assert/strict';
import {
  alertsCrossed,
  consume,
  expireBonus,
  overageCostCents,
  resetForNewPeriod,
  summarize,
  type BonusGrant,
  type ConsumeResult,
  type OverageSettings,
  type UsageState,
  type UsageSummary,
} from '../../sandbox/billing/usagePools';
import { seededRandom } from '../support/seededRandom';

const T0 = Date.UTC(2026, 3, 1);
const DAY = 86_400_000;

const OVERAGE_OFF: OverageSettings = { enabled: false, spendCapCents: 2500, pricePerCreditCents: 4, used: 0 };
const OVERAGE_ON: OverageSettings = { ...OVERAGE_OFF, enabled: true };

/** Deep-frozen, so any mutation by the module throws in strict mode instead of passing silently. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

function makeState(plan: [included: number, used: number], bonus: BonusGrant[] = [], overage: OverageSettings = OVERAGE_OFF): UsageState {
  return deepFreeze({ plan: { included: plan[0], used: plan[1] }, bonus, overage });
}

function grant(id: string, granted: number, expiresInDays: number, used = 0): BonusGrant {
  return { id, granted, used, expiresAt: T0 + expiresInDays * DAY };
}

function expectOk(result: ConsumeResult): Extract<ConsumeResult, { ok: true }> {
  if (!result.ok) assert.fail(`expected the event to be accepted, got ${result.reason}: ${result.message}`);
  return result;
}

function expectRefused(result: ConsumeResult): Extract<ConsumeResult, { ok: false }> {
  if (result.ok) assert.fail(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
}

/** Plan used + every grant's used + overage used: what all pools together have handed out. */
function totalUsed(state: UsageState): number {
  return state.plan.used + state.bonus.reduce((sum, g) => sum + g.used, 0) + state.overage.used;
}

describe('usage pools', () => {
  describe('the order: plan, then bonus by expiry, then overage', () => {
    const state = makeState([1000, 0], [grant('later', 500, 10), grant('sooner', 500, 5)], OVERAGE_ON);

    it('takes from plan credits first', () => {
      const result = expectOk(consume(state, 300, T0));
      assert.deepEqual([result.fromPlan, result.fromBonus, result.fromOverage], [300, [], 0]);
      assert.deepEqual(result.next.plan, { included: 1000, used: 300 });
      assert.deepEqual(result.next.bonus, state.bonus);
      assert.equal(result.next.overage, state.overage);
    });

    it('then the bonus grant expiring soonest, whatever its place in the list', () => {
      const result = expectOk(consume(state, 1200, T0));
      assert.equal(result.fromPlan, 1000);
      assert.deepEqual(result.fromBonus, [{ id: 'sooner', hundredths: 200 }]);
      assert.equal(result.fromOverage, 0);
      assert.deepEqual(result.next.bonus, [grant('later', 500, 10), grant('sooner', 500, 5, 200)]);
    });

    it('then the next grant, then overage', () => {
      const result = expectOk(consume(state, 2500, T0));
      assert.equal(result.fromPlan, 1000);
      assert.deepEqual(result.fromBonus, [
        { id: 'sooner', hundredths: 500 },
        { id: 'later', hundredths: 500 },
      ]);
      assert.equal(result.fromOverage, 500);
      assert.deepEqual(result.next, {
        plan: { included: 1000, used: 1000 },
        bonus: [grant('later', 500, 10, 500), grant('sooner', 500, 5, 500)],
        overage: { ...OVERAGE_ON, used: 500 },
      });
    });

    it('breaks expiry ties by id, not by list order', () => {
      const tied = makeState([0, 0], [grant('b', 100, 5), grant('a', 100, 5), grant('c', 100, 5)]);
      assert.deepEqual(expectOk(consume(tied, 250, T0)).fromBonus, [
        { id: 'a', hundredths: 100 },
        { id: 'b', hundredths: 100 },
        { id: 'c', hundredths: 50 },
      ]);
    });

    it('skips used-up grants and lists only the grants drawn on', () => {
      const s = makeState([0, 0], [grant('empty', 100, 1, 100), grant('full', 100, 2)]);
      assert.deepEqual(expectOk(consume(s, 40, T0)).fromBonus, [{ id: 'full', hundredths: 40 }]);
    });
  });

  describe('exact splits across pools', () => {
    it('takes the last hundredth of the plan, every hundredth of a grant, and one of overage', () => {
      const s = makeState([1000, 999], [grant('g', 250, 3, 3)], OVERAGE_ON);
      const result = expectOk(consume(s, 1 + 247 + 1, T0));
      assert.deepEqual([result.fromPlan, result.fromBonus, result.fromOverage], [1, [{ id: 'g', hundredths: 247 }], 1]);
      assert.deepEqual(result.next, { plan: { included: 1000, used: 1000 }, bonus: [grant('g', 250, 3, 250)], overage: { ...OVERAGE_ON, used: 1 } });
      assert.equal(totalUsed(result.next) - totalUsed(s), 249);
    });

    it('uses exactly what is left with no overage when it fits to the hundredth', () => {
      const s = makeState([500, 123], [grant('g', 100, 3)]);
      const result = expectOk(consume(s, 377 + 100, T0));
      assert.deepEqual([result.fromPlan, result.fromBonus, result.fromOverage], [377, [{ id: 'g', hundredths: 100 }], 0]);
      assert.equal(summarize(result.next, T0).remaining, 0);
    });

    it('treats a plan already over its (lowered) included amount as empty', () => {
      const s = makeState([500, 800], [grant('g', 100, 3)]);
      const result = expectOk(consume(s, 50, T0));
      assert.deepEqual([result.fromPlan, result.fromBonus], [0, [{ id: 'g', hundredths: 50 }]]);
    });
  });

  describe('refusals', () => {
    it("refuses with 'credits_exhausted' when plan and bonus cannot cover it and overage is off, changing nothing", () => {
      const s = makeState([1000, 600], [grant('g', 100, 3)]);
      const snapshot = structuredClone(s);
      const result = expectRefused(consume(s, 501, T0));
      assert.equal(result.reason, 'credits_exhausted');
      assert.equal(result.message, 'This needs 5.01 credits but only 5 are left for this period. Enable overage or upgrade to continue.');
      assert.deepEqual(s, snapshot);
      // The same state still serves an event that fits.
      assert.equal(expectOk(consume(s, 500, T0)).fromPlan, 400);
    });

    it('says all credits are used when nothing is left', () => {
      const result = expectRefused(consume(makeState([1000, 1000]), 1, T0));
      assert.deepEqual(result, {
        ok: false,
        reason: 'credits_exhausted',
        message: 'You have used all your credits for this period. Enable overage or upgrade to continue.',
      });
    });

    it("refuses with 'spend_cap_reached' when the overage cost would pass the cap, changing nothing", () => {
      const s = makeState([100, 0], [], { ...OVERAGE_ON, spendCapCents: 2500, pricePerCreditCents: 4, used: 62_000 });
      const snapshot = structuredClone(s);
      const result = expectRefused(consume(s, 100 + 513, T0));
      assert.deepEqual(result, { ok: false, reason: 'spend_cap_reached', message: 'This would pass your overage spend cap of $25.00.' });
      assert.deepEqual(s, snapshot);
    });

    it('writes large caps with grouping', () => {
      const s = makeState([0, 0], [], { ...OVERAGE_ON, spendCapCents: 125_000, pricePerCreditCents: 100 });
      assert.equal(expectRefused(consume(s, 125_001, T0)).message, 'This would pass your overage spend cap of $1,250.00.');
    });

    it('throws RangeError for a non-positive or fractional event and for corrupt state', () => {
      const s = makeState([100, 0]);
      for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => consume(s, bad, T0), RangeError, String(bad));
      assert.throws(() => consume(s, 1, Number.NaN), RangeError);
      assert.throws(() => consume(makeState([100, -1]), 1, T0), RangeError);
      assert.throws(() => consume(makeState([100, 0], [grant('g', 10, 1, 11)]), 1, T0), RangeError);
      assert.throws(() => consume(makeState([100, 0], [grant('g', 10, 1), grant('g', 10, 2)]), 1, T0), RangeError);
      assert.throws(() => consume(makeState([100, 0], [], { ...OVERAGE_ON, pricePerCreditCents: 0.5 }), 1, T0), RangeError);
    });
  });

  describe('bonus expiry', () => {
    it('skips a grant expiring exactly at the event time and uses one expiring a millisecond later', () => {
      const at = T0 + 5 * DAY;
      const s = makeState([0, 0], [grant('expired', 100, 5), grant('live', 100, 6), grant('edge', 100, 5)].map((g) => (g.id === 'edge' ? { ...g, expiresAt: at + 1 } : g)));
      const result = expectOk(consume(s, 150, at));
      assert.deepEqual(result.fromBonus, [
        { id: 'edge', hundredths: 100 },
        { id: 'live', hundredths: 50 },
      ]);
      assert.equal(result.next.bonus[0].used, 0, 'the expired grant is left as it was');
    });

    it('refuses rather than spend an expired grant', () => {
      const s = makeState([0, 0], [grant('old', 1000, 1)]);
      assert.equal(expectOk(consume(s, 10, T0)).fromBonus.length, 1);
      assert.equal(expectRefused(consume(s, 10, T0 + DAY)).reason, 'credits_exhausted');
    });

    it('expireBonus drops the unused part of expired grants only, purely', () => {
      const s = makeState([100, 0], [grant('expired', 500, 1, 200), grant('live', 500, 9, 100), grant('unused', 300, 1)]);
      const snapshot = structuredClone(s);
      const next = expireBonus(s, T0 + DAY);
      assert.deepEqual(next.bonus, [grant('expired', 200, 1, 200), grant('live', 500, 9, 100), grant('unused', 0, 1)]);
      assert.deepEqual(s, snapshot);
      assert.deepEqual(summarize(next, T0 + DAY), summarize(s, T0 + DAY), 'expiring changes no meter');
    });

    it('expireBonus returns the same state when nothing expired', () => {
      const s = makeState([100, 0], [grant('live', 500, 9, 100)]);
      assert.equal(expireBonus(s, T0), s);
    });
  });

  describe('spend cap boundary', () => {
    it('allows an event that brings the cost exactly to the cap and refuses one hundredth beyond (1 ¢ per hundredth)', () => {
      const overage: OverageSettings = { enabled: true, spendCapCents: 2500, pricePerCreditCents: 100, used: 0 };
      const s = makeState([1000, 1000], [], overage);
      const atCap = expectOk(consume(s, 2500, T0));
      assert.equal(summarize(atCap.next, T0).overageAccruedCents, 2500);
      assert.equal(expectRefused(consume(s, 2501, T0)).reason, 'spend_cap_reached');
      assert.equal(expectRefused(consume(atCap.next, 1, T0)).reason, 'spend_cap_reached');
    });

    it('at 4 ¢ per credit, allows exactly the credits the cap pays for (compared before rounding)', () => {
      // 62,500 hundredths cost exactly 2500 ¢; one more would cost 2500.04 ¢, which passes the cap.
      const s = makeState([0, 0], [], OVERAGE_ON);
      assert.equal(overageCostCents(62_500, 4), 2500);
      const last = expectOk(consume(s, 62_500, T0));
      assert.equal(summarize(last.next, T0).overageAccruedCents, 2500);
      assert.equal(summarize(last.next, T0).capReached, true);
      assert.equal(expectRefused(consume(s, 62_501, T0)).reason, 'spend_cap_reached');
      assert.equal(expectRefused(consume(last.next, 1, T0)).reason, 'spend_cap_reached');
      // Plan credit still left is spent first, so the same event fits when the plan covers part of it.
      expectOk(consume(makeState([1, 0], [], OVERAGE_ON), 62_501, T0));
    });

    it('counts overage already used this period toward the cap', () => {
      const s = makeState([0, 0], [], { ...OVERAGE_ON, used: 60_000 });
      expectOk(consume(s, 2500, T0));
      expectRefused(consume(s, 2501, T0));
    });
  });

  describe('overageCostCents', () => {
    const cases: Array<[number, number, number]> = [
      [0, 4, 0],
      [1, 4, 0], // 0.04 ¢
      [12, 4, 0], // 0.48 ¢
      [13, 4, 1], // 0.52 ¢
      [25, 2, 1], // 0.5 ¢: half rounds up
      [75, 2, 2], // 1.5 ¢
      [74, 2, 1], // 1.48 ¢
      [100, 4, 4], // one credit
      [125, 4, 5],
      [62_500, 4, 2500],
      [62_512, 4, 2500],
      [62_513, 4, 2501],
      [1234, 0, 0],
      [3, 50, 2], // 1.5 ¢
    ];
    for (const [hundredths, price, cents] of cases) {
      it(`${hundredths} hundredths at ${price} ¢/credit cost ${cents} ¢`, () => assert.equal(overageCostCents(hundredths, price), cents));
    }

    it('stays exact past 2^53 in the intermediate product', () => {
      const h = Number.MAX_SAFE_INTEGER - 2;
      assert.equal(overageCostCents(h, 7), Number((BigInt(h) * 7n + 50n) / 100n));
      assert.equal(overageCostCents(h, 7), 630_503_947_831_869); // 63,050,394,783,186,916.9 → …869 ¢
    });

    it('throws RangeError for negative or fractional input', () => {
      for (const [h, p] of [
        [-1, 4],
        [1.5, 4],
        [1, -4],
        [1, 0.4],
        [Number.NaN, 4],
      ]) {
        assert.throws(() => overageCostCents(h, p), RangeError);
      }
    });
  });

  describe('summarize', () => {
    it('counts plan and active bonus credits, not expired ones or overage', () => {
      const s = makeState([1000, 400], [grant('live', 500, 9, 100), grant('expired', 300, 1, 50)], { ...OVERAGE_ON, used: 250 });
      assert.deepEqual(summarize(s, T0 + DAY), {
        available: 1500,
        used: 500,
        remaining: 1000,
        percentUsed: 33,
        overageUsed: 250,
        overageAccruedCents: 10,
        exhausted: false,
        capReached: false,
      });
    });

    const percents: Array<[string, [number, number], OverageSettings, number]> = [
      ['nothing available, nothing used', [0, 0], OVERAGE_OFF, 0],
      ['nothing available, overage used', [0, 0], { ...OVERAGE_ON, used: 1 }, 100],
      ['nothing used', [1000, 0], OVERAGE_OFF, 0],
      ['one hundredth of a lot (floors to 0)', [100_000, 1], OVERAGE_OFF, 0],
      ['a third (floors)', [300, 100], OVERAGE_OFF, 33],
      ['79.99 % (floors to 79)', [10_000, 7999], OVERAGE_OFF, 79],
      ['exactly 80 %', [10_000, 8000], OVERAGE_OFF, 80],
      ['99.99 % (floors to 99)', [10_000, 9999], OVERAGE_OFF, 99],
      ['all of it', [10_000, 10_000], OVERAGE_OFF, 100],
      ['over a lowered included amount (capped)', [10_000, 15_000], OVERAGE_OFF, 100],
      ['all of it plus overage', [10_000, 10_000], { ...OVERAGE_ON, used: 5000 }, 100],
    ];
    for (const [name, plan, overage, percent] of percents) {
      it(`percentUsed is ${percent} for ${name}`, () => assert.equal(summarize(makeState(plan, [], overage), T0).percentUsed, percent));
    }

    it('percentUsed is 100 when the only bonus grant expired after being used', () => {
      // Available drops to 0 once the grant expires; overage was used, so the meter is full.
      const s = makeState([0, 0], [grant('g', 100, 1, 100)], { ...OVERAGE_ON, used: 10 });
      assert.equal(summarize(s, T0).percentUsed, 100);
      assert.equal(summarize(s, T0 + DAY).percentUsed, 100);
      assert.equal(summarize(makeState([0, 0], [grant('g', 100, 1, 100)]), T0 + DAY).percentUsed, 0);
    });

    const exhaustion: Array<[string, UsageState, boolean, boolean]> = [
      ['credit left', makeState([1000, 999]), false, false],
      ['no credit, overage off', makeState([1000, 1000]), true, false],
      ['no credit, overage on and under the cap', makeState([1000, 1000], [], { ...OVERAGE_ON, used: 100 }), false, false],
      ['no credit, overage at the last allowed hundredth', makeState([1000, 1000], [], { ...OVERAGE_ON, used: 62_500 }), true, true],
      ['no credit, overage one hundredth short of the last', makeState([1000, 1000], [], { ...OVERAGE_ON, used: 62_499 }), false, false],
      ['credit left but overage cap reached', makeState([1000, 0], [], { ...OVERAGE_ON, used: 62_500 }), false, true],
      ['only an expired grant left', makeState([0, 0], [grant('g', 100, -1)]), true, false],
      ['cap 0 at 1 ¢ per hundredth', makeState([0, 0], [], { ...OVERAGE_ON, spendCapCents: 0, pricePerCreditCents: 100 }), true, true],
    ];
    for (const [name, s, exhausted, capReached] of exhaustion) {
      it(`${name}: exhausted ${exhausted}, capReached ${capReached}`, () => {
        const summary = summarize(s, T0);
        assert.deepEqual([summary.exhausted, summary.capReached], [exhausted, capReached]);
        // "exhausted" means exactly that the smallest possible event would be refused.
        assert.equal(consume(s, 1, T0).ok, !exhausted);
      });
    }
  });

  describe('alertsCrossed', () => {
    const crossing = (before: UsageState, hundredths: number, at = T0): string[] => {
      const result = expectOk(consume(before, hundredths, at));
      return alertsCrossed(summarize(before, at), summarize(result.next, at));
    };

    it('fires used_80 when an event reaches 80 %', () => assert.deepEqual(crossing(makeState([1000, 700]), 100), ['used_80']));
    it('does not fire below 80 %', () => assert.deepEqual(crossing(makeState([1000, 700]), 99), []));
    it('does not fire again once past 80 %', () => assert.deepEqual(crossing(makeState([1000, 800]), 100), []));

    it('fires used_80 and credits_exhausted, in that order, for one event that does both', () => {
      assert.deepEqual(crossing(makeState([1000, 500], [grant('g', 500, 3)]), 1000), ['used_80', 'credits_exhausted']);
    });

    it('adds overage_started when the same event spills into overage', () => {
      assert.deepEqual(crossing(makeState([1000, 500], [], OVERAGE_ON), 600), ['used_80', 'credits_exhausted', 'overage_started']);
    });

    it('fires all four, in order, for an event that goes from under 80 % to the cap', () => {
      assert.deepEqual(crossing(makeState([1000, 0], [], OVERAGE_ON), 1000 + 62_500), ['used_80', 'credits_exhausted', 'overage_started', 'cap_reached']);
    });

    it('fires cap_reached once, when overage reaches the cap', () => {
      const s = makeState([0, 0], [], { ...OVERAGE_ON, used: 60_000 });
      assert.deepEqual(crossing(s, 2000), []);
      assert.deepEqual(crossing(s, 2500), ['cap_reached']);
    });

    it('fires overage_started only for the first overage', () => {
      assert.deepEqual(crossing(makeState([0, 0], [], { ...OVERAGE_ON, used: 1 }), 5), []);
    });

    it('fires no used_80 when there are no plan or bonus credits at all', () => {
      assert.deepEqual(crossing(makeState([0, 0], [], OVERAGE_ON), 100), ['overage_started']);
    });

    it('fires again after a new period starts the meters over', () => {
      const first = expectOk(consume(makeState([1000, 0]), 900, T0)).next;
      const reset = resetForNewPeriod(first, 1000);
      assert.deepEqual(crossing(reset, 1000), ['used_80', 'credits_exhausted']);
    });

    it('returns nothing for identical summaries', () => {
      const summary: UsageSummary = summarize(makeState([1000, 1000], [], { ...OVERAGE_ON, used: 62_512 }), T0);
      assert.deepEqual(alertsCrossed(summary, summary), []);
    });
  });

  describe('resetForNewPeriod', () => {
    it('starts plan and overage at 0 with the new included amount and carries live grants with their expiry', () => {
      const s = makeState([1000, 1000], [grant('part', 500, 40, 120), grant('spent', 200, 40, 200), grant('fresh', 300, 400)], { ...OVERAGE_ON, used: 777 });
      const snapshot = structuredClone(s);
      assert.deepEqual(resetForNewPeriod(s, 2000), {
        plan: { included: 2000, used: 0 },
        bonus: [grant('part', 500, 40, 120), grant('fresh', 300, 400)],
        overage: { ...OVERAGE_ON, used: 0 },
      });
      assert.deepEqual(s, snapshot);
    });

    it('keeps the overage settings (enabled, cap, price)', () => {
      const overage: OverageSettings = { enabled: true, spendCapCents: 9900, pricePerCreditCents: 7, used: 5 };
      assert.deepEqual(resetForNewPeriod(makeState([1, 1], [], overage), 0).overage, { ...overage, used: 0 });
    });

    it('throws RangeError for a negative or fractional included amount', () => {
      assert.throws(() => resetForNewPeriod(makeState([1, 0]), -1), RangeError);
      assert.throws(() => resetForNewPeriod(makeState([1, 0]), 0.5), RangeError);
    });
  });

  describe('a long random sequence keeps the invariants', () => {
    it('5,000 events across periods, grants, expiries and overage settings', function () {
      // Thousands of steps with deep equality checks: give a busy CI machine room (as test/unit/.mocharc.json does).
      this.timeout(20_000);
      const random = seededRandom(0xc0ffee);
      const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
      let state: UsageState = makeState([20_000, 0], [grant('g0', 5000, 3)], OVERAGE_ON);
      let at = T0;
      let periodEnd = T0 + 30 * DAY;
      let nextGrant = 1;
      const counts = { ok: 0, credits_exhausted: 0, spend_cap_reached: 0, overage: 0, bonus: 0 };

      for (let step = 0; step < 5000; step += 1) {
        at += int(0, 6 * 3600_000);
        if (at >= periodEnd) {
          state = deepFreeze(resetForNewPeriod(expireBonus(state, periodEnd), int(0, 3) * 10_000));
          periodEnd += 30 * DAY;
        }
        const roll = random();
        if (roll < 0.03) {
          state = deepFreeze({ ...state, bonus: [...state.bonus, { id: `g${nextGrant++}`, granted: int(1, 8000), used: 0, expiresAt: at + int(-DAY, 20 * DAY) }] });
        } else if (roll < 0.05) {
          state = deepFreeze({ ...state, overage: { ...state.overage, enabled: !state.overage.enabled, spendCapCents: int(0, 3000), pricePerCreditCents: int(0, 10) } });
        } else if (roll < 0.07) {
          const before = summarize(state, at);
          state = deepFreeze(expireBonus(state, at));
          assert.deepEqual(summarize(state, at), before, 'expiring never changes the meters');
        }

        const hundredths = random() < 0.1 ? int(1, 20_000) : int(1, 1500);
        const before = summarize(state, at);
        const snapshot = structuredClone(state);

        // An independent oracle for accept/refuse from the summary alone.
        const spill = hundredths - before.remaining;
        const expected =
          spill <= 0
            ? 'ok'
            : !state.overage.enabled
              ? 'credits_exhausted'
              : (state.overage.used + spill) * state.overage.pricePerCreditCents > state.overage.spendCapCents * 100
                ? 'spend_cap_reached'
                : 'ok';

        const result = consume(state, hundredths, at);
        assert.deepEqual(state, snapshot, 'consume never mutates its input');
        assert.equal(result.ok ? 'ok' : result.reason, expected, `step ${step}`);
        assert.equal(consume(state, 1, at).ok, !before.exhausted, `step ${step}: exhausted agrees with a 1-hundredth event`);

        if (!result.ok) {
          counts[result.reason] += 1;
          continue; // nothing to apply: the state stays as it was (checked above)
        }
        counts.ok += 1;
        const { fromPlan, fromBonus, fromOverage, next } = result;
        const after = summarize(next, at);

        // Sums match, pool by pool.
        assert.equal(fromPlan + fromBonus.reduce((sum, part) => sum + part.hundredths, 0) + fromOverage, hundredths);
        assert.equal(totalUsed(next) - totalUsed(state), hundredths);
        assert.equal(next.plan.used - state.plan.used, fromPlan);
        assert.equal(next.overage.used - state.overage.used, fromOverage);
        assert.deepEqual(
          next.bonus.map((g) => g.id),
          state.bonus.map((g) => g.id),
        );
        for (const part of fromBonus) {
          const was = state.bonus.find((g) => g.id === part.id);
          const now = next.bonus.find((g) => g.id === part.id);
          assert.ok(was && now && part.hundredths > 0);
          assert.ok(at < was.expiresAt, 'only active grants are drawn on');
          assert.equal(now.used - was.used, part.hundredths);
        }
        // The order: bonus only once the plan is empty, by expiry; overage only once both are empty.
        if (fromBonus.length > 0) assert.equal(next.plan.used, next.plan.included);
        const expiries = fromBonus.map((part) => state.bonus.find((g) => g.id === part.id)?.expiresAt ?? Number.NaN);
        assert.deepEqual(
          expiries,
          [...expiries].sort((a, b) => a - b),
        );
        if (fromOverage > 0) assert.equal(after.remaining, 0);

        // Used never exceeds what was available plus overage; the cap holds.
        assert.ok(after.used <= after.available);
        assert.equal(after.used + after.remaining, after.available);
        assert.ok(after.percentUsed >= 0 && after.percentUsed <= 100);
        for (const g of next.bonus) assert.ok(g.used <= g.granted);
        assert.ok(next.plan.used <= next.plan.included);
        if (fromOverage > 0) assert.ok(after.overageAccruedCents <= next.overage.spendCapCents);

        // Alerts: each at most once, each exactly when its condition flipped.
        const alerts = alertsCrossed(before, after);
        assert.equal(new Set(alerts).size, alerts.length);
        assert.equal(alerts.includes('credits_exhausted'), before.remaining > 0 && after.remaining === 0);
        assert.equal(alerts.includes('overage_started'), before.overageUsed === 0 && after.overageUsed > 0);
        assert.equal(alerts.includes('cap_reached'), !before.capReached && after.capReached);

        if (fromOverage > 0) counts.overage += 1;
        if (fromBonus.length > 0) counts.bonus += 1;
        state = deepFreeze(next);
      }

      // The sequence must actually exercise every path, or the invariants prove little.
      for (const [name, count] of Object.entries(counts)) assert.ok(count > 50, `${name} happened only ${count} times`);
    });
  });
});
