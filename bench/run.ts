/**
 * `npm run bench`: the budgets of docs/benchmarks.md, measured in one run
 * and reported as figures and ratios against baselines run in the same host
 * or process:
 *   1. activate() of ours vs a bare extension (fresh extension hosts), and
 *      whether it touches the network (the sandbox's request log);
 *   2. Manage Plan → panel with data vs a bare static webview;
 *   3. has(feature) vs Set.has;
 *   4. a portal payment → the status bar shows it (poll and URI callback);
 *   5. bundle and VSIX sizes of the production build;
 *   6. the sandbox's throughput and p99 vs a bare route (bench/sandbox.ts),
 *      usage reads and ingestion included;
 *   7. the fleet model: the real refresh policy for 10,000 simulated users
 *      over a week, usage included (test/support/fleetModel.ts).
 * Prints a table and writes bench/results/latest.json.
 *
 * Environment (defaults in brackets):
 *   BENCH_ACTIVATION_LOADS [7]  fresh extension hosts that only activate
 *   BENCH_LATENCY_MS [2000]     latency injected on every route for one more activation (0 = skip)
 *   BENCH_PANEL_RUNS [7]        warm opens of each webview
 *   BENCH_PAYMENT_RUNS [3]      payments per path
 *   BENCH_DURATION [5]          seconds per sandbox route
 *   BENCH_SKIP                  comma-separated sections to leave out: host, sizes, sandbox, fleet
 *   PLAN_BILLING_HOST_VERBOSE=1 print the workbench's and code-server's own logs
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildTargets } from '../tools/host/build';
import { ensureCodeServer } from '../tools/host/codeServerInstall';
import { repoRoot } from '../tools/host/paths';
import { runHostBench, withoutActivationEvents, type HostBenchResult } from './hostBench';
import { buildPackage, type PackagedBuild } from './packagedBuild';
import { renderReport, summarize, targetRows } from './report';
import { OUTAGE_1H, runFleetModel, type FleetFigures } from '../test/support/fleetModel';
import { runSandboxThroughput, type SandboxThroughput } from './sandboxThroughput';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${process.env[name]}"`);
  return value;
};

const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

async function main(): Promise<number> {
  const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const startedAt = new Date();
  const loads: Array<{ at: string; loadavg: number[] }> = [];
  const markLoad = (at: string) => {
    loads.push({ at, loadavg: loadavg() });
    console.log(`[bench] ${at}: load average ${load()} (1/5/15 min, ${cpus().length} cores)`);
  };
  markLoad('start');
  const failures: string[] = [];

  // What runs from the repository: the sandbox and the bare baseline. Ours is built by `npm run package` in a copy.
  await buildTargets(['sandbox', 'bare']);
  if (!skip.has('host')) await ensureCodeServer();

  let packaged: PackagedBuild | undefined;
  let host: HostBenchResult | undefined;
  let sandbox: SandboxThroughput | undefined;
  let fleet: FleetFigures | undefined;
  try {
    if (!skip.has('sizes') || !skip.has('host')) {
      packaged = await buildPackage((line) => console.log(line));
      markLoad('after the production build');
    }
    if (!skip.has('host') && packaged) {
      withoutActivationEvents(packaged.dir);
      try {
        host = await runHostBench({
          extensionDir: packaged.dir,
          activationLoads: env('BENCH_ACTIVATION_LOADS', 7),
          latencyMs: env('BENCH_LATENCY_MS', 2000),
          panelWarmRuns: env('BENCH_PANEL_RUNS', 7),
          paymentRuns: env('BENCH_PAYMENT_RUNS', 3),
          entitlementCalls: 1_000_000,
          entitlementRounds: 7,
          stepTimeoutMs: 600_000,
          verbose: process.env.PLAN_BILLING_HOST_VERBOSE === '1',
          log: (line) => console.log(line),
        });
      } catch (error) {
        failures.push(`in-editor measurements failed: ${(error as Error).message}`);
      }
      markLoad('after the in-editor measurements');
    }
    if (!skip.has('sandbox')) {
      try {
        console.log('[bench] sandbox throughput (bench/sandbox.ts)…');
        sandbox = await runSandboxThroughput(env('BENCH_DURATION', 5));
      } catch (error) {
        failures.push(`sandbox throughput failed: ${(error as Error).message}`);
      }
      markLoad('after the sandbox throughput');
    }
    if (!skip.has('fleet')) {
      console.log('[bench] fleet model (test/support/fleetModel.ts)…');
      // The normal week, and the outage figures from the same population with a 1-hour outage.
      fleet = { ...runFleetModel(10_000), outage: runFleetModel(10_000, { outage: OUTAGE_1H }).outage };
    }
  } finally {
    packaged?.dispose();
  }

  const summary = host ? summarize(host) : undefined;
  const header = [
    `${startedAt.toISOString()} · node ${process.version} · ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}${host ? ` · code-server ${host.codeServerVersion}` : ''}`,
    `load average (1/5/15 min): ${loads.map((l) => `${l.at}: ${l.loadavg.map((v) => v.toFixed(2)).join('/')}`).join(' · ')}`,
  ];
  console.log(renderReport({ header, summary, sizes: packaged?.sizes, bundleParts: packaged?.bundleParts, sandbox, fleet, failures }));

  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'latest.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        node: process.version,
        cpus: cpus().map((c) => c.model),
        loadavg: loads,
        summary,
        sizes: packaged?.sizes,
        bundleParts: packaged?.bundleParts,
        sandbox: sandbox && { heading: sandbox.heading, rows: sandbox.rows },
        fleet,
        targets: targetRows({ summary, sizes: packaged?.sizes, sandbox, fleet }),
        host,
        failures,
      },
      null,
      2,
    ) + '\n',
  );
  // One line per run, kept across runs for comparison (bench/results/ is not committed).
  const history = join(resultsDir, 'history.jsonl');
  appendFileSync(history, `${JSON.stringify({ startedAt: startedAt.toISOString(), figures: summary?.figures, sandbox: sandbox?.rows, fleet, targets: targetRows({ summary, sizes: packaged?.sizes, sandbox, fleet }), failures })}\n`);
  console.log(`[bench] results written to ${file}; this run appended to ${history}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] ${(error as Error).message ?? String(error)}`);
    process.exit(1);
  },
);
