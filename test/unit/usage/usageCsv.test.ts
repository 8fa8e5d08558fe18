import { strict as assert } from 'node:assert';
import { csvField, usageCsv, usageCsvFileName } from '../../../src/usage/usageCsv';
import { usage } from '../support/fixtures';

describe('usage CSV', () => {
  it('quotes per RFC 4180 only when needed, doubling quotes', () => {
    assert.equal(csvField('Pro'), 'Pro');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });

  it('the current period and the history with exact decimals, CRLF line ends', () => {
    const u = usage('1003.45', {
      plan: { included: '1000.00', used: '1000.00', remaining: '0.00' },
      overage: { enabled: true, spendCap: { amount: 2000, currency: 'USD' }, pricePerCredit: { amount: 4, currency: 'USD' }, used: '3.45', accrued: { amount: 14, currency: 'USD' }, capReached: false },
      history: [
        { periodStart: '2026-02-01T00:00:00.000Z', periodEnd: '2026-03-01T00:00:00.000Z', planId: 'pro_plus', included: '2000.00', used: '2103.45', overageCredits: '103.45', overageAmount: { amount: 414, currency: 'USD' } },
      ],
    });
    assert.equal(
      usageCsv(u),
      'period_start,period_end,plan,included_credits,used_credits,overage_credits,overage_amount,currency\r\n' +
        '2026-03-01T00:00:00.000Z,2026-04-01T00:00:00.000Z,Pro,1000.00,1003.45,3.45,0.14,USD\r\n' +
        '2026-02-01T00:00:00.000Z,2026-03-01T00:00:00.000Z,Pro+,2000.00,2103.45,103.45,4.14,USD\r\n',
    );
  });

  it('Free has no overage: zeros', () => {
    const csv = usageCsv(usage('10.00', { planId: 'free', plan: { included: '50.00', used: '10.00', remaining: '40.00' }, overage: null }));
    assert.match(csv, /,Free,50\.00,10\.00,0\.00,0\.00,USD\r\n$/);
  });

  it('the default file name names the period month', () => {
    assert.equal(usageCsvFileName(usage('1.00', { periodStart: '2026-12-01T00:00:00.000Z' })), 'usage-history-2026-12.csv');
  });
});
