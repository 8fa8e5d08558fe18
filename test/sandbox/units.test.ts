/** Pure logic of the sandbox: validators, card rules, calendar math, limiter, faults, CLI and configuration. */
import { strict as assert } from 'node:assert';
import { brandOf, luhnValid, validateCard } from '../../sandbox/billing/cards';
import { nextRetryAfter } from '../../sandbox/billing/payments';
import { addMonths, DAY } from '../../sandbox/billing/time';
import { CliError, parseCli } from '../../sandbox/cli';
import { ConfigError, defaultConfig, loadConfig } from '../../sandbox/config';
import { ifNoneMatchHits } from '../../sandbox/http/etag';
import { FaultTable } from '../../sandbox/http/faults';
import { RateLimiter } from '../../sandbox/http/rateLimiter';
import { externalUrlProblem } from '../../sandbox/portal/externalUrl';
import { COUNTRIES, isCountryCode } from '../../shared/countries';
import { normalizeTaxId, taxIdProblem } from '../../sandbox/validation/taxIds';
import type { TaxIdType } from '../../shared/contract/billingDetails';

describe('sandbox units', () => {
  describe('tax IDs', () => {
    // Published examples (python-stdnum's doctests): shape and check digits pass.
    const valid: [TaxIdType, string][] = [
      ['eu_vat', 'DE136695976'],
      ['eu_vat', 'ATU13585627'],
      ['eu_vat', 'FR40303265045'],
      ['eu_vat', 'NL004495445B01'],
      ['eu_vat', 'EL094259216'],
      ['eu_vat', 'ESB64717838'],
      ['eu_vat', 'IE6433435F'],
      ['gb_vat', 'GB980780684'],
      ['gb_vat', 'GB242338087388'],
      ['us_ein', '12-3456789'],
      ['au_abn', '51824753556'],
      ['au_abn', '53004085616'],
      ['ca_bn', '123026635'],
      ['ca_bn', '123026635RC0001'],
      ['in_gst', '27AAPFU0939F1ZV'],
    ];
    for (const [type, value] of valid) it(`accepts ${type} ${value}`, () => assert.equal(taxIdProblem(type, normalizeTaxId(type, value)), null));

    const invalid: [TaxIdType, string][] = [
      ['eu_vat', 'DE12345678'],
      ['eu_vat', 'DE123456789'],
      ['eu_vat', 'XX123456789'],
      ['eu_vat', '123456789'],
      ['eu_vat', 'NL123456789X01'],
      ['gb_vat', 'GB1234567890'],
      ['gb_vat', 'GB123456789'],
      ['gb_vat', '123456789'],
      ['us_ein', '12-345678'],
      ['us_ein', '123456789'],
      ['us_ein', '00-1234567'],
      ['au_abn', '51824753557'],
      ['au_abn', '5182475355'],
      ['ca_bn', '123456789XX'],
      ['ca_bn', '123456789'],
      ['in_gst', '27AAPFU0939F1AV'],
      ['eu_vat', ''],
    ];
    for (const [type, value] of invalid) it(`refuses ${type} "${value}" with a sentence`, () => assert.match(taxIdProblem(type, normalizeTaxId(type, value)) ?? '', /\.$/));

    it('says when only the check digit is wrong', () => {
      assert.match(taxIdProblem('eu_vat', 'DE123456789')!, /check digit does not match/);
      assert.match(taxIdProblem('au_abn', '51824753557')!, /check digits do not match/);
      assert.match(taxIdProblem('eu_vat', 'DE12345')!, /German VAT numbers are DE followed by 9 digits/);
    });

    it('normalizes what people type', () => {
      assert.equal(normalizeTaxId('eu_vat', ' de 136.695.976 '), 'DE136695976');
      assert.equal(normalizeTaxId('au_abn', '51 824 753 556'), '51824753556');
      assert.equal(normalizeTaxId('us_ein', '12-3456789'), '12-3456789');
    });
  });

  it('knows all 249 ISO 3166-1 alpha-2 codes', () => {
    assert.equal(Object.keys(COUNTRIES).length, 249);
    for (const code of ['US', 'DE', 'GB', 'AX', 'SS', 'ZW']) assert.ok(isCountryCode(code), code);
    for (const code of ['XX', 'UK', 'EU', 'de', '']) assert.ok(!isCountryCode(code), code);
  });

  describe('cards', () => {
    it('checks Luhn and detects brands', () => {
      assert.ok(luhnValid('4242424242424242'));
      assert.ok(luhnValid('378282246310005'));
      assert.ok(!luhnValid('4242424242424241'));
      assert.ok(!luhnValid('42424242'));
      assert.equal(brandOf('4242424242424242'), 'visa');
      assert.equal(brandOf('5555555555554444'), 'mastercard');
      assert.equal(brandOf('2223003122003222'), 'mastercard');
      assert.equal(brandOf('378282246310005'), 'amex');
      assert.equal(brandOf('6011111111111117'), 'discover');
      assert.equal(brandOf('3056930009020004'), 'diners');
      assert.equal(brandOf('3566002020360505'), 'jcb');
      assert.equal(brandOf('6200000000000005'), 'unionpay');
      assert.equal(brandOf('2200000000000004'), 'unknown', 'Mir is outside the Mastercard 2-series');
      assert.equal(brandOf('9999999999999995'), 'unknown');
    });

    const now = Date.UTC(2026, 10, 28);
    const card = { name: 'A', number: '4242 4242 4242 4242', expiry: '11/26', cvc: '123' };
    it('accepts a card expiring this month, in MM/YY or MM/YYYY', () => {
      assert.ok('card' in validateCard(card, now));
      const long = validateCard({ ...card, expiry: '1/2030' }, now);
      assert.ok('card' in long && long.card.expMonth === 1 && long.card.expYear === 2030);
    });
    it('refuses last month, month 13, a short CVC and a missing name', () => {
      const result = validateCard({ name: '', number: card.number, expiry: '10/26', cvc: '1' }, now);
      assert.ok('errors' in result);
      assert.deepEqual(Object.keys(result.errors).sort(), ['cardCvc', 'cardExpiry', 'cardName']);
      const month = validateCard({ ...card, expiry: '13/27' }, now);
      assert.ok('errors' in month && /between 01 and 12/.test(month.errors.cardExpiry!));
    });
  });

  describe('calendar and retries', () => {
    it('adds calendar months, clamping to the month end', () => {
      assert.equal(new Date(addMonths(Date.UTC(2026, 0, 31, 10), 1)).toISOString(), '2026-02-28T10:00:00.000Z');
      assert.equal(new Date(addMonths(Date.UTC(2028, 0, 31), 1)).toISOString(), '2028-02-29T00:00:00.000Z');
      assert.equal(new Date(addMonths(Date.UTC(2026, 11, 15), 1)).toISOString(), '2027-01-15T00:00:00.000Z');
      assert.equal(new Date(addMonths(Date.UTC(2026, 2, 31), -1)).toISOString(), '2026-02-28T00:00:00.000Z');
    });
    it('schedules retries in days after the first failure', () => {
      const first = Date.UTC(2026, 0, 1);
      assert.equal(nextRetryAfter(first, first, [1, 3, 5, 7]), first + DAY);
      assert.equal(nextRetryAfter(first, first + DAY, [1, 3, 5, 7]), first + 3 * DAY);
      assert.equal(nextRetryAfter(first, first + 2 * DAY, [1, 3, 5, 7]), first + 3 * DAY);
      assert.equal(nextRetryAfter(first, first + 7 * DAY, [1, 3, 5, 7]), null);
      assert.equal(nextRetryAfter(first, first, []), null);
    });
  });

  it('limits each key to its rate and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 1);
    assert.equal(limiter.take('b'), 0);
    now += 1000;
    assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 1);
  });

  it('matches fault routes with methods and wildcards and counts uses', () => {
    const faults = new FaultTable();
    faults.add({ route: 'GET /v1/*', kind: 'status', status: 503, count: 2 });
    faults.add({ route: '/oauth/token', kind: 'reset', count: 1 });
    assert.equal(faults.take('POST', '/v1/account'), undefined);
    assert.equal(faults.take('GET', '/v1/account')?.kind, 'status');
    assert.equal(faults.take('GET', '/v1/invoices/in_1/pdf')?.kind, 'status');
    assert.equal(faults.take('GET', '/v1/account'), undefined, 'count used up');
    assert.equal(faults.take('POST', '/oauth/token')?.kind, 'reset');
    assert.equal(faults.active.length, 0);
  });

  it('compares If-None-Match weakly, with lists and *', () => {
    assert.ok(ifNoneMatchHits('"a"', '"a"'));
    assert.ok(ifNoneMatchHits('W/"a"', '"a"'));
    assert.ok(ifNoneMatchHits('"b", "a"', '"a"'));
    assert.ok(ifNoneMatchHits('*', '"a"'));
    assert.ok(!ifNoneMatchHits('"b"', '"a"'));
    assert.ok(!ifNoneMatchHits(undefined, '"a"'));
  });

  it('allows http(s) and editor schemes as return URLs, nothing else', () => {
    for (const ok of ['https://x.example/a', 'http://127.0.0.1:1/cb', 'vscode://pub.ext/path', 'vscode-insiders://a/b', 'code-oss://a/b', 'vscodium://a/b']) assert.equal(externalUrlProblem(ok), null, ok);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'command:x', '/relative', 'vbscript:x']) assert.ok(externalUrlProblem(bad), bad);
  });

  describe('command line and environment', () => {
    it('parses the documented options with defaults', () => {
      assert.deepEqual(parseCli([], {}), { port: 4242, dataFile: '.sandbox-data/sandbox.db', reset: false, mode: 'sandbox' });
      assert.deepEqual(parseCli(['--port', '0', '--data=/tmp/x.db', '--reset', '--mode', 'production'], {}), { port: 0, dataFile: '/tmp/x.db', reset: true, mode: 'production' });
      assert.equal(parseCli([], { SANDBOX_PORT: '5000' }).port, 5000);
    });
    it('refuses unknown options and bad values with a message', () => {
      assert.throws(() => parseCli(['--port', 'abc'], {}), CliError);
      assert.throws(() => parseCli(['--mode', 'staging'], {}), /sandbox" or "production/);
      assert.throws(() => parseCli(['--verbose'], {}), /unknown argument/);
      assert.throws(() => parseCli(['--data'], {}), /needs a value/);
    });
    it('reads every tunable from the environment', () => {
      const config = loadConfig({
        SANDBOX_ACCESS_TOKEN_TTL: '60',
        SANDBOX_RATE_LIMIT: '10',
        SANDBOX_RETRY_DAYS: '2, 4',
        SANDBOX_AFTER_RETRIES: 'unpaid',
        SANDBOX_PORTAL_SESSION_TTL: '30',
        SANDBOX_ENTITLEMENT_TTL: '3600',
        SANDBOX_GRACE_DAYS: '0.5',
        SANDBOX_BODY_LIMIT: '1024',
      });
      assert.deepEqual(
        [config.accessTokenTtlSeconds, config.rateLimitPerMinute, config.retryDays, config.afterRetries, config.portalSessionTtlSeconds, config.entitlementTtlSeconds, config.graceDays, config.bodyLimitBytes],
        [60, 10, [2, 4], 'unpaid', 30, 3600, 0.5, 1024],
      );
      assert.deepEqual(loadConfig({}), defaultConfig);
      assert.deepEqual(loadConfig({ SANDBOX_RETRY_DAYS: '' }).retryDays, []);
    });
    it('reads the seller and its tax registrations from the environment', () => {
      const { seller } = loadConfig({
        SANDBOX_SELLER_NAME: 'Beispiel GmbH',
        SANDBOX_SELLER_ADDRESS: 'Hauptstraße 5 | 10115 Berlin |Germany',
        SANDBOX_SELLER_COUNTRY: 'de',
        SANDBOX_TAX_REGISTRATIONS: 'eu, GB,CA-QC',
        SANDBOX_TAX_NUMBERS: 'EU=DE136695976, GB=GB980780684',
      });
      assert.deepEqual(seller, {
        name: 'Beispiel GmbH',
        addressLines: ['Hauptstraße 5', '10115 Berlin', 'Germany'],
        country: 'DE',
        state: null,
        taxRegistrations: ['EU', 'GB', 'CA-QC'],
        taxNumbers: { EU: 'DE136695976', GB: 'GB980780684' },
      });
      assert.deepEqual(defaultConfig.seller.country, 'US');
      assert.deepEqual(defaultConfig.seller.taxRegistrations, ['EU', 'GB', 'AU', 'IN', 'CA', 'CA-QC', 'CA-BC', 'CA-MB', 'CA-SK']);
      assert.deepEqual(loadConfig({ SANDBOX_TAX_REGISTRATIONS: '', SANDBOX_TAX_NUMBERS: '' }).seller.taxRegistrations, []);
      assert.equal(loadConfig({ SANDBOX_SELLER_COUNTRY: 'IN', SANDBOX_SELLER_STATE: '27' }).seller.state, '27');
    });
    it('refuses a bad seller configuration with the variable name', () => {
      assert.throws(() => loadConfig({ SANDBOX_SELLER_COUNTRY: 'XX' }), /SANDBOX_SELLER_COUNTRY/);
      assert.throws(() => loadConfig({ SANDBOX_TAX_REGISTRATIONS: 'EU,CA-ON' }), /SANDBOX_TAX_REGISTRATIONS: CA-ON is not a registration/);
      assert.throws(() => loadConfig({ SANDBOX_TAX_NUMBERS: 'EU' }), /SANDBOX_TAX_NUMBERS/);
      assert.throws(() => loadConfig({ SANDBOX_TAX_NUMBERS: 'MARS=1' }), /SANDBOX_TAX_NUMBERS/);
      assert.throws(() => loadConfig({ SANDBOX_SELLER_COUNTRY: 'IN' }), /SANDBOX_SELLER_STATE/);
    });
    it('refuses bad environment values with the variable name', () => {
      assert.throws(() => loadConfig({ SANDBOX_RATE_LIMIT: 'lots' }), (e: Error) => e instanceof ConfigError && /SANDBOX_RATE_LIMIT/.test(e.message));
      assert.throws(() => loadConfig({ SANDBOX_RETRY_DAYS: '3,1' }), /ascending/);
      assert.throws(() => loadConfig({ SANDBOX_AFTER_RETRIES: 'paused' }), /canceled" or "unpaid/);
    });
  });
});
