/**
 * The plan-change calls of the API client, as they go on the wire: method,
 * path, body and bearer, against a loopback server that records each request
 * and answers 404 (the answers of the real sandbox: planClient.test.ts). No
 * HTTP mocking.
 */
import { strict as assert } from 'node:assert';
import { ApiClient } from '../../../src/api/apiClient';
import { HttpTransport } from '../../../src/api/httpTransport';
import { recordingLogger } from '../support/memoryStores';
import { rejection } from '../support/rejection';
import { type RequestRecorder, startRequestRecorder } from '../support/requestRecorder';

describe('ApiClient plan calls on the wire', () => {
  let recorder: RequestRecorder;
  before(async () => {
    recorder = await startRequestRecorder();
  });
  after(async () => {
    await recorder.close();
  });

  const client = () =>
    new ApiClient({
      transport: new HttpTransport({ serviceUrl: () => recorder.url, logger: recordingLogger().logger, backoffBaseMs: 1, random: () => 0.5 }),
      auth: { getAccessToken: async () => ({ token: 'at_plans', origin: new URL(recorder.url).origin }), renewAccessToken: async () => 'at_plans' },
    });

  const cases: Array<[string, (api: ApiClient) => Promise<unknown>, string, string, unknown]> = [
    ['listPlans', (api) => api.listPlans(), 'GET', '/v1/plans', undefined],
    ['previewSubscriptionChange', (api) => api.previewSubscriptionChange({ planId: 'pro_plus', interval: 'year' }), 'POST', '/v1/subscription/preview', { planId: 'pro_plus', interval: 'year' }],
    [
      'changeSubscription',
      (api) => api.changeSubscription({ planId: 'pro_plus', interval: 'month', previewId: 'pv_1' }),
      'POST',
      '/v1/subscription/change',
      { planId: 'pro_plus', interval: 'month', previewId: 'pv_1' },
    ],
    ['cancelSubscription', (api) => api.cancelSubscription({ reason: { code: 'too_expensive', comment: 'A bit much' } }), 'POST', '/v1/subscription/cancel', { reason: { code: 'too_expensive', comment: 'A bit much' } }],
    ['cancelSubscription without a reason', (api) => api.cancelSubscription(), 'POST', '/v1/subscription/cancel', {}],
    ['resumeSubscription', (api) => api.resumeSubscription(), 'POST', '/v1/subscription/resume', undefined],
    ['keepCurrentPlan', (api) => api.keepCurrentPlan(), 'DELETE', '/v1/subscription/scheduled-change', undefined],
  ];
  for (const [name, call, method, path, body] of cases) {
    it(`${name}: ${method} ${path} with the bearer, once`, async () => {
      const before = recorder.requests.length;
      const error = await rejection(call(client()));
      assert.equal(error.status, 404);
      const sent = recorder.requests.slice(before);
      assert.equal(sent.length, 1, 'a 404 is not retried');
      assert.equal(sent[0]!.method, method);
      assert.equal(sent[0]!.url, path);
      assert.equal(sent[0]!.headers['authorization'], 'Bearer at_plans');
      assert.deepEqual(sent[0]!.body === '' ? undefined : JSON.parse(sent[0]!.body), body);
    });
  }

  it('every plan call needs a session: unauthorized without sending anything', async () => {
    const before = recorder.requests.length;
    const api = new ApiClient({ transport: new HttpTransport({ serviceUrl: () => recorder.url, logger: recordingLogger().logger }) });
    for (const call of [() => api.listPlans(), () => api.resumeSubscription(), () => api.keepCurrentPlan()]) {
      assert.equal((await rejection(call())).kind, 'unauthorized');
    }
    assert.equal(recorder.requests.length, before);
  });
});
