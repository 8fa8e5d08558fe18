import assert from 'node:assert/strict';
import {
  calendarDaysUntil,
  countryName,
  formatCardExpiry,
  formatDate,
  formatDateTime,
  formatDaysFromNow,
  formatMoney,
  formatRelativeTime,
} from '../../webview/format';
import { cardExpiresBefore } from '../../shared/cards';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('format: money', () => {
  it('formats cents in the currency of the amount', () => {
    assert.equal(formatMoney(usd(2000), 'en-US'), '$20.00');
    assert.equal(formatMoney(usd(123456), 'en-US'), '$1,234.56');
    assert.equal(formatMoney(usd(1), 'en-US'), '$0.01');
  });

  it('shows zero as zero, never as a negative zero', () => {
    assert.equal(formatMoney(usd(0), 'en-US'), '$0.00');
    assert.equal(formatMoney(usd(-0), 'en-US'), '$0.00');
  });

  it('shows refunds and credits as negative amounts', () => {
    assert.equal(formatMoney(usd(-500), 'en-US'), '-$5.00');
  });

  it("follows the display language's conventions", () => {
    assert.equal(formatMoney(usd(2000), 'de-DE'), '20,00\u00a0$');
    assert.equal(formatMoney(usd(123456), 'fr-FR'), '1\u202f234,56\u00a0$US');
  });

  it("uses the currency's own minor unit", () => {
    assert.equal(formatMoney({ amount: 500, currency: 'JPY' }, 'en-US'), '¥500');
    assert.equal(formatMoney({ amount: 1500, currency: 'EUR' }, 'en-US'), '€15.00');
  });
});

describe('format: dates', () => {
  // 02:00 UTC on 1 March is still 28 February in New York.
  const lateUtc = '2026-03-01T02:00:00.000Z';

  it('shows the calendar date in the given time zone', () => {
    assert.equal(formatDate(lateUtc, 'en-US', { timeZone: 'UTC' }), 'Mar 1, 2026');
    assert.equal(formatDate(lateUtc, 'en-US', { timeZone: 'America/New_York' }), 'Feb 28, 2026');
  });

  it('uses the display language', () => {
    assert.equal(formatDate(lateUtc, 'de', { timeZone: 'UTC' }), '01.03.2026');
    assert.equal(formatDate(lateUtc, 'ja', { timeZone: 'UTC' }), '2026/03/01');
  });

  it('adds the time for precise tooltips', () => {
    // ICU versions differ on the space before AM (U+0020 or U+202F).
    assert.equal(formatDateTime(lateUtc, 'en-US', { timeZone: 'UTC' }).replace(/\s/g, ' '), 'Mar 1, 2026, 2:00 AM');
  });
});

describe('format: relative times', () => {
  const now = Date.parse('2026-11-28T15:00:00.000Z');
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  it('picks the largest unit that fits', () => {
    assert.equal(formatRelativeTime(at(-10_000), now, 'en'), 'now');
    assert.equal(formatRelativeTime(at(-2 * 60_000), now, 'en'), '2 minutes ago');
    assert.equal(formatRelativeTime(at(-3 * 3_600_000), now, 'en'), '3 hours ago');
    assert.equal(formatRelativeTime(at(-86_400_000), now, 'en'), 'yesterday');
    assert.equal(formatRelativeTime(at(-5 * 86_400_000), now, 'en'), '5 days ago');
    assert.equal(formatRelativeTime(at(-60 * 86_400_000), now, 'en'), '2 months ago');
    assert.equal(formatRelativeTime(at(-400 * 86_400_000), now, 'en'), 'last year');
    assert.equal(formatRelativeTime(at(30 * 60_000), now, 'en'), 'in 30 minutes');
  });

  it('speaks the display language', () => {
    assert.equal(formatRelativeTime(at(-2 * 60_000), now, 'de'), 'vor 2 Minuten');
  });

  it('counts calendar days in the user time zone, not 24-hour blocks', () => {
    // 10:00 in New York now; the trial ends at 10:00 New York time three days later.
    assert.equal(calendarDaysUntil('2026-12-01T15:00:00.000Z', now, { timeZone: 'America/New_York' }), 3);
    // 23:30 tonight in New York is still today there, though it is tomorrow in UTC.
    assert.equal(calendarDaysUntil('2026-11-29T04:30:00.000Z', now, { timeZone: 'America/New_York' }), 0);
    assert.equal(calendarDaysUntil('2026-11-29T04:30:00.000Z', now, { timeZone: 'UTC' }), 1);
    assert.equal(calendarDaysUntil('2026-11-27T15:00:00.000Z', now, { timeZone: 'UTC' }), -1);
  });

  it('words day counts naturally', () => {
    assert.equal(formatDaysFromNow(3, 'en'), 'in 3 days');
    assert.equal(formatDaysFromNow(1, 'en'), 'tomorrow');
    assert.equal(formatDaysFromNow(0, 'en'), 'today');
  });
});

describe('format: cards', () => {
  const card = { expMonth: 11, expYear: 2026 };

  it('writes the expiry as the locale writes a month and year', () => {
    assert.equal(formatCardExpiry(card, 'en-US'), '11/2026');
    assert.equal(formatCardExpiry({ expMonth: 4, expYear: 2029 }, 'en-US'), '04/2029');
  });

  it('treats a card as valid through the last day of its expiry month', () => {
    assert.equal(cardExpiresBefore(card, '2026-11-30T23:00:00.000Z'), false);
    assert.equal(cardExpiresBefore(card, '2026-12-01T09:00:00.000Z'), true);
    assert.equal(cardExpiresBefore(card, Date.parse('2026-11-28T15:00:00.000Z')), false);
    assert.equal(cardExpiresBefore(card, Date.parse('2026-12-01T00:00:00.000Z')), true);
  });
});

describe('format: countries', () => {
  it('names countries in the display language', () => {
    assert.equal(countryName('DE', 'en'), 'Germany');
    assert.equal(countryName('DE', 'de'), 'Deutschland');
    assert.equal(countryName('GB', 'en-US'), 'United Kingdom');
  });

  it('falls back to the code when there is no name', () => {
    assert.equal(countryName('QQ', 'en'), 'QQ');
  });
});
