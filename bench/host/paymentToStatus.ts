/**
 * From a successful payment in the portal to the status bar showing it.
 * A fresh past-due account signs in; "Update Payment Method" hands the portal
 * link to the (captured) browser; the portal is completed over HTTP with a
 * good card, which pays the outstanding invoice; then the time until the
 * status-bar item reads Pro is measured. Two paths:
 *   poll         nothing else happens: the extension's bounded portal poll finds it;
 *   uriCallback  the browser follows the portal's "Return to the editor" link
 *                (code-server's callback page → the extension's URI handler → refresh).
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { type PaymentSample } from '../benchProtocol';
import { createSession, accountByEmail, setAccountState } from '../../test/support/sandboxAdmin';
import { updateCard } from '../../test/support/portalDriver';
import { captureExternal, planBilling, refreshUntil, sandboxUrl, signInAs, signOutIfSignedIn, uniqueEmail } from '../../test/integration/support/planBilling';
import { type PlanBillingTestAccess } from '../../src/testing/testAccess';
import { CommandIds } from '../../shared/productIdentity';

const showsPro = (t: PlanBillingTestAccess) => {
  const status = t.statusBar();
  return /\bPro\b/.test(status.text) && !status.warning;
};

/** Resolves with performance.now() when the status bar shows Pro (checked every 2 ms), or rejects after timeoutMs. */
function whenStatusShowsPro(t: PlanBillingTestAccess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => {
      const now = performance.now();
      if (showsPro(t)) resolve(now);
      else if (now > deadline) reject(new Error(`the status bar still shows "${t.statusBar().text}" after ${timeoutMs / 1000} s`));
      else setTimeout(check, 2);
    };
    check();
  });
}

async function payOnce(path: PaymentSample['path']): Promise<PaymentSample> {
  const { t } = await planBilling();
  const url = sandboxUrl();
  const email = uniqueEmail(`bench-pay-${path}`);
  // The sandbox creates the account with its first session; put it into past_due before the extension sees it.
  await createSession(url, email);
  await setAccountState(url, (await accountByEmail(url, email)).id, 'past_due');
  await signInAs(email);
  await refreshUntil((s) => s.kind === 'pastDue', 'the account is past due');
  assert.ok(!showsPro(t), `the status bar shows "${t.statusBar().text}" before the payment`);

  const external = captureExternal(t);
  try {
    await vscode.commands.executeCommand(CommandIds.updatePaymentMethod);
    const portalUrl = await external.next();
    const opened = performance.now();
    const logsBefore = t.logs().length;
    const shown = whenStatusShowsPro(t, 90_000);
    const result = await updateCard(portalUrl, { number: '4242424242424242' });
    const paid = performance.now();
    assert.equal(result.outcome, 'card_saved', `portal outcome ${String(result.outcome)}: ${String(result.message)}`);
    assert.equal(result.payment, 'paid', `the outstanding invoice was not paid: ${String(result.message)}`);
    if (path === 'uriCallback') {
      assert.ok(result.returnUrl, 'the portal offers a way back to the editor');
      // What the browser does when the user clicks "Return to the editor"; the string as the portal wrote it.
      await vscode.env.openExternal(result.returnUrl as unknown as vscode.Uri);
    }
    const done = await shown;
    const refreshLine = t
      .logs()
      .slice(logsBefore)
      .find((line) => /Refresh \(\w+\) updated the account/.test(line));
    const trigger = /Refresh \((\w+)\)/.exec(refreshLine ?? '')?.[1] ?? 'unknown';
    return { path, payToStatusMs: done - paid, openToStatusMs: done - opened, trigger };
  } finally {
    t.setExternalOpener(undefined);
    await signOutIfSignedIn();
  }
}

/** `runs` payments per path, alternating the paths. */
export async function measurePaymentToStatus(runs: number, log: (line: string) => void, note: (problem: string) => void): Promise<PaymentSample[]> {
  const samples: PaymentSample[] = [];
  for (let i = 0; i < runs; i++) {
    for (const path of ['poll', 'uriCallback'] as const) {
      try {
        const sample = await payOnce(path);
        samples.push(sample);
        log(`payment → status bar (${path}): ${(sample.payToStatusMs / 1000).toFixed(2)} s (refresh trigger: ${sample.trigger})`);
      } catch (error) {
        note(`payment → status bar (${path}) failed: ${(error as Error).message}`);
      }
    }
  }
  return samples;
}
