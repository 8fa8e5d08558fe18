import { strict as assert } from 'node:assert';
import { Value } from '@sinclair/typebox/value';
import { Money } from '../../shared/contract/common';
import { startSandbox } from '../support/sandboxProcess';

describe('foundation smoke', () => {
  it('validates contract shapes', () => {
    assert.equal(Value.Check(Money, { amount: 2000, currency: 'USD' }), true);
    assert.equal(Value.Check(Money, { amount: 20.5, currency: 'USD' }), false);
  });
  it('starts the sandbox on a free port', async () => {
    const sb = await startSandbox();
    try {
      const res = await fetch(`${sb.url}/nope`);
      assert.equal(res.status, 404);
    } finally {
      await sb.stop();
    }
  });
});
