/**
 * Sandbox throughput and latency (npm run bench:sandbox): autocannon against
 * the built sandbox as a child process, for GET /v1/entitlements and
 * GET /v1/account with a valid token (plain and conditional), compared with a
 * bare Fastify route served by the same process in the same run
 * (SANDBOX_BENCH=1 enables GET /bench/bare, which shares none of the
 * service's hooks). The rate limit is raised for the run.
 *
 *   BENCH_DURATION   seconds per route (default 5)
 *   BENCH_CONNECTIONS concurrent connections (default 10)
 */
import autocannon from 'autocannon';
import { ApiPaths } from '../shared/contract/paths';
import { createSession } from '../test/support/sandboxAdmin';
import { startSandbox } from '../test/support/sandboxProcess';

interface Row {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly statuses: string;
}

const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  // Warm-up (JIT, caches, the stored entitlement token) before the measured run.
  await autocannon({ url, headers, connections, duration: 1 });
  const result = await autocannon({ url, headers, connections, duration });
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, stat]) => `${code}×${stat.count ?? 0}`)
    .join(' ');
  if (result.errors > 0 || result['4xx'] > 0 || result['5xx'] > 0) {
    throw new Error(`${name}: ${result.errors} errors, statuses ${statuses}`);
  }
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses };
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ env: { SANDBOX_BENCH: '1', SANDBOX_RATE_LIMIT: '1000000000' } });
  try {
    const { access_token: token } = await createSession(sandbox.url, 'pro@sandbox.test');
    const auth = { authorization: `Bearer ${token}` };
    const etagOf = async (path: string) => (await fetch(`${sandbox.url}${path}`, { headers: auth })).headers.get('etag') ?? '';
    const entitlementsEtag = await etagOf(ApiPaths.entitlements);
    const accountEtag = await etagOf(ApiPaths.account);

    const rows: Row[] = [];
    rows.push(await measure('bare Fastify route (baseline)', `${sandbox.url}/bench/bare`));
    rows.push(await measure('GET /v1/entitlements', `${sandbox.url}${ApiPaths.entitlements}`, auth));
    rows.push(await measure('GET /v1/entitlements (If-None-Match, 304)', `${sandbox.url}${ApiPaths.entitlements}`, { ...auth, 'if-none-match': entitlementsEtag }));
    rows.push(await measure('GET /v1/account', `${sandbox.url}${ApiPaths.account}`, auth));
    rows.push(await measure('GET /v1/account (If-None-Match, 304)', `${sandbox.url}${ApiPaths.account}`, { ...auth, 'if-none-match': accountEtag }));

    const base = rows[0]!;
    console.log(`\nSandbox benchmark: ${connections} connections, ${duration} s per route, node ${process.version}\n`);
    const header = `${pad('route', 44)} ${pad('req/s', 9, true)} ${pad('p50 ms', 7, true)} ${pad('p99 ms', 7, true)} ${pad('req/s vs bare', 14, true)} ${pad('p99 − bare ms', 14, true)}  statuses`;
    console.log(header);
    console.log('-'.repeat(header.length + 10));
    for (const r of rows) {
      console.log(
        `${pad(r.name, 44)} ${pad(r.rps.toFixed(0), 9, true)} ${pad(r.p50.toFixed(1), 7, true)} ${pad(r.p99.toFixed(1), 7, true)} ` +
          `${pad((r.rps / base.rps).toFixed(2), 14, true)} ${pad((r.p99 - base.p99).toFixed(1), 14, true)}  ${r.statuses}`,
      );
    }
    // autocannon's latencies have 1 ms resolution and the bare route's p99 rounds to 0-1 ms, so a p99 ratio would be noise: the added milliseconds say more.
    console.log('\nA req/s ratio below 1.00 and the p99 milliseconds over the bare route are the cost of auth, rate limiting, the database and signing.');
  } finally {
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
