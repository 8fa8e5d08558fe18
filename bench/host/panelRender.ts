/**
 * Manage Plan → panel rendered with data, against the bare extension's static
 * webview (the floor) in the same host. Every open starts with no editor open.
 * The first webview of a window pays the workbench's one-time webview set-up,
 * so a bare webview is opened first (reported apart). "Cold" is then the first
 * Manage Plan after sign-in, "warm" every open after a first open and close.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { bareOpenCommand, type PanelResult } from '../benchProtocol';
import { type PlanBillingTestAccess } from '../../src/testing/testAccess';

/** The panel's test hooks on the accessor (present once the Manage Plan panel is built). */
interface PanelTestHooks {
  openAndWaitForRender(): Promise<unknown>;
  /** Webviews recreated since activation (absent in builds before the count existed). */
  recoveries?(): number;
}

function panelHooks(t: PlanBillingTestAccess): PanelTestHooks | undefined {
  const panel = (t as unknown as { panel?: Partial<PanelTestHooks> }).panel;
  return typeof panel?.openAndWaitForRender === 'function' ? (panel as PanelTestHooks) : undefined;
}

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function timed(open: () => Thenable<unknown>): Promise<number> {
  await closeEditors();
  const started = performance.now();
  await open();
  return performance.now() - started;
}

export async function measurePanelRender(t: PlanBillingTestAccess, warmRuns: number): Promise<PanelResult> {
  const hooks = panelHooks(t);
  const openBare = () => vscode.commands.executeCommand(bareOpenCommand);
  const recoveries: number[] = [];
  // Timed as the user waits: an open whose webview the panel had to recreate includes the recovery.
  const openOurs = hooks
    ? async () => {
        const before = hooks.recoveries?.() ?? 0;
        await hooks.openAndWaitForRender();
        recoveries.push((hooks.recoveries?.() ?? 0) - before);
      }
    : undefined;
  const firstWebviewMs = await timed(openBare);
  const oursColdMs = openOurs ? await timed(openOurs) : undefined;
  const bareWarmMs: number[] = [];
  const oursWarmMs: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    bareWarmMs.push(await timed(openBare));
    if (openOurs) oursWarmMs.push(await timed(openOurs));
  }
  await closeEditors();
  return {
    skipped: hooks ? undefined : 'the Manage Plan panel has no test hooks yet (testing.panel.openAndWaitForRender is missing)',
    firstWebviewMs,
    oursColdMs,
    oursWarmMs: hooks ? oursWarmMs : undefined,
    bareWarmMs,
    oursRecoveries: hooks?.recoveries ? recoveries : undefined,
  };
}
