/**
 * The API client's usage calls against a real sandbox (child process on
 * loopback): GET /v1/usage with its ETag (304), PUT /v1/usage/settings with an
 * Idempotency-Key, POST /v1/usage/events idempotent by eventId, and the
 * refusals carrying their problem `code`. No HTTP mocking.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { type ApiClient } from '../../../src/api/apiClient';
import { UsageRefusals } from '../../../shared/contract/usageRefusals';
import { rejection } from '../support/rejection';
import { signedInClient, useSandbox } from '../support/sandboxClient';

describe('ApiClient usage calls against the real sandbox', function () {
  this.timeout(60_000);
  const sandbox = useSandbox();

  const clientFor = (state?: 'active' | 'trialing' | 'past_due') => signedInClient(sandbox().url, 'usage', state);

  async function now(api: ApiClient): Promise<string> {
    const usage = await api.getUsage();
    assert.ok(!usage.notModified);
    return usage.body.asOf;
  }

  it('gets the usage (validated) and answers 304 for the same ETag until something is counted', async () => {
    const { api } = await clientFor('active');
    const first = await api.getUsage();
    assert.ok(!first.notModified);
    assert.equal(first.body.planId, 'pro');
    assert.equal(first.body.plan.included, '1000.00');
    assert.ok(first.etag);
    const again = await api.getUsage({ etag: first.etag });
    assert.deepEqual(again, { notModified: true, etag: first.etag });
    await api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '12.50', occurredAt: first.body.asOf });
    const changed = await api.getUsage({ etag: first.etag });
    assert.ok(!changed.notModified);
    assert.equal(changed.body.plan.used, '12.50');
    assert.notEqual(changed.etag, first.etag);
  });

  it('reports an event once: the same eventId and content again is a duplicate, other content is event_id_reused', async () => {
    const { api } = await clientFor('active');
    const occurredAt = await now(api);
    const eventId = `evt-${randomUUID()}`;
    const first = await api.reportUsage({ eventId, feature: 'ai.agent', credits: 25, occurredAt });
    assert.equal(first.credits, '25.00');
    assert.equal(first.fromPlan, '25.00');
    assert.equal(first.duplicate, false);
    assert.equal(first.remaining, '975.00');
    const repeat = await api.reportUsage({ eventId, feature: 'ai.agent', credits: 25, occurredAt });
    assert.equal(repeat.duplicate, true);
    assert.equal(repeat.remaining, '975.00');
    const reused = await rejection(api.reportUsage({ eventId, feature: 'ai.agent', credits: 30, occurredAt }));
    assert.equal(reused.status, 409);
    assert.equal(reused.details.problemCode, UsageRefusals.eventIdReused);
  });

  it('refuses with credits_exhausted (402) when the plan credits are used up and overage is off', async () => {
    const { api } = await clientFor(); // Free: 50 credits, no overage
    const occurredAt = await now(api);
    await api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '50.00', occurredAt });
    const refused = await rejection(api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '0.01', occurredAt }));
    assert.equal(refused.status, 402);
    assert.equal(refused.details.problemCode, UsageRefusals.creditsExhausted);
    const usage = await api.getUsage();
    assert.ok(!usage.notModified);
    assert.equal(usage.body.quotaExceeded, 'credits_exhausted');
    assert.equal(usage.body.overage, null);
  });

  it('puts the overage settings with an Idempotency-Key (a retry answers the same) and refuses them on Free', async () => {
    const { api } = await clientFor('active');
    const key = randomUUID();
    const usage = await api.putUsageSettings({ overageEnabled: true, spendCap: 2500 }, key);
    assert.equal(usage.overage?.enabled, true);
    assert.equal(usage.overage?.spendCap.amount, 2500);
    const again = await api.putUsageSettings({ overageEnabled: true, spendCap: 2500 }, key);
    assert.deepEqual(again.overage, usage.overage);
    const tooHigh = await rejection(api.putUsageSettings({ overageEnabled: true, spendCap: 100_001 }, randomUUID()));
    assert.equal(tooHigh.kind, 'validation');
    assert.ok(tooHigh.details.fieldErrors?.some((e) => e.field === 'spendCap'));

    const free = await clientFor();
    const refused = await rejection(free.api.putUsageSettings({ overageEnabled: true, spendCap: 1000 }, randomUUID()));
    assert.equal(refused.status, 409);
    assert.equal(refused.details.problemCode, UsageRefusals.overageUnavailable);
  });

  it('counts overage once the plan is used up and refuses spend_cap_reached past the cap', async () => {
    const { api } = await clientFor('active');
    await api.putUsageSettings({ overageEnabled: true, spendCap: 100 }, randomUUID()); // $1.00 = 25 credits at 4 ¢
    const occurredAt = await now(api);
    await api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '1000.00', occurredAt });
    const over = await api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '10.00', occurredAt });
    assert.equal(over.fromOverage, '10.00');
    const refused = await rejection(api.reportUsage({ eventId: randomUUID(), feature: 'ai.agent', credits: '20.00', occurredAt }));
    assert.equal(refused.status, 402);
    assert.equal(refused.details.problemCode, UsageRefusals.spendCapReached);
    const usage = await api.getUsage();
    assert.ok(!usage.notModified);
    assert.equal(usage.body.overage?.accrued.amount, 40);
  });
});
