import { strict as assert } from 'node:assert';
import { isAllowedPortalUrl } from '../../../src/portal/portalUrl';

describe('isAllowedPortalUrl', () => {
  const table: Array<[string, string, boolean]> = [
    ['http://127.0.0.1:4242/portal/ps_1', 'http://127.0.0.1:4242', true],
    ['https://billing.example/portal/ps_1', 'https://billing.example', true],
    ['https://billing.example/portal/ps_1', 'https://billing.example/', true],
    ['http://127.0.0.1:4243/portal/ps_1', 'http://127.0.0.1:4242', false],
    ['http://localhost:4242/portal/ps_1', 'http://127.0.0.1:4242', false],
    ['https://evil.example/portal/ps_1', 'https://billing.example', false],
    ['https://billing.example.evil.example/portal', 'https://billing.example', false],
    ['http://billing.example/portal/ps_1', 'http://billing.example', false],
    ['https://user:pw@billing.example/portal', 'https://billing.example', false],
    ['javascript:alert(1)', 'https://billing.example', false],
    ['file:///etc/passwd', 'https://billing.example', false],
    ['command:workbench.action.reloadWindow', 'https://billing.example', false],
    ['not a url', 'https://billing.example', false],
    ['https://billing.example/portal', 'not a url', false],
  ];
  for (const [url, service, allowed] of table) {
    it(`${allowed ? 'allows' : 'refuses'} ${url} for ${service}`, () => assert.equal(isAllowedPortalUrl(url, service), allowed));
  }
});
