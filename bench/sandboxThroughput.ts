/**
 * The sandbox figures of `npm run bench:sandbox` (bench/sandbox.ts: autocannon
 * against the entitlement and account endpoints vs a bare Fastify route in the
 * same process), run as it is and read back from its table, so one command
 * prints everything without a second implementation.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../tools/host/paths';

export interface SandboxRow {
  readonly route: string;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rpsVsBare: number;
  /** p99 minus the bare route's p99 (autocannon has 1 ms resolution). */
  readonly p99OverBareMs: number;
  readonly statuses: string;
}

export interface SandboxThroughput {
  /** Its heading, e.g. "Sandbox benchmark: 10 connections, 5 s per route, node v20…". */
  readonly heading: string;
  readonly rows: readonly SandboxRow[];
  /** Everything it printed. */
  readonly output: string;
}

const rowPattern = /^(.+?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(-?[\d.]+)\s{2}(.+)$/;

export function parseSandboxTable(output: string): SandboxRow[] {
  const rows: SandboxRow[] = [];
  for (const line of output.split('\n')) {
    const match = rowPattern.exec(line);
    if (!match) continue;
    rows.push({
      route: match[1]!.trim(),
      rps: Number(match[2]),
      p50Ms: Number(match[3]),
      p99Ms: Number(match[4]),
      rpsVsBare: Number(match[5]),
      p99OverBareMs: Number(match[6]),
      statuses: match[7]!.trim(),
    });
  }
  return rows;
}

/** Runs bench/sandbox.ts (the sandbox must be built) with `durationSeconds` per route. */
export function runSandboxThroughput(durationSeconds: number): Promise<SandboxThroughput> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'sandbox.ts')], {
      cwd: repoRoot,
      env: { ...process.env, BENCH_DURATION: String(durationSeconds) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      const rows = parseSandboxTable(output);
      if (code !== 0 || rows.length === 0) {
        fail(new Error(`bench/sandbox.ts ${code === 0 ? 'printed no table' : `failed (${signal ?? `exit code ${code}`})`}:\n${output}`));
        return;
      }
      const heading = output.split('\n').find((line) => line.startsWith('Sandbox benchmark:')) ?? '';
      done({ heading: heading.trim(), rows, output });
    });
  });
}
