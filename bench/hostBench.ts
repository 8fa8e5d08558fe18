/**
 * The in-editor part of the benchmark: code-server (the real VS Code host of
 * tools/host/) with our extension loaded in Development mode from a copy whose
 * manifest has no activation events, the bare baseline extension installed
 * beside it, a sandbox of its own logging every request, and headless
 * Chromium. Each workbench page load is a fresh extension host that runs one
 * step of bench/host/benchSuite.ts (see bench/benchProtocol.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { type Browser } from 'playwright-core';
import { launchChromium, newWorkbenchContext } from '../tools/host/browser';
import { codeServerVersion } from '../tools/host/codeServerInstall';
import { startCodeServerSession, type CodeServerSession } from '../tools/host/codeServerSession';
import { openSuitePage } from '../tools/host/codeServerSuite';
import { ConsoleTail, saveScreenshot } from '../tools/host/diagnostics';
import { suiteLogPrefix, suiteLogPrefixEnv } from '../tools/host/hostEnvironment';
import { distDir, repoRoot } from '../tools/host/paths';
import { type ActivationOrder, type BenchStep, benchDirEnv, resultFileName, type StepResult, stepFileName } from './benchProtocol';
import { SandboxRequestLog } from './sandboxRequestLog';

export const bareExtensionDir = join(repoRoot, 'test', 'fixtures', 'bare-extension');
const suiteEntry = join(distDir, 'bench', 'benchSuite.js');

export interface HostBenchOptions {
  /** Our extension, built and ready to load (package.json, dist/, media/). */
  readonly extensionDir: string;
  /** Page loads that only activate (each a fresh extension host). */
  readonly activationLoads: number;
  /** One more activation load with this much latency injected on every service route (0 = none). */
  readonly latencyMs: number;
  readonly panelWarmRuns: number;
  readonly paymentRuns: number;
  readonly entitlementCalls: number;
  readonly entitlementRounds: number;
  /** Per page load, ms. */
  readonly stepTimeoutMs: number;
  readonly verbose: boolean;
  readonly log: (line: string) => void;
}

export interface StepRequests {
  readonly step: number;
  /** Service requests that started while our activate() ran. */
  readonly duringActivation: readonly string[];
  /** Service requests after our activate() returned, until the page closed: "+ms METHOD path". */
  readonly afterActivation: readonly string[];
  /** ms from our activate() returning to the first service request in the same page load. */
  readonly firstAfterMs: number | undefined;
}

export interface HostBenchResult {
  readonly codeServerVersion: string;
  readonly steps: readonly StepResult[];
  readonly requests: readonly StepRequests[];
  /** Service requests the sandboxes answered during the run. */
  readonly requestCount: number;
}

/** Bundles the suite entry (vscode and mocha stay external, as for the integration suite). */
async function buildSuite(): Promise<void> {
  await esbuild.build({
    entryPoints: { benchSuite: join(repoRoot, 'bench', 'host', 'benchSuite.ts') },
    outdir: join(distDir, 'bench'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** A copy of the manifest with no activation events: nothing activates it until the suite does. */
export function withoutActivationEvents(extensionDir: string): void {
  const file = join(extensionDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...manifest, activationEvents: [] }, null, 2) + '\n');
}

interface Phase {
  readonly name: string;
  readonly sandboxEnv: NodeJS.ProcessEnv;
  readonly steps: readonly BenchStep[];
}

/**
 * Two code-server sessions, each with a sandbox and profile of its own:
 *  - activation: a profile signed in once, then fresh extension hosts that only
 *    activate. Its sandbox issues entitlement tokens that want refreshing after
 *    5 s, so every activation finds a check due, as the first window of a day
 *    does: the request log then shows that the check comes after activate(),
 *    not during it.
 *  - main: default token lifetimes, so no refresh is due while the panel, the
 *    has() loop and the payments are measured.
 */
function plannedPhases(options: HostBenchOptions): Phase[] {
  let index = 0;
  const order = (i: number): ActivationOrder => (i % 2 === 0 ? 'oursFirst' : 'bareFirst');
  const activation: BenchStep[] = [{ kind: 'prepare', index: index++ }];
  for (let i = 0; i < options.activationLoads; i++, index++) activation.push({ kind: 'activation', index, order: order(index) });
  // Two loads with latency on every service route (one in each activation order).
  for (let i = 0; options.latencyMs > 0 && i < 2; i++, index++) {
    activation.push({ kind: 'activation', index, order: order(index), injectLatencyMs: options.latencyMs });
  }
  const main: BenchStep = {
    kind: 'main',
    index: index++,
    order: 'bareFirst',
    entitlements: { callsPerRound: options.entitlementCalls, rounds: options.entitlementRounds },
    panel: { warmRuns: options.panelWarmRuns },
    payment: { runs: options.paymentRuns },
  };
  return [
    { name: 'activation', sandboxEnv: { SANDBOX_ENTITLEMENT_TTL: '5' }, steps: activation },
    { name: 'main', sandboxEnv: {}, steps: [main] },
  ];
}

function requestsOfStep(result: StepResult, window: { from: number; to: number }, log: SandboxRequestLog): StepRequests | undefined {
  const ours = result.activation?.samples.find((a) => a.extension === 'ours');
  if (!ours) return undefined;
  const after = log.serviceRequestsBetween(ours.endedAt + 0.001, window.to);
  return {
    step: result.step.index,
    duringActivation: log.serviceRequestsBetween(ours.startedAt, ours.endedAt).map((r) => `${r.method} ${r.path}`),
    afterActivation: after.map((r) => `+${Math.round(r.startedAt - ours.endedAt)} ms ${r.method} ${r.path}`),
    firstAfterMs: after[0] ? after[0].startedAt - ours.endedAt : undefined,
  };
}

async function runPhase(phase: Phase, options: HostBenchOptions, browser: Browser, results: StepResult[], requests: StepRequests[]): Promise<number> {
  const benchDir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  let session: CodeServerSession | undefined;
  const tail = new ConsoleTail(300, (line) => !line.includes(suiteLogPrefix));
  try {
    session = await startCodeServerSession({
      extension: { developmentPath: options.extensionDir },
      fixture: false,
      extraExtensions: [bareExtensionDir],
      sandbox: { env: { SANDBOX_LOG: '1', ...phase.sandboxEnv } },
      env: { [benchDirEnv]: benchDir, [suiteLogPrefixEnv]: suiteLogPrefix },
      verbose: options.verbose,
    });
    const requestLog = new SandboxRequestLog(session.sandbox.child.stderr!);
    // One browser context per profile: the workbench keeps globalState and secrets in it.
    const context = await newWorkbenchContext(browser);
    for (const step of phase.steps) {
      writeFileSync(join(benchDir, stepFileName), JSON.stringify(step));
      const from = Date.now();
      const { page, exited } = await openSuitePage(context, session, { suiteEntry, verbose: options.verbose }, tail);
      // Pages that openExternal opened (the portal's way back to the editor) go once they have run.
      const closeOthers = (other: typeof page) => void setTimeout(() => void other.close().catch(() => {}), 5000);
      context.on('page', closeOthers);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), options.stepTimeoutMs)));
      const code = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      context.off('page', closeOthers);
      if (code !== 0) {
        const screenshot = await saveScreenshot(page, `bench-step-${step.index}`);
        throw new Error(
          `bench step ${step.index} (${step.kind}) ${code === 'timeout' ? `did not finish within ${options.stepTimeoutMs / 1000} s` : 'failed'}` +
            `${screenshot ? `; screenshot ${screenshot}` : ''}\n--- workbench console (last lines) ---\n${tail.text(60)}`,
        );
      }
      const result = JSON.parse(readFileSync(join(benchDir, resultFileName(step.index)), 'utf8')) as StepResult;
      results.push(result);
      await page.close();
      const stepRequests = requestsOfStep(result, { from, to: Date.now() }, requestLog);
      if (stepRequests) requests.push(stepRequests);
      options.log(`[bench] ${phase.name} step ${step.index} (${step.kind}) done in ${((Date.now() - from) / 1000).toFixed(1)} s`);
    }
    await context.close();
    return requestLog.requests.filter((r) => !r.path.startsWith('/sandbox/')).length;
  } finally {
    await session?.dispose();
    rmSync(benchDir, { recursive: true, force: true });
  }
}

export async function runHostBench(options: HostBenchOptions): Promise<HostBenchResult> {
  await buildSuite();
  const browser = await launchChromium();
  try {
    const steps: StepResult[] = [];
    const requests: StepRequests[] = [];
    let requestCount = 0;
    for (const phase of plannedPhases(options)) requestCount += await runPhase(phase, options, browser, steps, requests);
    return { codeServerVersion, steps, requests, requestCount };
  } finally {
    await browser.close().catch(() => {});
  }
}
