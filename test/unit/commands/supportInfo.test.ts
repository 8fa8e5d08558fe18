import { strict as assert } from 'node:assert';
import { buildSupportInfo } from '../../../src/commands/supportInfo';
import { checkServiceUrl } from '../../../src/config/serviceUrl';
import { SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { snapshot, T0 } from '../support/fixtures';

const input = {
  extensionVersion: '0.1.0',
  editorName: 'Visual Studio Code',
  editorVersion: '1.100.3',
  uiKind: 'desktop',
  platform: 'linux-x64',
  serviceUrl: checkServiceUrl('http://127.0.0.1:4242', 'https://billing.example'),
  now: T0,
};

describe('support info', () => {
  it('lists versions, account id, plan, status, last verification and service URL', () => {
    const text = buildSupportInfo({ ...input, snapshot: snapshot() });
    assert.match(text, /Extension: planbilling\.plan-billing 0\.1\.0/);
    assert.match(text, /Editor: Visual Studio Code 1\.100\.3/);
    assert.match(text, /Account id: usr_1/);
    assert.match(text, /Plan: pro/);
    assert.match(text, /State: active/);
    assert.match(text, /Last verification: 2026-03-10T11:55:00\.000Z/);
    assert.match(text, /Service URL: http:\/\/127\.0\.0\.1:4242/);
  });

  it('never contains a token, even when secrets sit in reachable places', () => {
    const jws = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2ln';
    const s = snapshot({ error: { kind: 'server', message: `failed with Bearer at_456 and ${jws}` } });
    const text = buildSupportInfo({ ...input, serviceUrl: checkServiceUrl('https://user:pw@billing.example/api?access_token=at_123', 'https://billing.example'), snapshot: s });
    for (const secret of ['at_123', 'at_456', 'pw@', 'secret', jws]) assert.ok(!text.includes(secret), secret);
    assert.match(text, /Service URL: \(refused: .*user name or password/);
    const withPath = buildSupportInfo({ ...input, serviceUrl: checkServiceUrl('', 'https://billing.example/api/'), snapshot: s });
    assert.match(withPath, /Service URL: https:\/\/billing\.example\/api$/m);
  });

  it('works signed out', () => {
    const text = buildSupportInfo({ ...input, snapshot: SIGNED_OUT_SNAPSHOT });
    assert.match(text, /Account id: \(signed out\)/);
    assert.match(text, /Last verification: never/);
  });
});
