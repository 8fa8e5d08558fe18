import { strict as assert } from 'node:assert';
import { type Money } from '../../../shared/contract/common';
import { type TaxLine } from '../../../shared/contract/invoices';
import { formatEnglish } from '../../../shared/l10n';
import { minorUnitsToDecimal } from '../../../shared/money';
import { amountWithTax } from '../../../shared/taxWording';

const usd = (amount: number): Money => ({ amount, currency: 'USD' });
const money = (m: Money) => `$${minorUnitsToDecimal(m.amount, 2)}`;
const line = (kind: TaxLine['kind'], amount: number, label = kind.toUpperCase()): TaxLine => ({
  kind,
  jurisdiction: 'DE',
  label,
  rateMilliPercent: 0,
  taxableAmount: usd(2000),
  amount: usd(amount),
  note: null,
});
const words = (subtotal: number, lines: TaxLine[], amountDue?: number) =>
  amountWithTax(formatEnglish, money, {
    subtotal: usd(subtotal),
    taxLines: lines,
    tax: usd(lines.reduce((sum, l) => sum + l.amount.amount, 0)),
    amountDue: amountDue === undefined ? undefined : usd(amountDue),
  });

describe('amountWithTax', () => {
  it('adds the tax by its short name', () => assert.equal(words(2000, [line('vat', 380)]), '$20.00 + $3.80 VAT'));
  it('names several taxes in order', () => assert.equal(words(2000, [line('gst', 100), line('pst', 140)]), '$20.00 + $1.00 GST + $1.40 PST'));
  it('says the reverse charge instead of a zero VAT', () => assert.equal(words(2000, [line('reverse_charge', 0)]), '$20.00 (VAT reverse charge)'));
  it('is just the amount without tax, or with a zero-rated line', () => {
    assert.equal(words(2000, []), '$20.00');
    assert.equal(words(2000, [line('vat', 0)]), '$20.00');
  });
  it('says what is due when a credit lowers the charge, not when it is the sum', () => {
    assert.equal(words(2000, [line('vat', 380)], 1380), '$20.00 + $3.80 VAT; $13.80 due');
    assert.equal(words(2000, [line('vat', 380)], 2380), '$20.00 + $3.80 VAT');
  });
});
