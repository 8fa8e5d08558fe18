/** shared/credits.ts: exact hundredths in, exact text out, and every refusal with its reason. */
import assert from 'node:assert/strict';
import {
  creditsFromInput,
  creditsText,
  formatCredits,
  MAX_CREDITS_PER_EVENT,
  parseCredits,
  type CreditsInputReason,
} from '../../shared/credits';

/** Hundredths from a decimal string by digit manipulation only, to check the module against. */
function expectedHundredths(text: string): number {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return Number(negative ? -value : value);
}

// Sample values across magnitudes, both signs and every fraction shape.
function sampleHundredths(): number[] {
  const values = new Set<number>([0, 1, 9, 10, 50, 99, 100, 101, 125, 1000, 99_999, 100_000, 123_456_789, 2 ** 31, 2 ** 32 + 7]);
  values.add(99_999_999_999_999); // the largest parseCredits reads: 999,999,999,999.99
  values.add(10 ** 14 - 100);
  values.add(Number.MAX_SAFE_INTEGER);
  // Deterministic spread over every order of magnitude (a tiny LCG keeps the test reproducible).
  let seed = 12345;
  for (let i = 0; i < 300; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const digits = 1 + (i % 14);
    values.add(seed % 10 ** digits);
  }
  return [...values].flatMap((v) => (v === 0 ? [0] : [v, -v]));
}

describe('credits', () => {
  describe('parseCredits', () => {
    const accepted: [string, number][] = [
      ['12', 1200],
      ['12.5', 1250],
      ['12.50', 1250],
      ['-1.25', -125],
      ['0', 0],
      ['0.01', 1],
      ['-0.01', -1],
      ['1000.00', 100_000],
      ['-3.50', -350],
      ['007.10', 710],
      ['999999999999.99', 99_999_999_999_999],
      ['-999999999999.99', -99_999_999_999_999],
    ];
    for (const [text, hundredths] of accepted) it(`reads "${text}" as ${hundredths}`, () => assert.equal(parseCredits(text), hundredths));

    it('reads "-0", "-0.00" as zero, never negative zero', () => {
      for (const text of ['-0', '-0.00', '-0.0']) assert.ok(Object.is(parseCredits(text), 0), text);
    });

    const rejected: [string, string][] = [
      ['1.005', 'three decimals'],
      ['1.000', 'three decimals, even zeros'],
      ['1e3', 'an exponent'],
      ['1E3', 'an upper-case exponent'],
      ['1.5e2', 'a fraction with an exponent'],
      [' 1.00', 'a leading space'],
      ['1.00 ', 'a trailing space'],
      ['1 000.00', 'an inner space'],
      ['', 'empty text'],
      ['-', 'a lone minus'],
      ['+1.00', 'a plus sign'],
      ['--1', 'two minus signs'],
      ['12.', 'a trailing dot'],
      ['.5', 'no integer digits'],
      ['1,000.00', 'a group separator'],
      ['1,5', 'a decimal comma'],
      ['1000000000000', 'thirteen integer digits'],
      ['1000000000000.00', 'thirteen integer digits with decimals'],
      ['0x10', 'hex'],
      ['NaN', 'NaN'],
      ['Infinity', 'Infinity'],
      ['１２', 'full-width digits'],
    ];
    for (const [text, why] of rejected) it(`rejects ${why}: ${JSON.stringify(text)}`, () => assert.equal(parseCredits(text), undefined));
  });

  describe('creditsText', () => {
    const cases: [number, string][] = [
      [0, '0.00'],
      [1, '0.01'],
      [-1, '-0.01'],
      [10, '0.10'],
      [125, '1.25'],
      [-350, '-3.50'],
      [100_000, '1000.00'],
      [99_999_999_999_999, '999999999999.99'],
      [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
      [-Number.MAX_SAFE_INTEGER, '-90071992547409.91'],
    ];
    for (const [hundredths, text] of cases) it(`writes ${hundredths} as "${text}"`, () => assert.equal(creditsText(hundredths), text));

    it('writes negative zero as "0.00"', () => assert.equal(creditsText(-0), '0.00'));

    for (const bad of [0.5, -1.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, 2 ** 60]) {
      it(`throws RangeError for ${bad}`, () => assert.throws(() => creditsText(bad), RangeError));
    }
  });

  describe('round trips', () => {
    const values = sampleHundredths();

    it(`creditsText then parseCredits returns the same hundredths (${values.length} values)`, () => {
      for (const v of values) {
        const text = creditsText(v);
        assert.match(text, /^-?\d+\.\d\d$/);
        assert.equal(text, creditsText(expectedHundredths(text)), `text of ${v}`);
        assert.equal(expectedHundredths(text), v, `digits of ${text}`);
        // parseCredits reads up to 12 integer digits; larger values only go one way.
        if (Math.abs(v) < 10 ** 14) assert.equal(parseCredits(text), v, text);
        else assert.equal(parseCredits(text), undefined, text);
      }
    });

    it('parseCredits then creditsText normalizes to two decimals', () => {
      for (const [text, canonical] of [
        ['12', '12.00'],
        ['12.5', '12.50'],
        ['-7', '-7.00'],
        ['-0.5', '-0.50'],
        ['0012.3', '12.30'],
      ] as const) {
        const h = parseCredits(text);
        assert.ok(h !== undefined, text);
        assert.equal(creditsText(h), canonical);
      }
    });

    it('every hundredth from -1,000.00 to 1,000.00 round-trips', function () {
      this.timeout(20_000); // 200,001 values
      for (let v = -100_000; v <= 100_000; v += 1) {
        if (parseCredits(creditsText(v)) !== v) assert.fail(`${v} did not round-trip via ${creditsText(v)}`);
      }
    });

    it('creditsFromInput reads what creditsText writes for every positive sample up to the per-event maximum', () => {
      for (const v of values) {
        if (v <= 0 || v > MAX_CREDITS_PER_EVENT) continue;
        assert.deepEqual(creditsFromInput(creditsText(v)), { ok: true, hundredths: v });
      }
    });
  });

  describe('creditsFromInput', () => {
    const ok: [number | string, number][] = [
      [1.5, 150],
      ['1.50', 150],
      ['1.5', 150],
      [1, 100],
      ['1', 100],
      [0.1, 10],
      [0.01, 1],
      ['0.01', 1],
      [0.29, 29],
      [1.1, 110],
      [12.34, 1234],
      [999999.99, 99_999_999],
      [1_000_000, MAX_CREDITS_PER_EVENT],
      ['1000000.00', MAX_CREDITS_PER_EVENT],
      ['1.500', 150],
      ['01.25', 125],
      [100, 10_000],
    ];
    for (const [value, hundredths] of ok) {
      it(`accepts ${JSON.stringify(value)} as ${hundredths}`, () => assert.deepEqual(creditsFromInput(value), { ok: true, hundredths }));
    }

    it('reads every two-decimal JSON number from 0.01 to 100.00 exactly (shortest round-trip text)', function () {
      this.timeout(20_000); // 10,000 values
      for (let h = 1; h <= 10_000; h += 1) {
        const asNumber = Number(creditsText(h)); // what JSON.parse gives for "1.23"
        const result = creditsFromInput(asNumber);
        if (!result.ok || result.hundredths !== h) assert.fail(`${asNumber} read as ${JSON.stringify(result)}`);
      }
    });

    const refused: [number | string, CreditsInputReason][] = [
      [Number.NaN, 'not_a_number'],
      [Number.POSITIVE_INFINITY, 'not_a_number'],
      [Number.NEGATIVE_INFINITY, 'not_a_number'],
      [1e-7, 'not_a_number'],
      [5e-324, 'not_a_number'],
      ['', 'not_a_number'],
      [' 1.5', 'not_a_number'],
      ['1.5 ', 'not_a_number'],
      ['abc', 'not_a_number'],
      ['1e3', 'not_a_number'],
      ['1,5', 'not_a_number'],
      ['+1.5', 'not_a_number'],
      ['.5', 'not_a_number'],
      ['5.', 'not_a_number'],
      ['0x10', 'not_a_number'],
      ['NaN', 'not_a_number'],
      [1.005, 'too_many_decimals'],
      [0.1 + 0.2, 'too_many_decimals'],
      [2.675, 'too_many_decimals'],
      [1e-6, 'too_many_decimals'],
      ['1.005', 'too_many_decimals'],
      ['0.001', 'too_many_decimals'],
      ['-1.005', 'too_many_decimals'],
      [0, 'not_positive'],
      [-0, 'not_positive'],
      ['0', 'not_positive'],
      ['0.00', 'not_positive'],
      ['-0.00', 'not_positive'],
      [-1, 'not_positive'],
      [-0.5, 'not_positive'],
      ['-3.50', 'not_positive'],
      [-1e21, 'not_positive'],
      [-1e-7, 'not_positive'],
      [1_000_000.01, 'too_large'],
      ['1000000.01', 'too_large'],
      [1e21, 'too_large'],
      [Number.MAX_VALUE, 'too_large'],
      [2 ** 53, 'too_large'],
      ['1000000000000000000000000000000000000000', 'too_large'],
      ['9999999999999.99', 'too_large'],
    ];
    for (const [value, reason] of refused) {
      it(`refuses ${typeof value === 'string' ? JSON.stringify(value) : String(value)} as ${reason}`, () => {
        const result = creditsFromInput(value);
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.reason, reason);
      });
    }

    it('refuses a non-number, non-string a JSON caller may pass at runtime', () => {
      for (const value of [null, undefined, true, {}, [], 1n]) {
        const result = creditsFromInput(value as unknown as number);
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.reason, 'not_a_number');
      }
    });

    it('explains each refusal in a clear English sentence', () => {
      const messages: Record<CreditsInputReason, string> = {
        not_a_number: 'Credits must be a number, e.g. 1.25.',
        too_many_decimals: 'Credits have at most two decimals, e.g. 1.25.',
        not_positive: 'Credits must be greater than zero.',
        too_large: 'Credits can be at most 1,000,000 per event.',
      };
      const samples: Record<CreditsInputReason, number | string> = { not_a_number: 'x', too_many_decimals: 1.005, not_positive: -1, too_large: 2e6 };
      for (const reason of Object.keys(messages) as CreditsInputReason[]) {
        assert.deepEqual(creditsFromInput(samples[reason]), { ok: false, reason, message: messages[reason] });
      }
    });
  });

  describe('formatCredits', () => {
    const enUS: [number, string][] = [
      [0, '0'],
      [100, '1'],
      [100_000, '1,000'],
      [1250, '12.50'],
      [1201, '12.01'],
      [5, '0.05'],
      [-5, '-0.05'],
      [-50, '-0.50'],
      [-100, '-1'],
      [-123_456, '-1,234.56'],
      [123_456_789, '1,234,567.89'],
      [99_999_999_999_999, '999,999,999,999.99'],
      [100_000_000_000_000, '1,000,000,000,000'],
      [100_000_000_000_001, '1,000,000,000,000.01'],
      [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
    ];
    for (const [h, text] of enUS) it(`en-US: ${h} → "${text}"`, () => assert.equal(formatCredits(h, 'en-US'), text));

    const deDE: [number, string][] = [
      [0, '0'],
      [100_000, '1.000'],
      [1250, '12,50'],
      [-50, '-0,50'],
      [-123_456, '-1.234,56'],
      [123_456_789, '1.234.567,89'],
      [99_999_999_999_999, '999.999.999.999,99'],
      [100_000_000_000_001, '1.000.000.000.000,01'],
    ];
    for (const [h, text] of deDE) it(`de-DE: ${h} → "${text}"`, () => assert.equal(formatCredits(h, 'de-DE'), text));

    it('agrees with Intl on the whole number line where doubles are still exact', function () {
      this.timeout(20_000); // thousands of Intl calls
      // Up to 2^53 / 100 hundredths the double h / 100 is the nearest double to the exact value and
      // Intl rounds it back correctly, so Intl itself is a fair reference there.
      for (const locale of ['en-US', 'de-DE', 'fr-FR', 'en-IN', 'ja-JP']) {
        for (const h of sampleHundredths().filter((v) => Math.abs(v) < 10 ** 12)) {
          const hasFraction = h % 100 !== 0;
          const reference = new Intl.NumberFormat(locale, { minimumFractionDigits: hasFraction ? 2 : 0, maximumFractionDigits: 2 }).format(h / 100);
          assert.equal(formatCredits(h, locale), reference, `${locale} ${h}`);
        }
      }
    });

    it("uses the locale's own digits", () => {
      assert.equal(formatCredits(123_456, 'ar-EG'), new Intl.NumberFormat('ar-EG', { minimumFractionDigits: 2 }).format(1234.56));
    });

    it('never prints negative zero', () => assert.equal(formatCredits(-0, 'en-US'), '0'));

    it('throws RangeError on non-safe integers', () => {
      for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) assert.throws(() => formatCredits(bad, 'en-US'), RangeError);
    });
  });
});
