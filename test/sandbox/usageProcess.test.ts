/**
 * Usage events against the built sandbox process: an event is on disk before
 * it is acknowledged, so a SIGKILL in the middle of a stream loses none, and
 * a retry after the restart counts nothing twice.
 */
import { strict as assert } from 'node:assert';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import { ApiPaths } from '../../shared/contract/paths';
import { type Usage, type UsageEventResult } from '../../shared/contract/usage';
import { parseCredits } from '../../shared/credits';
import { startSandbox, type SandboxProcess } from '../support/sandboxProcess';
import { createSession, readClock } from '../support/sandboxAdmin';
import { api, buildSandboxBundle, removeTempData, tempDataFile, uniqueEmail } from './harness';

describe('sandbox process: usage events', function () {
  this.timeout(60_000);
  before(() => buildSandboxBundle());

  const running: SandboxProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sb) => sb.kill()));
  });
  after(() => removeTempData());

  it('loses no acknowledged event when killed with SIGKILL mid-stream, and counts none twice after', async () => {
    const dataFile = tempDataFile();
    const sb = await startSandbox({ dataFile, reset: true });
    running.push(sb);
    const email = uniqueEmail('usage-crash');
    const { access_token: token } = await createSession(sb.url, email);
    const occurredAt = (await readClock(sb.url)).now;
    const acknowledged: { event: object; result: UsageEventResult }[] = [];
    let stop = false;
    let killed: Promise<void> | undefined;

    const writer = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const event = { eventId: `crash-${worker}-${i}`, feature: FeatureKeys.basicCompletions, credits: '0.01', occurredAt };
        try {
          const res = await api(sb.url, token, ApiPaths.usageEvents, { method: 'POST', json: event });
          if (res.status === 200) acknowledged.push({ event, result: (await res.json()) as UsageEventResult });
          else assert.fail(`event ${event.eventId}: ${res.status} ${await res.text()}`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          return; // the connection died with the process
        }
        if (acknowledged.length >= 150 && !killed) {
          stop = true;
          killed = sb.kill();
        }
      }
    };
    const workers = 3;
    await Promise.all(Array.from({ length: workers }, (_, w) => writer(w)));
    await killed;
    assert.equal(sb.child.signalCode, 'SIGKILL');

    const restarted = await startSandbox({ dataFile, reset: false });
    running.push(restarted);
    const { access_token: again } = await createSession(restarted.url, email);
    const usedAfterRestart = async () => parseCredits(((await (await api(restarted.url, again, ApiPaths.usage)).json()) as Usage).used)!;
    const used = await usedAfterRestart();
    // Every acknowledged event is counted; at most the ones in flight at the kill (one per writer) besides.
    assert.ok(used >= acknowledged.length && used <= acknowledged.length + workers, `used ${used} hundredths for ${acknowledged.length} acknowledged events`);
    for (const { event, result } of acknowledged) {
      const res = await api(restarted.url, again, ApiPaths.usageEvents, { method: 'POST', json: event });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ...result, duplicate: true });
    }
    assert.equal(await usedAfterRestart(), used, 'the retries counted nothing');
  });
});
