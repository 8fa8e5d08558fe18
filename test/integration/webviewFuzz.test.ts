// The Manage Plan panel host under a hostile webview: 10,000 seeded random and
// mutated messages (test/support/webviewMessageFuzz.ts) through the host's
// message path, with the panel open on a real account. Nothing may crash,
// reject unhandled, open a URL, prompt, ask the service for anything that
// writes, change the account or the panel's state; every message is dropped,
// and the log says so once per kind, not 10,000 times (src/panel/dropLog.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fuzzMessages } from '../support/webviewMessageFuzz';
import { accountByEmail, readOutbox } from '../support/sandboxAdmin';
import { isState, mark, posted, showPanelAs } from './support/panel';
import { captureExternal, planBilling, resetCore, sandboxUrl, uniqueEmail } from './support/planBilling';

const MESSAGES = 10_000;

/** A message for a failure report (some are nested too deep for JSON.stringify). */
function printable(message: unknown): string {
  try {
    return String(JSON.stringify(message)).slice(0, 300);
  } catch {
    return `(a ${typeof message} too deep to print)`;
  }
}
const SEED = 20261203;

/** Resolves once the host has posted nothing to the webview for a second. */
async function settled(): Promise<void> {
  for (let tries = 0; tries < 30; tries++) {
    const since = await mark();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (since().length === 0) return;
  }
  throw new Error('the panel kept posting for 30 s');
}

describe('Manage Plan panel under fuzzed webview messages', () => {
  before(resetCore);
  after(resetCore);

  it(`drops ${MESSAGES.toLocaleString('en-US')} hostile messages without acting on any, and keeps working`, async function () {
    this.timeout(180_000);
    const { t } = await planBilling();
    const email = uniqueEmail('webview-fuzz');
    await showPanelAs(email);
    // The panel's own loads (usage, cards, invoices) finish first: from then on nothing is due to be posted.
    await settled();
    const accountBefore = await accountByEmail(sandboxUrl(), email);
    const outboxBefore = (await readOutbox(sandboxUrl(), email)).length;
    const snapshotBefore = JSON.stringify(t.snapshot());
    const promptsBefore = t.prompts().length;
    const external = captureExternal(t);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const since = await mark();
    const kinds = new Map<string, number>();
    try {
      let n = 0;
      for (const { kind, message } of fuzzMessages(SEED, MESSAGES)) {
        n++;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        let acted: boolean;
        try {
          acted = await t.panel.postFromWebview(message);
        } catch (error) {
          assert.fail(`message ${n} (${kind}) threw: ${String(error)}`);
        }
        assert.equal(acted, false, `message ${n} (${kind}) was acted on: ${printable(message)}`);
      }
      // Anything the messages set off would have had time to surface.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    console.log(`    [fuzz] ${MESSAGES} messages (seed ${SEED}): ${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}`);

    assert.deepEqual(rejections, [], 'no unhandled rejection');
    assert.deepEqual(external.urls, [], 'no URL opened');
    assert.equal(t.prompts().length, promptsBefore, 'no notification, dialog or save prompt');
    assert.deepEqual(since(), [], 'nothing posted to the webview');
    assert.equal(JSON.stringify(t.snapshot()), snapshotBefore, 'the account state is unchanged');
    assert.deepEqual(await accountByEmail(sandboxUrl(), email), accountBefore, 'the service account is unchanged');
    assert.equal((await readOutbox(sandboxUrl(), email)).length, outboxBefore, 'no email sent');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin'), false);

    // Once per kind: the recent log holds a line per kind at most, not a line per message.
    const dropLines = t.logs().filter((line) => line.includes('Dropped a message from the Manage Plan webview'));
    assert.ok(dropLines.length > 0 && dropLines.length <= 64, `${dropLines.length} drop lines`);

    // Closing the panel reports how many more of each kind were dropped.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const counted = t.logs().filter((line) => /Dropped \d+ more messages? from the Manage Plan webview/.test(line));
    const total = counted.reduce((sum, line) => sum + Number(/Dropped (\d+) more/.exec(line)![1]), 0);
    assert.ok(total + dropLines.length >= MESSAGES, `${total} counted + ${dropLines.length} logged cover the ${MESSAGES} messages`);

    // And it still works: a new panel shows the account.
    const rendered = await t.panel.openAndWaitForRender();
    assert.equal(rendered.hasData, true);
    const state = await posted(isState, 'a state after reopening');
    assert.equal(state.state.account?.user.email, email);
  });
});
