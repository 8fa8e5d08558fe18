/**
 * Runs the compiled integration suite inside code-server's extension host
 * through the workbench `payload` (docs/testing.md, "Running the suite inside
 * the host"): Chromium opens the workbench, the workbench calls
 * codeAutomationExit(0|1) when run() settles, and the suite's console lines
 * arrive through codeAutomationLog.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, newWorkbenchContext } from './browser';
import { startCodeServerSession, type CodeServerSession } from './codeServerSession';
import { ConsoleTail, saveScreenshot } from './diagnostics';
import { suiteLogPrefix, suiteLogPrefixEnv } from './hostEnvironment';

export interface SuiteRunOptions {
  readonly suiteEntry: string;
  /** Whole-run limit in ms. */
  readonly timeoutMs: number;
  /** Print everything the workbench logs, not just the suite's lines. */
  readonly verbose?: boolean;
}

export async function runSuiteInCodeServer(options: SuiteRunOptions): Promise<number> {
  const phases = new PhaseClock();
  let session: CodeServerSession | undefined;
  let browser: Browser | undefined;
  // The suite's lines are printed as they arrive; keep the rest for diagnostics.
  const tail = new ConsoleTail(300, (line) => !line.includes(suiteLogPrefix));
  try {
    session = await startCodeServerSession({
      env: { [suiteLogPrefixEnv]: suiteLogPrefix },
      verbose: options.verbose,
    });
    phases.lap('code-server and sandbox started');
    browser = await launchChromium();
    const { page, exited } = await openSuitePage(await newWorkbenchContext(browser), session, options, tail);
    phases.lap('workbench loaded');

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), options.timeoutMs)));
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    phases.lap('suite finished');
    // Let console lines sent just before the exit call arrive.
    await new Promise((r) => setTimeout(r, 300));

    if (result === 'timeout') {
      console.error(`\n[host] the integration suite did not finish within ${options.timeoutMs / 1000} s (PLAN_BILLING_HOST_TIMEOUT).`);
      await printDiagnostics(page, tail, session, 'integration-timeout');
      return 1;
    }
    if (result !== 0) await printDiagnostics(page, tail, session, 'integration-failure');
    return result;
  } catch (error) {
    console.error(`\n[host] ${(error as Error).message}`);
    if (tail.text()) console.error(`--- workbench console (last lines) ---\n${tail.text(80)}`);
    if (session) console.error(`--- code-server output ---\n${session.server.output()}`);
    return 1;
  } finally {
    await browser?.close().catch(() => {});
    await session?.dispose();
    phases.lap('stopped');
    console.log(`[host] code-server phases: ${phases.summary()}`);
  }
}

/**
 * Opens the workbench with the suite entry in a new page of `context` and
 * resolves once the workbench is there; `exited` settles with the code the
 * workbench reports when the suite's run() settles. Lines the suite prints
 * with the suite prefix are printed here.
 */
export async function openSuitePage(
  context: BrowserContext,
  session: CodeServerSession,
  options: Pick<SuiteRunOptions, 'suiteEntry' | 'verbose'>,
  tail?: ConsoleTail,
): Promise<{ page: Page; exited: Promise<number> }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  tail?.attach(page);
  let settle: (code: number) => void = () => {};
  const exited = new Promise<number>((done) => (settle = done));
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    const first = typeof args[0] === 'string' ? args[0] : '';
    if (first.startsWith(suiteLogPrefix)) console.log(first.slice(suiteLogPrefix.length));
    else if (options.verbose) console.log(`[workbench] ${args.map(String).join(' ')}`);
  });
  await page.goto(session.workbenchUrl({ extensionTestsPath: options.suiteEntry }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { page, exited };
}

async function printDiagnostics(
  page: Page,
  tail: ConsoleTail,
  session: CodeServerSession,
  name: string,
): Promise<void> {
  const screenshot = await saveScreenshot(page, name);
  if (screenshot) console.error(`[host] screenshot: ${screenshot}`);
  console.error(`--- workbench console (last lines) ---\n${tail.text(80)}`);
  console.error(`--- code-server output (last lines) ---\n${session.server.output().split('\n').slice(-40).join('\n')}`);
}

/** Wall-clock laps of a run, printed so the cost of each phase is visible. */
export class PhaseClock {
  private last = Date.now();
  private readonly laps: string[] = [];

  lap(label: string): void {
    const now = Date.now();
    this.laps.push(`${label} ${((now - this.last) / 1000).toFixed(1)} s`);
    this.last = now;
  }

  summary(): string {
    return this.laps.join(', ');
  }
}
