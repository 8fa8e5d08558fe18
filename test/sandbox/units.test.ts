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
import { CallbackRegistry, EDITOR_SCHEMES } from '../../sandbox/auth/callbackRegistry';
import { secretsEqual } from '../../sandbox/auth/secrets';
import { SignInGuard } from '../../sandbox/auth/signInGuard';
import { OAuthClientId } from '../../shared/contract/oauth';
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

  it('keeps the limiter bounded however many clients it sees, and keeps a busy client limited', () => {
    const now = 0;
    const limiter = new RateLimiter(2, () => now);
    assert.deepEqual([limiter.take('busy'), limiter.take('busy')], [0, 0]);
    assert.ok(limiter.take('busy') > 0);
    for (let i = 0; i < 20_000; i++) limiter.take(`client-${i}`);
    assert.ok((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size <= 10_000);
    assert.equal(limiter.take('client-19999'), 0);
    assert.ok(limiter.take('client-19999') > 0, 'a recent client is still limited');
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

  describe('callback registry (exact redirect URIs and portal return URLs)', () => {
    const registry = new CallbackRegistry({
      webOrigins: ['https://code.example.com'],
      extra: () => [{ uri: 'http://127.0.0.1:4242/sandbox/oauth/callback', purpose: 'signIn', label: 'the sandbox home page' }],
    });
    const web = (origin: string, path = '%2Fauth-callback', extra = '') =>
      `${origin}/stable-0123abc/callback?vscode-reqid=7&vscode-scheme=code-oss&vscode-authority=planbilling.plan-billing&vscode-path=${path}${extra}`;
    const label = (uri: string, purpose: 'signIn' | 'portalReturn' = 'signIn') => {
      const checked = registry.check(OAuthClientId, uri, purpose);
      return 'label' in checked ? checked.label : undefined;
    };

    it('registers each editor scheme with exactly our extension and path', () => {
      for (const [scheme, name] of Object.entries(EDITOR_SCHEMES)) {
        assert.equal(label(`${scheme}://planbilling.plan-billing/auth-callback`), name);
        assert.equal(label(`${scheme}://planbilling.plan-billing/portal-return`, 'portalReturn'), name);
      }
      assert.equal(label('vscode-insiders://planbilling.plan-billing/auth-callback'), 'VS Code Insiders');
    });

    it('registers loopback callbacks on any port, with the registered path only', () => {
      for (const uri of ['http://127.0.0.1:51234/auth-callback', 'http://[::1]:1/auth-callback', 'http://localhost:65535/auth-callback', 'http://127.0.0.1/auth-callback']) {
        assert.match(label(uri) ?? '', /^an app on this computer/, uri);
      }
      assert.equal(label('http://127.0.0.1:9/portal-return', 'portalReturn'), 'an app on this computer (127.0.0.1:9)');
    });

    it('registers a web editor callback on loopback or a configured origin naming our extension and path', () => {
      assert.equal(label(web('http://127.0.0.1:8080')), 'VS Code on 127.0.0.1:8080');
      assert.equal(label(web('http://localhost:8080').replace('/stable-0123abc', ''), 'signIn'), 'VS Code on localhost:8080');
      assert.equal(label(web('https://code.example.com')), 'VS Code on code.example.com');
      assert.equal(label(web('http://127.0.0.1:8080', '%2Fportal-return'), 'portalReturn'), 'VS Code on 127.0.0.1:8080');
      assert.ok(label(web('http://127.0.0.1:8080').replace('vscode-reqid=7', 'vscode-reqid=12').replace('code-oss', 'vscode')));
    });

    it('registers the extra callbacks it was given, for their purpose only', () => {
      assert.equal(label('http://127.0.0.1:4242/sandbox/oauth/callback'), 'the sandbox home page');
      assert.equal(label('http://127.0.0.1:4242/sandbox/oauth/callback', 'portalReturn'), undefined);
    });

    const refused: [string, string][] = [
      ['an attacker’s https site', 'https://evil.example/cb'],
      ['a LAN address', 'http://192.168.1.20:8080/cb'],
      ['a LAN address with our path', 'http://192.168.1.20:8080/auth-callback'],
      ['another extension', 'vscode://evil.attacker-ext/auth-callback'],
      ['our extension, another path', 'vscode://planbilling.plan-billing/other'],
      ['our extension with a query', 'vscode://planbilling.plan-billing/auth-callback?x=1'],
      ['our extension with a port', 'vscode://planbilling.plan-billing:1/auth-callback'],
      ['our extension in upper case', 'vscode://PlanBilling.plan-billing/auth-callback'],
      ['the portal path for sign-in', 'vscode://planbilling.plan-billing/portal-return'],
      ['an unknown editor scheme', 'evil-editor://planbilling.plan-billing/auth-callback'],
      ['javascript:', 'javascript:alert(1)'],
      ['data:', 'data:text/html,x'],
      ['file:', 'file:///etc/passwd'],
      ['a relative URL', '/auth-callback'],
      ['https on loopback with our path', 'https://127.0.0.1:8/auth-callback'],
      ['loopback, another path', 'http://127.0.0.1:8080/cb'],
      ['loopback with a query', 'http://127.0.0.1:8080/auth-callback?next=x'],
      ['loopback with user info', 'http://user:pw@127.0.0.1:8080/auth-callback'],
      ['loopback with a fragment', 'http://127.0.0.1:8080/auth-callback#x'],
      ['loopback written loosely', 'HTTP://127.0.0.1:8080/auth-callback'],
      ['a look-alike loopback name', 'http://127.0.0.1.evil.example/auth-callback'],
      ['a web callback on an unconfigured origin', web('https://evil.example')],
      ['a web callback for another extension', web('http://127.0.0.1:8080').replace('planbilling.plan-billing', 'evil.attacker-ext')],
      ['a web callback for another path', web('http://127.0.0.1:8080', '%2Fother')],
      ['a web callback with the portal path for sign-in', web('http://127.0.0.1:8080', '%2Fportal-return')],
      ['a web callback with an extra parameter', web('http://127.0.0.1:8080', '%2Fauth-callback', '&vscode-query=x')],
      ['a web callback with a repeated parameter', web('http://127.0.0.1:8080', '%2Fauth-callback', '&vscode-authority=planbilling.plan-billing')],
      ['a web callback without a request id', web('http://127.0.0.1:8080').replace('vscode-reqid=7&', '')],
      ['a web callback on another route', web('http://127.0.0.1:8080').replace('/callback?', '/evil?')],
      ['a web callback on an http origin that is configured as https', web('http://code.example.com')],
    ];
    for (const [what, uri] of refused) {
      it(`refuses ${what}, saying why`, () => {
        const checked = registry.check(OAuthClientId, uri, 'signIn');
        assert.ok('problem' in checked && checked.problem.length > 10, `${uri}: ${JSON.stringify(checked)}`);
      });
    }

    it('knows only its registered client', () => {
      assert.ok('problem' in registry.check('someone-else', 'vscode://planbilling.plan-billing/auth-callback', 'signIn'));
    });
  });

  describe('CSRF tokens', () => {
    it('compares secrets in constant time by hashing first (any length, never empty)', () => {
      assert.ok(secretsEqual('csrf_abc', 'csrf_abc'));
      assert.ok(!secretsEqual('csrf_abd', 'csrf_abc'));
      assert.ok(!secretsEqual('csrf_abc_longer', 'csrf_abc'));
      assert.ok(!secretsEqual('', ''));
    });

    it('binds a sign-in token to its browser, its parameters and its lifetime', () => {
      let now = 1_000_000;
      const guard = new SignInGuard(() => now);
      const browser = guard.browserId(undefined);
      assert.equal(guard.browserId(browser), browser, 'a cookie of ours is kept, so several tabs work');
      assert.notEqual(guard.browserId('forged'), 'forged');
      const params = ['code', OAuthClientId, 'vscode://planbilling.plan-billing/auth-callback', 'st', 'ch', 'S256'];
      const token = guard.tokenFor(browser, params);
      assert.ok(guard.verify(browser, params, token));
      assert.ok(!guard.verify(guard.browserId(undefined), params, token), 'another browser');
      assert.ok(!guard.verify(undefined, params, token), 'no cookie');
      assert.ok(!guard.verify(browser, [...params.slice(0, 2), 'vscode://evil.attacker-ext/auth-callback', ...params.slice(3)], token), 'other parameters');
      assert.ok(!guard.verify(browser, params, `${token}x`));
      assert.ok(!guard.verify(browser, params, 'garbage'));
      assert.ok(!new SignInGuard(() => now).verify(browser, params, token), 'another key (a restart)');
      now += 15 * 60 * 1000 + 1;
      assert.ok(!guard.verify(browser, params, token), 'too old');
    });
  });

  describe('command line and environment', () => {
    it('parses the documented options with defaults', () => {
      assert.deepEqual(parseCli([], {}), { port: 4242, dataFile: '.sandbox-data/sandbox.db', reset: false, mode: 'sandbox' });
      assert.deepEqual(parseCli(['--port', '0', '--data=/tmp/x.db', '--reset', '--mode', 'no-admin'], {}), { port: 0, dataFile: '/tmp/x.db', reset: true, mode: 'no-admin' });
      assert.equal(parseCli([], { SANDBOX_PORT: '5000' }).port, 5000);
    });
    it('refuses unknown options and bad values with a message', () => {
      assert.throws(() => parseCli(['--port', 'abc'], {}), CliError);
      assert.throws(() => parseCli(['--mode', 'staging'], {}), /sandbox" or "no-admin/);
      // Nothing called production signs in without credentials: the old name is refused, saying what to use.
      assert.throws(() => parseCli(['--mode', 'production'], {}), /--mode production is gone[^]*--mode no-admin/);
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
    it('reads the deployment knobs: public URL, host names, proxy, web editor origins, limits, refresh grace', () => {
      const config = loadConfig({
        SANDBOX_PUBLIC_URL: 'https://billing.example.com/',
        SANDBOX_ALLOWED_HOSTS: 'Billing.Internal, [::2]',
        SANDBOX_TRUST_PROXY: '1',
        SANDBOX_WEB_CALLBACK_ORIGINS: 'https://code.example.com, https://codespace-1.github.dev:8443',
        SANDBOX_CLIENT_RATE_LIMIT: '50',
        SANDBOX_REFRESH_REUSE_GRACE: '0',
      });
      assert.deepEqual(
        [config.publicUrl, config.allowedHosts, config.trustProxy, config.webCallbackOrigins, config.clientRateLimitPerMinute, config.refreshReuseGraceSeconds],
        ['https://billing.example.com', ['billing.internal', '[::2]'], true, ['https://code.example.com', 'https://codespace-1.github.dev:8443'], 50, 0],
      );
    });
    it('refuses web editor origins that are not bare https origins, and other malformed deployment knobs', () => {
      for (const origin of ['http://code.example.com', 'https://*.github.dev', 'https://code.example.com/base', 'https://user@code.example.com', 'code.example.com']) {
        assert.throws(() => loadConfig({ SANDBOX_WEB_CALLBACK_ORIGINS: origin }), /SANDBOX_WEB_CALLBACK_ORIGINS must list https origins/, origin);
      }
      assert.throws(() => loadConfig({ SANDBOX_PUBLIC_URL: 'https://billing.example.com/api' }), /SANDBOX_PUBLIC_URL/);
      assert.throws(() => loadConfig({ SANDBOX_ALLOWED_HOSTS: 'billing.example.com:443' }), /SANDBOX_ALLOWED_HOSTS/);
      assert.throws(() => loadConfig({ SANDBOX_REFRESH_REUSE_GRACE: '-1' }), /SANDBOX_REFRESH_REUSE_GRACE/);
    });
    it('refuses bad environment values with the variable name', () => {
      assert.throws(() => loadConfig({ SANDBOX_RATE_LIMIT: 'lots' }), (e: Error) => e instanceof ConfigError && /SANDBOX_RATE_LIMIT/.test(e.message));
      assert.throws(() => loadConfig({ SANDBOX_RETRY_DAYS: '3,1' }), /ascending/);
      assert.throws(() => loadConfig({ SANDBOX_AFTER_RETRIES: 'paused' }), /canceled" or "unpaid/);
    });
  });
});
