import { strict as assert } from 'node:assert';
import { checkServiceUrl } from '../../../src/config/serviceUrl';

describe('the service URL check (planBilling.serviceUrl)', () => {
  const buildDefault = 'https://billing.example';
  const accepted: Array<[string, string]> = [
    ['', 'https://billing.example'],
    ['   ', 'https://billing.example'],
    ['https://billing.example/', 'https://billing.example'],
    ['https://billing.example/api/', 'https://billing.example/api'],
    ['HTTPS://Billing.Example:8443', 'https://billing.example:8443'],
    ['http://127.0.0.1:4242', 'http://127.0.0.1:4242'],
    ['http://localhost:4242/', 'http://localhost:4242'],
    ['http://[::1]:4242', 'http://[::1]:4242'],
  ];
  for (const [configured, url] of accepted) {
    it(`uses ${JSON.stringify(configured)} as ${url}`, () => {
      const check = checkServiceUrl(configured, buildDefault);
      assert.ok(check.ok, check.ok ? '' : check.problem);
      assert.equal(check.url, url);
      assert.equal(check.origin, new URL(url).origin);
    });
  }

  const refused: Array<[string, RegExp]> = [
    ['http://billing.example', /http, which is allowed only on this computer\. Use https/],
    ['http://192.168.1.10:4242', /http:\/\/192\.168\.1\.10:4242 uses http/],
    ['http://0.0.0.0:4242', /uses http/],
    ['http://127.0.0.1.nip.io:4242', /uses http/],
    ['https://user:secret@billing.example', /user name or password/],
    ['https://billing.example/?access_token=x', /query or fragment/],
    ['https://billing.example/#x', /query or fragment/],
    ['ftp://billing.example', /must start with https/],
    ['not a url', /not a valid URL/],
  ];
  for (const [configured, problem] of refused) {
    it(`refuses ${configured}`, () => {
      const check = checkServiceUrl(configured, buildDefault);
      assert.ok(!check.ok, 'refused');
      assert.match(check.problem, problem);
      // The message may name the origin, never credentials or a query.
      assert.ok(!check.problem.includes('secret') && !check.problem.includes('access_token'), check.problem);
    });
  }

  it('refuses a bad build default the same way (development builds default to the sandbox on loopback)', () => {
    assert.equal(checkServiceUrl('', 'http://billing.example').ok, false);
    assert.equal(checkServiceUrl(undefined, 'http://127.0.0.1:4242').ok, true);
  });
});
