import { strict as assert } from 'node:assert';
import { formatMinorUnits, minorUnitsToDecimal } from '../../../shared/money';

describe('money from integer minor units', () => {
  it('spells the exact decimal, whatever the digits', () => {
    assert.equal(minorUnitsToDecimal(2380, 2), '23.80');
    assert.equal(minorUnitsToDecimal(5, 2), '0.05');
    assert.equal(minorUnitsToDecimal(-1033, 2), '-10.33');
    assert.equal(minorUnitsToDecimal(0, 2), '0.00');
    assert.equal(minorUnitsToDecimal(-0, 2), '0.00');
    assert.equal(minorUnitsToDecimal(500, 0), '500');
    assert.equal(minorUnitsToDecimal(1234, 3), '1.234');
    assert.equal(minorUnitsToDecimal(Number.MAX_SAFE_INTEGER, 2), '90071992547409.91');
  });

  it('refuses what is not an integer amount', () => {
    assert.throws(() => minorUnitsToDecimal(12.5, 2), RangeError);
    assert.throws(() => minorUnitsToDecimal(Number.NaN, 2), RangeError);
  });

  it('formats in the currency and locale, with no binary rounding', () => {
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    assert.equal(formatMinorUnits(usd(2380), 'en-US'), '$23.80');
    assert.equal(formatMinorUnits(usd(-500), 'en-US'), '-$5.00');
    assert.equal(formatMinorUnits(usd(-0), 'en-US'), '$0.00');
    // 2^53 - 1 cents: a division by 100 in floating point would not give back these digits.
    assert.equal(formatMinorUnits(usd(Number.MAX_SAFE_INTEGER), 'en-US'), '$90,071,992,547,409.91');
    assert.equal(formatMinorUnits(usd(2000), 'de-DE'), '20,00\u00a0$');
    assert.equal(formatMinorUnits({ amount: 500, currency: 'JPY' }, 'en-US'), '¥500');
    assert.equal(formatMinorUnits({ amount: 1234, currency: 'KWD' }, 'en-US'), 'KWD\u00a01.234');
  });
});
