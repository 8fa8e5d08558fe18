/**
 * The benchmark's suite entry, run inside the extension host by the workbench
 * `payload` (like the integration suite; see tools/host/codeServerSuite.ts).
 * Each page load runs the one step the runner wrote into the shared folder
 * and writes the step's result next to it. Neither extension is active when
 * the step starts: both are loaded with no activation events.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { type BenchStep, benchDirEnv, resultFileName, type StepResult, stepFileName } from '../benchProtocol';
import { suiteLogPrefixEnv } from '../../tools/host/hostEnvironment';
import { injectFault, clearFaults, setAccountState, accountByEmail } from '../../test/support/sandboxAdmin';
import { planBilling, refreshUntil, sandboxUrl, signInAs, uniqueEmail } from '../../test/integration/support/planBilling';
import { activateBoth, activateBothMeasuringHeap } from './activation';
import { heapAfterGc } from './heap';
import { measureEntitlementChecks } from './entitlementCheck';
import { measurePanelRender } from './panelRender';
import { measurePaymentToStatus } from './paymentToStatus';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(line: string): void {
  console.log(`${process.env[suiteLogPrefixEnv] ?? ''}[bench] ${line}`);
}

/** Signs in as a fresh account on the Pro plan; resolves once the extension shows it active. */
async function signInActivePro(label: string): Promise<void> {
  const email = uniqueEmail(label);
  await signInAs(email);
  await setAccountState(sandboxUrl(), (await accountByEmail(sandboxUrl(), email)).id, 'active');
  await refreshUntil((s) => s.kind === 'active', 'the account is active');
}

async function runStep(step: BenchStep): Promise<StepResult> {
  const notes: string[] = [];
  const note = (line: string) => {
    notes.push(line);
    log(line);
  };
  // Let the workbench finish starting (it loads on the same two cores) before anything is timed.
  await sleep(3000);

  if (step.kind === 'prepare') {
    const { samples, heap } = await activateBothMeasuringHeap();
    await signInActivePro('bench-restore');
    // Let storage writes reach the workbench before the page goes away.
    await sleep(1000);
    return { step, activation: { samples, heap }, notes };
  }

  if (step.kind === 'activation') {
    if (step.injectLatencyMs) {
      await injectFault(sandboxUrl(), { route: '*', kind: 'latency', latencyMs: step.injectLatencyMs, count: 1000 });
    }
    try {
      const samples = await activateBoth(step.order);
      // Stay past the deferred first check (3 s after the account was restored), so the request log shows it.
      await sleep(4000 + (step.injectLatencyMs ?? 0));
      return { step, activation: { samples, injectedLatencyMs: step.injectLatencyMs }, notes };
    } finally {
      if (step.injectLatencyMs) await clearFaults(sandboxUrl());
    }
  }

  const heapBefore = heapAfterGc();
  const samples = await activateBoth(step.order);
  const { api, t } = await planBilling();
  await signInActivePro('bench-main');
  // Past the deferred first check, so no refresh runs during the loops.
  await sleep(3000);
  const entitlements = measureEntitlementChecks(api, step.entitlements);
  log('entitlement checks measured');
  const panel = await measurePanelRender(t, step.panel.warmRuns);
  if (panel.skipped) note(`Manage Plan panel not measured: ${panel.skipped}`);
  log('webviews measured');
  // Read while ours is signed in with its panel open and showing data.
  await t.panel.openAndWaitForRender();
  const heapMain = { beforeBytes: heapBefore, withPanelBytes: heapAfterGc() };
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const payment = await measurePaymentToStatus(step.payment.runs, log, note);
  return { step, activation: { samples, heapMain }, entitlements, panel, payment, notes };
}

export async function run(): Promise<void> {
  const dir = process.env[benchDirEnv];
  if (!dir) throw new Error(`${benchDirEnv} is not set: run the benchmark with npm run bench`);
  const step = JSON.parse(readFileSync(join(dir, stepFileName), 'utf8')) as BenchStep;
  log(`step ${step.index}: ${step.kind}`);
  const result = await runStep(step);
  writeFileSync(join(dir, resultFileName(step.index)), JSON.stringify(result, null, 2));
}
