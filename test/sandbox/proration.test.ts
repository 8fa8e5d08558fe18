/**
 * sandbox/billing/proration.ts against Stripe's proration formula, written out again here with
 * BigInt seconds so the module is checked against an independent computation, not against itself.
 */
import assert from 'node:assert/strict';
import {
  addCalendarMonths,
  changeDirection,
  formatDay,
  previewProration,
  prorateCents,
  type BillingInterval,
  type ProrationInput,
  type ProrationPreview,
} from '../../sandbox/billing/proration';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, m - 1, d, h, mi, s, ms);

/** round(price × (end − t) / (end − start)) half away from zero, on whole seconds (what Stripe documents). */
function expectedProrated(priceCents: number, start: number, end: number, at: number): number {
  const seconds = (ms: number): bigint => BigInt(Math.floor(ms / 1000));
  const numerator = BigInt(priceCents) * (seconds(end) - seconds(at));
  const denominator = seconds(end) - seconds(start);
  let quotient = numerator / denominator;
  if (2n * (numerator % denominator) >= denominator) quotient += 1n;
  return Number(quotient);
}

/** The credit line's expected amount: −prorated, with 0 as +0 (the module never returns −0). */
const expectedCredit = (priceCents: number, start: number, end: number, at: number): number => 0 - expectedProrated(priceCents, start, end, at);

const sum = (preview: ProrationPreview): number => preview.lines.reduce((total, line) => total + line.amountCents, 0);

function input(current: [string, number, BillingInterval], target: [string, number, BillingInterval], start: number, end: number, at: number): ProrationInput {
  return {
    current: { planName: current[0], amountCents: current[1], interval: current[2] },
    target: { planName: target[0], amountCents: target[1], interval: target[2] },
    period: { start, end },
    at,
  };
}

/** Start, 1 s in, a third, the middle, 1 s before the end (and a point carrying milliseconds). */
function pointsIn(start: number, end: number): Array<[string, number]> {
  const seconds = (end - start) / 1000;
  return [
    ['the start', start],
    ['1 s in', start + 1000],
    ['a third in', start + Math.floor(seconds / 3) * 1000],
    ['the middle', start + Math.floor(seconds / 2) * 1000],
    ['1 s before the end', end - 1000],
    ['a time with milliseconds', start + Math.floor(seconds / 7) * 1000 + 999],
  ];
}

const MONTHS: Array<[string, number, number]> = [
  ['28-day month (Feb 2026)', utc(2026, 2, 1), utc(2026, 3, 1)],
  ['29-day month (Feb 2028)', utc(2028, 2, 1), utc(2028, 3, 1)],
  ['30-day month (Apr 2026)', utc(2026, 4, 1), utc(2026, 5, 1)],
  ['31-day month (Jan 2026)', utc(2026, 1, 1), utc(2026, 2, 1)],
  ['31-day month with a time of day (Dec 2026)', utc(2026, 12, 5, 14, 30, 15), utc(2027, 1, 5, 14, 30, 15)],
];

const YEARS: Array<[string, number, number]> = [
  ['365-day year', utc(2026, 3, 15), utc(2027, 3, 15)],
  ['366-day year (across Feb 29 2028)', utc(2027, 6, 1, 9), utc(2028, 6, 1, 9)],
];

describe('proration', () => {
  describe('the reference formula itself', () => {
    it('matches the worked example in Stripe\'s docs: $10 → $20 monthly, halfway: −$5 + $10', () => {
      const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
      const middle = start + (end - start) / 2;
      const preview = previewProration(input(['Basic', 1000, 'month'], ['Plus', 2000, 'month'], start, end, middle));
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [-500, 1000],
      );
      assert.equal(preview.subtotalCents, 500);
    });
  });

  describe('changeDirection', () => {
    const cases: Array<[number, BillingInterval, number, BillingInterval, string]> = [
      [2000, 'month', 4000, 'month', 'upgrade'],
      [4000, 'month', 2000, 'month', 'downgrade'],
      [2000, 'month', 2000, 'month', 'same'],
      [20000, 'year', 40000, 'year', 'upgrade'],
      [40000, 'year', 20000, 'year', 'downgrade'],
      [20000, 'year', 20000, 'year', 'same'],
      [2000, 'month', 20000, 'year', 'upgrade'],
      [4000, 'month', 1000, 'year', 'upgrade'], // month → year even at a lower total
      [20000, 'year', 2000, 'month', 'downgrade'],
      [1000, 'year', 4000, 'month', 'downgrade'],
      [0, 'month', 2000, 'month', 'upgrade'],
    ];
    for (const [a, ai, b, bi, expected] of cases) {
      it(`${a}/${ai} → ${b}/${bi} is ${expected}`, () => assert.equal(changeDirection({ amountCents: a, interval: ai }, { amountCents: b, interval: bi }), expected));
    }
  });

  describe('upgrade within the same interval', () => {
    const prices: Array<[BillingInterval, number, number, Array<[string, number, number]>]> = [
      ['month', 2000, 4000, MONTHS],
      ['month', 1999, 3333, MONTHS],
      ['year', 20000, 40000, YEARS],
      ['year', 19999, 33333, YEARS],
    ];
    for (const [interval, from, to, periods] of prices) {
      for (const [periodName, start, end] of periods) {
        for (const [pointName, at] of pointsIn(start, end)) {
          it(`${from} → ${to} per ${interval}, ${periodName}, at ${pointName}`, () => {
            const preview = previewProration(input(['Pro', from, interval], ['Pro+', to, interval], start, end, at));
            const atSecond = Math.floor(at / 1000) * 1000;
            assert.equal(preview.direction, 'upgrade');
            assert.equal(preview.effective, 'now');
            assert.equal(preview.effectiveAt, atSecond);
            assert.deepEqual(preview.newPeriod, { start, end });
            assert.equal(preview.lines.length, 2);
            const [credit, charge] = preview.lines;
            assert.equal(credit.kind, 'proration');
            assert.equal(credit.amountCents, expectedCredit(from, start, end, at));
            assert.deepEqual([credit.periodStart, credit.periodEnd], [atSecond, end]);
            assert.equal(charge.kind, 'proration');
            assert.equal(charge.amountCents, expectedProrated(to, start, end, at));
            assert.deepEqual([charge.periodStart, charge.periodEnd], [atSecond, end]);
            assert.equal(preview.subtotalCents, sum(preview));
          });
        }
      }
    }

    it('credits and charges the full prices at the start of the period', () => {
      const [start, end] = MONTHS[2].slice(1) as [number, number];
      const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 4000, 'month'], start, end, start));
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [-2000, 4000],
      );
      assert.equal(preview.subtotalCents, 2000);
    });

    it('prorates a single remaining second to (almost) nothing', () => {
      const [start, end] = [utc(2026, 1, 1), utc(2026, 2, 1)];
      const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 4000, 'month'], start, end, end - 1000));
      // 2000 × 1 / 2,678,400 s is far below half a cent.
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [0, 0],
      );
      assert.ok(Object.is(preview.lines[0].amountCents, 0), 'a zero credit is +0, not −0');
    });

    it('describes the lines the way Stripe does, dated in UTC', () => {
      const [start, end] = [utc(2026, 11, 28), utc(2026, 12, 28)];
      const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 4000, 'month'], start, end, utc(2026, 12, 5, 23, 59, 59)));
      assert.deepEqual(
        preview.lines.map((l) => l.description),
        ['Unused time on Pro after Dec 5, 2026', 'Remaining time on Pro+ after Dec 5, 2026'],
      );
    });
  });

  describe('upgrade from monthly to annual', () => {
    const cases: Array<[string, number, number]> = [...MONTHS];
    for (const [periodName, start, end] of cases) {
      for (const [pointName, at] of pointsIn(start, end)) {
        it(`Pro 2000/month → Pro+ 40000/year, ${periodName}, at ${pointName}`, () => {
          const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 40000, 'year'], start, end, at));
          const t = Math.floor(at / 1000) * 1000;
          const d = new Date(t);
          // Same date and time next year; Feb 29 (1 s before the end of Feb 2028) becomes Feb 28.
          const daysInMonthNextYear = new Date(Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth() + 1, 0)).getUTCDate();
          const yearLater = Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), Math.min(d.getUTCDate(), daysInMonthNextYear), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
          assert.equal(preview.direction, 'upgrade');
          assert.equal(preview.effective, 'now');
          assert.equal(preview.effectiveAt, t);
          assert.deepEqual(preview.newPeriod, { start: t, end: yearLater });
          assert.deepEqual(
            preview.lines.map((l) => [l.amountCents, l.periodStart, l.periodEnd]),
            [
              [expectedCredit(2000, start, end, at), t, end],
              [40000, t, yearLater],
            ],
          );
          assert.equal(preview.subtotalCents, sum(preview));
          assert.equal(preview.subtotalCents, 40000 - expectedProrated(2000, start, end, at));
        });
      }
    }

    it('names the annual line "Pro+ (annual) from <date>"', () => {
      const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 40000, 'year'], utc(2026, 11, 28), utc(2026, 12, 28), utc(2026, 12, 5, 8)));
      assert.deepEqual(
        preview.lines.map((l) => l.description),
        ['Unused time on Pro after Dec 5, 2026', 'Pro+ (annual) from Dec 5, 2026'],
      );
    });

    it('resets the anchor to a Feb 29 change and clamps the year to Feb 28', () => {
      const at = utc(2028, 2, 29, 12, 0, 0);
      const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 40000, 'year'], utc(2028, 2, 15), utc(2028, 3, 15), at));
      assert.deepEqual(preview.newPeriod, { start: at, end: utc(2029, 2, 28, 12, 0, 0) });
      assert.equal(preview.lines[1].periodEnd, utc(2029, 2, 28, 12, 0, 0));
    });

    it('charges the full annual price even when the month is unpaid (trial)', () => {
      const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
      const preview = previewProration({ ...input(['Pro', 2000, 'month'], ['Pro+', 40000, 'year'], start, end, utc(2026, 4, 11)), current: { planName: 'Pro', amountCents: 2000, interval: 'month', paidCents: 0 } });
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [0, 40000],
      );
    });
  });

  describe('downgrades take effect at the end of the period', () => {
    const cases: Array<[string, [string, number, BillingInterval], [string, number, BillingInterval], Array<[string, number, number]>, (end: number) => number]> = [
      ['monthly Pro+ → Pro', ['Pro+', 4000, 'month'], ['Pro', 2000, 'month'], MONTHS, (end) => addCalendarMonths(end, 1)],
      ['annual Pro+ → Pro', ['Pro+', 40000, 'year'], ['Pro', 20000, 'year'], YEARS, (end) => addCalendarMonths(end, 12)],
      ['annual Pro → monthly Pro', ['Pro', 20000, 'year'], ['Pro', 2000, 'month'], YEARS, (end) => addCalendarMonths(end, 1)],
      ['annual Pro → monthly Pro+ (a higher monthly price)', ['Pro', 20000, 'year'], ['Pro+', 4000, 'month'], YEARS, (end) => addCalendarMonths(end, 1)],
    ];
    for (const [name, from, to, periods, next] of cases) {
      for (const [periodName, start, end] of periods) {
        for (const [pointName, at] of pointsIn(start, end)) {
          it(`${name}, ${periodName}, at ${pointName}: no lines, effective at the end`, () => {
            const preview = previewProration(input(from, to, start, end, at));
            assert.deepEqual(preview, {
              direction: 'downgrade',
              effective: 'period_end',
              effectiveAt: end,
              lines: [],
              subtotalCents: 0,
              newPeriod: { start: end, end: next(end) },
            });
          });
        }
      }
    }

    it("dates the next monthly period on the anchor's day, not the clamped period start's", () => {
      // Anchor Jan 31: periods Jan 31 → Feb 28 → Mar 31 → Apr 30.
      const preview = previewProration(input(['Pro+', 4000, 'month'], ['Pro', 2000, 'month'], utc(2026, 2, 28), utc(2026, 3, 31), utc(2026, 3, 10)));
      assert.deepEqual(preview.newPeriod, { start: utc(2026, 3, 31), end: utc(2026, 4, 30) });
      const fromFeb = previewProration(input(['Pro+', 4000, 'month'], ['Pro', 2000, 'month'], utc(2026, 1, 31), utc(2026, 2, 28), utc(2026, 2, 10)));
      assert.deepEqual(fromFeb.newPeriod, { start: utc(2026, 2, 28), end: utc(2026, 3, 31) });
    });

    it('takes a Feb 29 annual anchor from the caller when the period cannot show it', () => {
      const base = input(['Pro+', 40000, 'year'], ['Pro', 20000, 'year'], utc(2030, 2, 28), utc(2031, 2, 28), utc(2030, 6, 1));
      assert.deepEqual(previewProration(base).newPeriod, { start: utc(2031, 2, 28), end: utc(2032, 2, 28) });
      assert.deepEqual(previewProration({ ...base, anchor: utc(2028, 2, 29) }).newPeriod, { start: utc(2031, 2, 28), end: utc(2032, 2, 29) });
    });

    it('starts a new monthly anchor at the end of an annual period', () => {
      const preview = previewProration(input(['Pro', 20000, 'year'], ['Pro', 2000, 'month'], utc(2027, 1, 31), utc(2028, 1, 31), utc(2027, 8, 1)));
      assert.deepEqual(preview.newPeriod, { start: utc(2028, 1, 31), end: utc(2028, 2, 29) });
    });
  });

  describe('rounding: half away from zero, per line, exactly', () => {
    // Apr 2026: 30 days = 2,592,000 s.
    const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
    const at = (remainingSeconds: number): number => end - remainingSeconds * 1000;

    it('x.5 cents rounds up on the charge and down (away from zero) on the credit', () => {
      // 2001 × 1,296,000 / 2,592,000 = 1000.5 exactly.
      assert.equal(expectedProrated(2001, start, end, at(1_296_000)), 1001);
      const preview = previewProration(input(['Pro', 2001, 'month'], ['Pro+', 4001, 'month'], start, end, at(1_296_000)));
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [-1001, 2001],
      );
      assert.equal(preview.subtotalCents, 1000);
    });

    it('0.5 cents (3 × 432,000 / 2,592,000) rounds to 1, a hair less rounds to 0', () => {
      const preview = previewProration(input(['Pro', 3, 'month'], ['Pro+', 9, 'month'], start, end, at(432_000)));
      // 3 → 0.5 → 1 (credit −1); 9 → 1.5 → 2.
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [-1, 2],
      );
      const justLess = previewProration(input(['Pro', 3, 'month'], ['Pro+', 9, 'month'], start, end, at(431_999)));
      // 3 × 431,999 / 2,592,000 = 0.49999…; 9 × … = 1.49999…
      assert.deepEqual(
        justLess.lines.map((l) => l.amountCents),
        [0, 1],
      );
    });

    it('rounds each line on its own, not the subtotal', () => {
      // Credit 1 × ½ = 0.5 → −1 and charge 2 × ½ = 1: the lines sum to 0, where rounding the net
      // (2 − 1) × ½ = 0.5 once would give 1.
      const preview = previewProration(input(['Pro', 1, 'month'], ['Pro+', 2, 'month'], start, end, at(1_296_000)));
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [-1, 1],
      );
      assert.equal(preview.subtotalCents, 0);
    });

    it('stays exact where a double would not: the largest safe price, half a period', () => {
      const price = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991 cents
      assert.equal(prorateCents(price, 1_296_000n, 2_592_000n), 4_503_599_627_370_496); // …495.5 rounded up
      assert.equal(prorateCents(price, 2_592_000n, 2_592_000n), price);
      assert.equal(prorateCents(price, 0n, 2_592_000n), 0);
    });

    it('prorateCents rounds negative amounts away from zero too', () => {
      assert.equal(prorateCents(-3, 1n, 2n), -2);
      assert.equal(prorateCents(-1, 1n, 3n), 0);
      assert.ok(Object.is(prorateCents(-1, 1n, 3n), 0), 'no negative zero');
    });

    it('prorateCents refuses remaining time outside the period', () => {
      assert.throws(() => prorateCents(100, 3n, 2n), RangeError);
      assert.throws(() => prorateCents(100, -1n, 2n), RangeError);
      assert.throws(() => prorateCents(100, 0n, 0n), RangeError);
      assert.throws(() => prorateCents(1.5, 1n, 2n), RangeError);
    });
  });

  describe('truncation to whole seconds', () => {
    it('drops the milliseconds of t, start and end before computing', () => {
      const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
      const exact = previewProration(input(['Pro', 2001, 'month'], ['Pro+', 4001, 'month'], start, end, start + 1_296_000_000));
      const withMs = previewProration(input(['Pro', 2001, 'month'], ['Pro+', 4001, 'month'], start + 999, end + 999, start + 1_296_000_999));
      assert.deepEqual(withMs, exact);
    });

    it('treats a t in the same second as the start as the start', () => {
      const [start, end] = [utc(2026, 4, 1, 0, 0, 0, 500), utc(2026, 5, 1)];
      const preview = previewProration(input(['Pro', 2000, 'month'], ['Pro+', 4000, 'month'], start, end, start - 400));
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [-2000, 4000],
      );
      assert.equal(preview.effectiveAt, utc(2026, 4, 1));
    });
  });

  describe('trials', () => {
    it('credits 0 for a period that was not paid for, and charges the rest of the new price', () => {
      const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
      const at = utc(2026, 4, 11);
      const preview = previewProration({ ...input(['Pro', 2000, 'month'], ['Pro+', 4000, 'month'], start, end, at), current: { planName: 'Pro', amountCents: 2000, interval: 'month', paidCents: 0 } });
      assert.equal(preview.direction, 'upgrade');
      assert.ok(Object.is(preview.lines[0].amountCents, 0));
      assert.equal(preview.lines[1].amountCents, expectedProrated(4000, start, end, at));
      assert.equal(preview.subtotalCents, expectedProrated(4000, start, end, at));
    });

    it('a current list price of 0 also credits 0', () => {
      const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
      const preview = previewProration(input(['Free', 0, 'month'], ['Pro', 2000, 'month'], start, end, start));
      assert.deepEqual(
        preview.lines.map((l) => l.amountCents),
        [0, 2000],
      );
    });
  });

  describe('same plan, same interval', () => {
    it("is 'same' with nothing to bill and the period unchanged", () => {
      const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
      const at = utc(2026, 4, 10, 0, 0, 0, 250);
      assert.deepEqual(previewProration(input(['Pro', 2000, 'month'], ['Pro', 2000, 'month'], start, end, at)), {
        direction: 'same',
        effective: 'now',
        effectiveAt: utc(2026, 4, 10),
        lines: [],
        subtotalCents: 0,
        newPeriod: { start, end },
      });
    });
  });

  describe('invalid input', () => {
    const [start, end] = [utc(2026, 4, 1), utc(2026, 5, 1)];
    const ok = input(['Pro', 2000, 'month'], ['Pro+', 4000, 'month'], start, end, utc(2026, 4, 10));
    const bad: Array<[string, ProrationInput]> = [
      ['t before the start', { ...ok, at: start - 1000 }],
      ['t a millisecond before the start second', { ...ok, at: start - 1 }],
      ['t at the end', { ...ok, at: end }],
      ['t after the end', { ...ok, at: end + 86_400_000 }],
      ['t in the same second as the end', { ...ok, period: { start, end: end + 700 }, at: end + 300 }],
      ['an empty period', { ...ok, period: { start, end: start }, at: start }],
      ['a period ending before it starts', { ...ok, period: { start: end, end: start }, at: start }],
      ['a negative current price', { ...ok, current: { ...ok.current, amountCents: -1 } }],
      ['a fractional new price', { ...ok, target: { ...ok.target, amountCents: 19.99 } }],
      ['a negative paid amount', { ...ok, current: { ...ok.current, paidCents: -5 } }],
      ['a NaN time', { ...ok, at: Number.NaN }],
      ['a fractional millisecond', { ...ok, at: utc(2026, 4, 10) + 0.5 }],
      ['an anchor after the period start', { ...ok, anchor: start + 1000 }],
    ];
    for (const [name, value] of bad) it(`throws RangeError for ${name}`, () => assert.throws(() => previewProration(value), RangeError));
  });

  describe('calendar helpers', () => {
    const cases: Array<[number, number, number]> = [
      [utc(2026, 1, 31), 1, utc(2026, 2, 28)],
      [utc(2028, 1, 31), 1, utc(2028, 2, 29)],
      [utc(2028, 2, 29), 12, utc(2029, 2, 28)],
      [utc(2028, 2, 29), 48, utc(2032, 2, 29)],
      [utc(2026, 3, 31), -1, utc(2026, 2, 28)],
      [utc(2026, 12, 15, 13, 14, 15), 1, utc(2027, 1, 15, 13, 14, 15)],
      [utc(2026, 5, 31, 23, 59, 59), 1, utc(2026, 6, 30, 23, 59, 59)],
      [utc(2026, 8, 31), 12, utc(2027, 8, 31)],
    ];
    for (const [from, months, to] of cases) {
      it(`${new Date(from).toISOString()} + ${months} months = ${new Date(to).toISOString()}`, () => assert.equal(addCalendarMonths(from, months), to));
    }

    it('formats days as "Dec 5, 2026" in UTC', () => {
      assert.equal(formatDay(utc(2026, 12, 5)), 'Dec 5, 2026');
      assert.equal(formatDay(utc(2026, 12, 5, 23, 59, 59)), 'Dec 5, 2026');
      assert.equal(formatDay(utc(2027, 1, 1)), 'Jan 1, 2027');
    });
  });
});
