// Status bar, context keys, the exported API and the fixture extension's gated
// command, per account state (journey 7 of docs/journeys.md), in the real host against the sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type DemoState } from '../../shared/contract/sandboxAdmin';
import { setAccountState } from '../support/sandboxAdmin';
import { fixtureView, planBilling, refreshUntil, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail } from './support/planBilling';
import { CommandIds } from '../../shared/productIdentity';

interface Row {
  demo: DemoState;
  kind: string;
  text: RegExp;
  warning: boolean;
  agent: boolean;
  /** Actions the gate offers when the paid command is refused. */
  offered: string[];
}

const rows: Row[] = [
  { demo: 'free', kind: 'free', text: /^\$\(account\) Free$/, warning: false, agent: false, offered: ['Upgrade to Pro'] },
  { demo: 'trialing', kind: 'trialing', text: /^\$\(account\) Pro trial · \d+d$/, warning: false, agent: true, offered: [] },
  { demo: 'active', kind: 'active', text: /^\$\(account\) Pro$/, warning: false, agent: true, offered: [] },
  { demo: 'active_canceling', kind: 'activeCanceling', text: /^\$\(account\) Pro · ends \w+ \d+$/, warning: false, agent: true, offered: [] },
  { demo: 'past_due', kind: 'pastDue', text: /^\$\(warning\) Past due$/, warning: true, agent: false, offered: ['Update Payment Method', 'Pay Outstanding Balance'] },
  { demo: 'canceled', kind: 'ended', text: /^\$\(account\) Plan ended$/, warning: false, agent: false, offered: ['Upgrade to Pro'] },
  { demo: 'unpaid', kind: 'ended', text: /^\$\(account\) Plan ended$/, warning: false, agent: false, offered: ['Upgrade to Pro'] },
];

describe('account states: status bar, context keys, exported API and gating', () => {
  let accountId: string;
  before(async () => {
    await resetCore();
    ({ accountId } = await signInAs(uniqueEmail('states')));
  });
  after(resetCore);

  for (const row of rows) {
    it(`${row.demo}: "${row.text.source}", agent ${row.agent ? 'runs' : 'is gated'}`, async () => {
      const { api, t } = await planBilling();
      const eventsBefore = (await fixtureView()).eventCount;
      await setAccountState(sandboxUrl(), accountId, row.demo);
      const s = await refreshUntil((x) => x.kind === row.kind && !x.refreshing, row.demo);
      assert.equal(s.stale, false);

      const bar = t.statusBar();
      assert.match(bar.text, row.text);
      assert.equal(bar.warning, row.warning);
      assert.match(bar.tooltip, /\[Manage Plan\]\(command:planBilling\.managePlan\)/);

      const keys = await t.contextKeys();
      assert.equal(keys?.['planBilling.state'], row.kind);
      assert.equal(keys?.['planBilling.signedIn'], true);
      assert.equal(keys?.['planBilling.pastDue'], row.kind === 'pastDue');
      assert.equal((keys?.['planBilling.features'] as string[]).includes('ai.agent'), row.agent);
      assert.equal(keys?.['planBilling.feature.ai.agent'] === true, row.agent);

      assert.equal(api.has('ai.agent'), row.agent);
      assert.equal(api.getEntitlements().state, row.kind);
      const view = await fixtureView();
      assert.equal(view.hasAgent, row.agent);
      assert.equal(view.now.state, row.kind);
      assert.ok(view.eventCount > eventsBefore, 'the fixture received onDidChange');
      assert.equal(view.events.at(-1)?.state, row.kind);

      // The fixture's paid command: runs when entitled; otherwise the gate explains and offers the fix. Dismissed here.
      const prompter = scriptedPrompter(() => undefined);
      t.setPrompter(prompter);
      const result = await vscode.commands.executeCommand<string>('gatedFixture.runAgent');
      t.setPrompter(undefined);
      assert.equal(result, row.agent ? 'ran' : 'blocked');
      if (row.agent) assert.equal(prompter.prompts.filter((p) => p.modal).length, 0);
      else {
        const gate = prompter.prompts.find((p) => p.modal);
        assert.ok(gate, 'the gate explained why');
        assert.deepEqual([...gate.actions], row.offered);
        assert.equal(t.snapshot().kind, row.kind, 'dismissing changed nothing');
      }
    });
  }

  it('signed out: the gate offers only "Sign In"', async () => {
    const { t } = await planBilling();
    await vscode.commands.executeCommand(CommandIds.signOut);
    const prompter = scriptedPrompter(() => undefined);
    t.setPrompter(prompter);
    assert.equal(await vscode.commands.executeCommand('gatedFixture.runAgent'), 'blocked');
    assert.deepEqual([...(prompter.prompts.find((p) => p.modal)?.actions ?? [])], ['Sign In']);
    assert.equal((await fixtureView()).now.state, 'signedOut');
  });
});
