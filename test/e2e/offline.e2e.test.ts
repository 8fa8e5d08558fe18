// Journey 8 (docs/journeys.md): with the billing service unreachable (connection resets, 503s on
// every /v1 route), a paid user stays Pro with the paid feature working; the
// status bar marks the plan as offline and its tooltip says when it was
// verified and until when it works offline. A good answer clears the mark.
import * as assert from 'node:assert/strict';
import { type FaultRequest } from '../../shared/contract/sandboxAdmin';
import { clearFaults, injectFault } from '../support/sandboxAdmin';
import { AGENT_RAN_MESSAGE, PAID_AGENT_COMMAND_TITLE } from './fixtures/paid-agent/src/messages';
import { serviceAccount, signedInAccount } from './support/accounts';
import { commandPaletteTitle, useWorkbench } from './support/workbench';
import { CommandIds } from '../../shared/productIdentity';

const DAY = 86_400_000;

const faults: ReadonlyArray<{ readonly name: string; readonly fault: Omit<FaultRequest, 'route' | 'count'> }> = [
  { name: 'connection resets', fault: { kind: 'reset' } },
  { name: '503 Service Unavailable', fault: { kind: 'status', status: 503 } },
];

describe('journey 8: offline', () => {
  const workbench = useWorkbench({ paidAgent: true });

  afterEach(async () => {
    await clearFaults(workbench().sandboxUrl);
  });

  for (const { name, fault } of faults) {
    it(`keeps a paid user on Pro through ${name}, saying until when it works offline`, async () => {
      const wb = workbench();
      const account = await signedInAccount(wb, `offline-${fault.kind}`, 'active');
      const periodEnd = Date.parse((await serviceAccount(wb, account)).subscription!.currentPeriodEnd);
      await wb.clearNotifications();
      const offlineIcon = wb.statusBarItem().locator('.codicon-cloud-offline');
      assert.equal(await offlineIcon.count(), 0);

      await injectFault(wb.sandboxUrl, { route: '/v1/*', count: 10_000, ...fault });
      await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
      await wb.notifications(/Showing the last verified state/).waitFor({ timeout: 60_000 });

      await offlineIcon.waitFor({ state: 'attached' });
      assert.match(await wb.statusBarText(), /^Pro$/, 'still Pro');
      const tooltip = await wb.statusBarTooltip(/works offline until/);
      const until = /verified (.+?) · works offline until (.+)$/im.exec(tooltip);
      assert.ok(until, `the tooltip says when it was verified and until when it works offline: ${tooltip}`);
      assert.match(until[1]!, /just now|minutes? ago/);
      const offlineUntil = Date.parse(until[2]!);
      assert.ok(offlineUntil > Date.now() - DAY, `the offline limit (${until[2]}) is not in the past`);
      assert.ok(offlineUntil <= periodEnd + DAY, `the offline limit (${until[2]}) is not beyond what was paid for`);

      // The paid feature keeps working.
      await wb.runCommand(PAID_AGENT_COMMAND_TITLE);
      await wb.notifications(AGENT_RAN_MESSAGE).waitFor();
      assert.equal(await wb.dialog().count(), 0);

      // Back online: the next refresh clears the offline mark.
      await clearFaults(wb.sandboxUrl);
      await wb.runCommand(commandPaletteTitle(CommandIds.refresh));
      await offlineIcon.waitFor({ state: 'detached', timeout: 60_000 });
      assert.match(await wb.statusBarText(), /^Pro$/);
    });
  }
});
