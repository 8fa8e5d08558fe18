// The exported API's shape and the activation cost, measured in the host.
import * as assert from 'node:assert/strict';
import { planBilling } from './support/planBilling';

describe('activation and exported API', () => {
  it('exports version 1 of the API and activates without waiting on the network', async () => {
    const { api, t } = await planBilling();
    assert.equal(api.version, 1);
    for (const name of ['getEntitlements', 'has', 'onDidChange', 'requireEntitlement'] as const) assert.equal(typeof api[name], 'function', name);
    console.log(`    activate() took ${t.activationMs.toFixed(2)} ms in this host`);
    console.log(`    ${t.logs().find((l) => l.includes('Activated in')) ?? '(no activation log line)'}`);
    assert.ok(t.activationMs > 0);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) api.has('ai.agent');
    const nsPerCall = Number(process.hrtime.bigint() - started) / 100_000;
    console.log(`    api.has(): ${nsPerCall.toFixed(0)} ns per call`);
  });
});
