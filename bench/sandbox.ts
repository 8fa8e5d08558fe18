/**
 * Sandbox throughput and latency (npm run bench:sandbox): autocannon against
 * the built sandbox as a child process, for GET /v1/entitlements,
 * GET /v1/account and GET /v1/usage with a valid token (plain and
 * conditional) and usage ingestion (POST /v1/usage/events, each request a new
 * event of 0.01 credits, so every one is counted and stored), compared with a
 * bare Fastify route served by the same process in the same run
 * (SANDBOX_BENCH=1 enables GET /bench/bare, which shares none of the
 * service's hooks). The rate limit is raised for the run.
 *
 *   BENCH_DURATION   seconds per route (default 5)
 *   BENCH_CONNECTIONS concurrent connections (default 10)
 */
import autocannon from 'autocannon';
import { ApiPaths } from '../shared/contract/paths';
import { accountByEmail, createSession, readClock, setAccountState } from '../test/support/sandboxAdmin';
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

type Post = Pick<autocannon.Options, 'requests'>;

async function measure(name: string, url: string, headers: Record<string, string> = {}, post: Post = {}): Promise<Row> {
  // Warm-up (JIT, caches, the stored entitlement token) before the measured run.
  await autocannon({ url, headers, connections, duration: 1, ...post });
  const result = await autocannon({ url, headers, connections, duration, ...post });
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
    const usageEtag = await etagOf(ApiPaths.usage);
    rows.push(await measure('GET /v1/usage', `${sandbox.url}${ApiPaths.usage}`, auth));
    rows.push(await measure('GET /v1/usage (If-None-Match, 304)', `${sandbox.url}${ApiPaths.usage}`, { ...auth, 'if-none-match': usageEtag }));

    // Ingestion on an account of its own (Pro, 1,000 credits: 100,000 events of 0.01), every request a new eventId.
    const email = 'bench-usage@sandbox.test';
    const { access_token: usageToken } = await createSession(sandbox.url, email);
    await setAccountState(sandbox.url, (await accountByEmail(sandbox.url, email)).id, 'active');
    const occurredAt = (await readClock(sandbox.url)).now;
    let next = 0;
    rows.push(
      await measure(
        'POST /v1/usage/events (ingestion)',
        `${sandbox.url}${ApiPaths.usageEvents}`,
        { authorization: `Bearer ${usageToken}`, 'content-type': 'application/json' },
        {
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => ({ ...request, body: JSON.stringify({ eventId: `bench-${next++}`, feature: 'ai.agent', credits: '0.01', occurredAt }) }),
            },
          ],
        },
      ),
    );

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
