/**
 * How long a healthy Manage Plan webview takes to load in code-server when it
 * is the first webview of a cold workbench — the figures the bounds of
 * src/panel/webviewLoadWatch.ts are picked from (docs/benchmarks.md, "Panel
 * recoveries and the baseline"). Each run starts a new code-server, sandbox
 * and browser process (nothing warm: the first run of a fresh browser was the
 * slowest), opens Manage Plan from the Command Palette as soon as our
 * status-bar item shows (the workbench is still starting up: the slowest
 * moment for a webview), and reads the controller's log line: shown →
 * document loaded ('booting') → ready. With --load=N, N busy processes run
 * beside it all along (a loaded CI machine).
 *
 *   node esbuild.config.mjs --only=extension,webview,sandbox
 *   npx tsx bench/webviewReadyTimes.ts [--runs=6] [--load=0]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { type Browser } from 'playwright-core';
import { parseReadyLogLine, RECREATING_LOG_LINE, type WebviewLoadTimes } from '../src/panel/webviewLoadWatch';
import { launchChromium, newWorkbenchContext } from '../tools/host/browser';
import { startCodeServerSession } from '../tools/host/codeServerSession';
import { extensionLogText } from '../tools/host/diagnostics';
import { extensionId } from '../tools/host/hostEnvironment';
import { repoRoot } from '../tools/host/paths';
import { median, range } from './stats';

const arg = (name: string, fallback: number) => {
  const value = Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
};

/** Busy loops beside the run; each is ended by its own PID afterwards. */
function startLoad(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

/** "Plan & Billing: Manage Plan", as the Command Palette lists it (the manifest's English strings). */
const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const managePlanTitle = `${nls['command.category']}: ${nls['command.managePlan.title']}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function oneRun(): Promise<{ times: WebviewLoadTimes; recreated: number }> {
  const session = await startCodeServerSession({ fixture: false });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await newWorkbenchContext(browser, { viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(session.workbenchUrl());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator(`[id="${extensionId}.profile"]`).waitFor({ state: 'visible', timeout: 60_000 });
    // Manage Plan from the Command Palette, as a user runs it.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${managePlanTitle}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: managePlanTitle }).first().click({ timeout: 15_000 });
    const log = () => extensionLogText(session.profile.userDataDir, extensionId).split('\n');
    for (let waited = 0; waited < 60_000; waited += 250) {
      const ready = log().map(parseReadyLogLine).find((times) => times !== undefined);
      if (ready) return { times: ready, recreated: log().filter((l) => RECREATING_LOG_LINE.test(l)).length };
      await sleep(250);
    }
    throw new Error(`no webview reported ready within 60 s; the log's last lines:\n${log().slice(-15).join('\n')}`);
  } finally {
    await browser?.close().catch(() => {});
    await session.dispose();
  }
}

async function main(): Promise<void> {
  const runs = arg('runs', 6);
  const load = startLoad(arg('load', 0));
  const samples: WebviewLoadTimes[] = [];
  let recreated = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const run = await oneRun();
      samples.push(run.times);
      recreated += run.recreated;
      console.log(
        `[ready-times] run ${i + 1}: document ${run.times.documentMs ?? '–'} ms, ready ${run.times.readyMs} ms` +
          `${run.recreated ? `, ${run.recreated} recreated` : ''} (load average ${loadavg()[0]!.toFixed(2)})`,
      );
    }
  } finally {
    for (const child of load) child.kill();
  }
  const show = (values: number[]) => {
    const r = range(values);
    return r ? `median ${median(values)!.toFixed(0)} ms, range ${r.min.toFixed(0)}–${r.max.toFixed(0)} ms` : '–';
  };
  const documents = samples.flatMap((s) => (s.documentMs === undefined ? [] : [s.documentMs]));
  console.log(
    `[ready-times] ${runs} cold first webviews, ${load.length} busy process(es) beside them on ${cpus().length} cores: ` +
      `shown → document loaded ${show(documents)}; shown → ready ${show(samples.map((s) => s.readyMs))}; ` +
      `document → ready ${show(samples.flatMap((s) => (s.documentMs === undefined ? [] : [s.readyMs - s.documentMs])))}; ${recreated} recreated`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[ready-times] ${(error as Error).message}`);
    process.exit(1);
  },
);
