/**
 * The runtime dependencies, reviewed: `npm audit --omit=dev` must report no
 * high or critical advisory. Where the registry's audit service cannot be
 * reached (it answers 405 from some networks), the test says so on one line
 * and relies on the offline checks, which run in every case: the lockfile's
 * runtime closure (what `npm ci --omit=dev` installs) must equal, name@version
 * for name@version, the reviewed list in README.md ("Runtime dependencies"),
 * none of it may run an install script or be deprecated, and every entry of
 * package.json "dependencies" must have a README line saying why it is there.
 * A new or updated runtime package fails here until someone reviews it and
 * updates the README.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../tools/host/paths';

const AUDIT_TIMEOUT_MS = 30_000;
const README_SECTION = 'Runtime dependencies';
/** The header of the README table that says why each direct dependency is there. */
const WHY_HEADER = ['dependency', 'runs in', 'why'];
/** The header of the README table that lists the reviewed runtime closure. */
const CLOSURE_HEADER = ['package', 'version', 'pulled in by'];

interface LockEntry {
  name?: string;
  version?: string;
  dev?: boolean;
  link?: boolean;
  hasInstallScript?: boolean;
  deprecated?: string;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry & { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

type AuditOutcome =
  | { kind: 'report'; counts: Record<string, number> }
  | { kind: 'unreachable'; reason: string };

interface CommandResult {
  stdout: string;
  stderr: string;
  /** The exit status, or null when the process was killed (timeout). */
  code: number | null;
  /** The spawn error code (ENOENT) or 'ETIMEDOUT' when the timeout killed it. */
  errorCode?: string;
}

/** Reads what `npm audit --json` answered: a report, or why there is none. */
function auditOutcome(result: CommandResult): AuditOutcome {
  if (result.errorCode === 'ETIMEDOUT') return { kind: 'unreachable', reason: `no answer within ${AUDIT_TIMEOUT_MS / 1000} s` };
  if (result.errorCode) return { kind: 'unreachable', reason: result.errorCode };
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit ${result.code}`;
    return { kind: 'unreachable', reason: `no JSON report: ${firstLine.trim()}` };
  }
  const report = parsed as { metadata?: { vulnerabilities?: Record<string, number> }; error?: unknown; message?: unknown; statusCode?: unknown };
  const counts = report.metadata?.vulnerabilities;
  if (counts && typeof counts === 'object') return { kind: 'report', counts };
  // npm's error answer: { message: "405 Method Not Allowed - POST https://…", statusCode, error: { summary, detail } }.
  const error = (typeof report.error === 'object' && report.error !== null ? report.error : {}) as { code?: unknown; summary?: unknown };
  const message = typeof report.message === 'string' ? report.message : typeof error.summary === 'string' ? error.summary : '';
  if (typeof error.code === 'string' && error.code !== '') return { kind: 'unreachable', reason: error.code };
  const status = message.split(' - ')[0].trim();
  if (status !== '') return { kind: 'unreachable', reason: status };
  return { kind: 'unreachable', reason: typeof report.statusCode === 'number' ? `HTTP ${report.statusCode}` : 'no vulnerability counts in the answer' };
}

function runNpmAudit(): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--json'],
      { cwd: repoRoot, timeout: AUDIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        const timedOut = failure?.killed === true;
        const spawnCode = typeof failure?.code === 'string' ? failure.code : undefined;
        resolve({
          stdout: String(stdout),
          stderr: String(stderr),
          code: timedOut ? null : typeof failure?.code === 'number' ? failure.code : failure ? 1 : 0,
          errorCode: timedOut ? 'ETIMEDOUT' : spawnCode,
        });
      },
    );
  });
}

/** `name@version` of every package `npm ci --omit=dev` installs, sorted. */
function runtimeClosure(lock: Lockfile): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.includes('node_modules/') && entry.dev !== true && entry.link !== true)
    .map(([path, entry]) => `${entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`)
    .sort();
}

/** The text of a `## title` section of a Markdown document, up to the next `## ` heading. */
function markdownSection(markdown: string, title: string): string {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  assert.ok(start >= 0, `README.md has a "## ${title}" section`);
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The body rows of the Markdown table whose header is `header` (case-insensitive), backticks removed. */
function markdownTable(markdown: string, header: string[]): string[][] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim().startsWith('|') && cells(line).map((c) => c.toLowerCase()).join('|') === header.join('|'));
  assert.ok(start >= 0, `a table with the header | ${header.join(' | ')} |`);
  assert.match(lines[start + 1] ?? '', /^\s*\|(\s*:?-+:?\s*\|)+\s*$/, `the table | ${header.join(' | ')} | has a separator row`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    const row = cells(line).map((cell) => cell.replace(/`/g, '').trim());
    assert.equal(row.length, header.length, `table row has ${header.length} cells: ${line}`);
    rows.push(row);
  }
  return rows;
}

describe('runtime dependencies', function () {
  this.timeout(60_000);
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
  const section = markdownSection(readFileSync(join(repoRoot, 'README.md'), 'utf8'), README_SECTION);

  it('npm audit --omit=dev reports no high or critical advisory (or, unreachable, says so)', async () => {
    const outcome = auditOutcome(await runNpmAudit());
    if (outcome.kind === 'unreachable') {
      console.log(`      [audit] the registry's audit service is unreachable here (${outcome.reason}); checked the reviewed runtime closure instead`);
      return;
    }
    const { counts } = outcome;
    const summary = ['critical', 'high', 'moderate', 'low', 'info'].map((level) => `${counts[level] ?? 0} ${level}`).join(', ');
    console.log(`      [audit] npm audit --omit=dev: ${summary}`);
    assert.equal((counts.high ?? 0) + (counts.critical ?? 0), 0, `npm audit --omit=dev: ${summary}`);
  });

  it('the lockfile is in step with package.json (npm ci would install it)', () => {
    assert.ok(lock.lockfileVersion >= 2, 'lockfile v2 or later (has "packages")');
    const root = lock.packages[''];
    assert.deepEqual(root.dependencies ?? {}, manifest.dependencies ?? {}, 'dependencies');
    assert.deepEqual(root.devDependencies ?? {}, manifest.devDependencies ?? {}, 'devDependencies');
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const entry = lock.packages[`node_modules/${name}`];
      assert.ok(entry, `${name} is in the lockfile`);
      assert.notEqual(entry.dev, true, `${name} is a runtime package in the lockfile`);
    }
  });

  it('the runtime closure is exactly the reviewed list in README.md', () => {
    const reviewed = markdownTable(section, CLOSURE_HEADER)
      .map(([name, version]) => `${name}@${version}`)
      .sort();
    assert.ok(reviewed.length > 0, 'the reviewed list is not empty');
    assert.equal(new Set(reviewed).size, reviewed.length, 'the reviewed list names each package once');
    const closure = runtimeClosure(lock);
    const unreviewed = closure.filter((id) => !reviewed.includes(id));
    const gone = reviewed.filter((id) => !closure.includes(id));
    assert.deepEqual(
      { unreviewed, gone },
      { unreviewed: [], gone: [] },
      `package-lock.json's runtime closure differs from README.md "${README_SECTION}": review the unreviewed packages (advisories, install scripts, maintainers), then update the table`,
    );
  });

  it('no runtime package runs an install script or is deprecated', () => {
    const runtime = Object.entries(lock.packages).filter(([path, entry]) => path.includes('node_modules/') && entry.dev !== true);
    assert.ok(runtime.length > 0);
    const installScripts = runtime.filter(([, entry]) => entry.hasInstallScript === true).map(([path]) => path);
    const deprecated = runtime.filter(([, entry]) => entry.deprecated !== undefined).map(([path, entry]) => `${path}: ${entry.deprecated}`);
    assert.deepEqual({ installScripts, deprecated }, { installScripts: [], deprecated: [] }, 'runtime packages with "hasInstallScript" or "deprecated" in package-lock.json');
  });

  it('README.md says where each of package.json "dependencies" runs and why it is there', () => {
    const rows = markdownTable(section, WHY_HEADER);
    const listed = rows.map(([name]) => name).sort();
    assert.deepEqual(listed, Object.keys(manifest.dependencies ?? {}).sort(), 'one row per entry of package.json "dependencies", no other');
    for (const [name, runsIn, why] of rows) {
      assert.ok(runsIn.length > 0, `${name}: where it runs`);
      assert.ok(why.length >= 20, `${name}: why it is there`);
    }
  });

  describe('reading npm audit', () => {
    it('takes a report and its counts', () => {
      const stdout = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 2, critical: 0, total: 3 } } });
      assert.deepEqual(auditOutcome({ stdout, stderr: '', code: 1 }), { kind: 'report', counts: { info: 0, low: 1, moderate: 0, high: 2, critical: 0, total: 3 } });
    });

    it('calls a 405 from the audit endpoint, a DNS failure, a timeout and non-JSON unreachable', () => {
      const refused = JSON.stringify({
        message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
        method: 'POST',
        statusCode: 405,
        body: '',
        error: { summary: '', detail: '' },
      });
      assert.deepEqual(auditOutcome({ stdout: refused, stderr: 'npm error audit endpoint returned an error', code: 1 }), { kind: 'unreachable', reason: '405 Method Not Allowed' });
      const offline = JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org', detail: '' } });
      assert.deepEqual(auditOutcome({ stdout: offline, stderr: '', code: 1 }), { kind: 'unreachable', reason: 'ENOTFOUND' });
      assert.deepEqual(auditOutcome({ stdout: '', stderr: '', code: null, errorCode: 'ETIMEDOUT' }), { kind: 'unreachable', reason: 'no answer within 30 s' });
      assert.deepEqual(auditOutcome({ stdout: 'not json', stderr: 'npm error network\n', code: 1 }), { kind: 'unreachable', reason: 'no JSON report: npm error network' });
    });
  });
});
