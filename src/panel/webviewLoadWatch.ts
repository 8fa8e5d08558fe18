/**
 * Tells a Manage Plan webview that will never load from one that is merely
 * slow (docs/architecture.md, "Panel lifetime"). In code-server a webview
 * created right after another one closed sometimes waits for its service
 * worker until that worker's 30 s request timeout, or for ever: the user sees
 * a blank panel. The webview reports twice, so each stage gets its own bound:
 *
 *   shown ──(document bound)──▶ 'booting' ──(script bound)──▶ 'ready'
 *
 * 'booting' is posted by an inline script in the document itself
 * (src/panel/panelHtml.ts), so it proves that the host delivered the document;
 * a webview stuck behind its worker never gets that far, and can be recreated
 * after a short bound. 'ready' comes from the bundle once it rendered
 * (webview/app/app.tsx); it is slow on a loaded machine but almost never
 * stuck, so its bound is generous. Bounds count from the panel being visible:
 * a hidden webview does not load.
 *
 * Pure (no VS Code): the controller wires it to its panel, unit tests to a
 * manual timer (test/unit/panel/webviewLoadWatch.test.ts).
 */

/**
 * Shown → document loaded. Measured on the 2-core CI machine (bench/webviewReadyTimes.ts,
 * docs/benchmarks.md "Panel recoveries and the baseline"): the first webview of a cold
 * workbench in a fresh browser got its document after 1.2–3.97 s (36 runs, load averages
 * 3–7.5; most 3–3.8 s), a reopen right after a close after 2.2–2.4 s. 6 s is 1.5× the
 * slowest healthy one: a merely slow webview is left alone, a stuck one is replaced 2 s
 * sooner than the former single 8 s bound.
 */
export const WEBVIEW_DOCUMENT_TIMEOUT_MS = 6_000;
/**
 * Document loaded → the bundle said `ready` (main.js through the same worker, run, first
 * render): 51–520 ms in the same runs (median ≈ 75 ms), so 4 s is ample for a loaded machine.
 */
export const WEBVIEW_SCRIPT_TIMEOUT_MS = 4_000;
/** Recreations in a row before giving up (the user can still close and reopen it). */
export const MAX_WEBVIEW_RECOVERIES = 2;

/**
 * The longest a Manage Plan open can take before it either shows something or
 * has given up: every try waits out both bounds. E2e waits use it.
 */
export const WEBVIEW_WORST_CASE_MS = (MAX_WEBVIEW_RECOVERIES + 1) * (WEBVIEW_DOCUMENT_TIMEOUT_MS + WEBVIEW_SCRIPT_TIMEOUT_MS);

export type StuckStage = 'document' | 'script';

/** One pending callback (src/util/timer.ts's Timer in the host). */
export interface OneShotTimer {
  set(delayMs: number, callback: () => void): void;
  clear(): void;
}

export interface WebviewLoadTimes {
  /** From first shown to 'booting' (undefined: the document never said so). */
  readonly documentMs: number | undefined;
  /** From first shown to 'ready'. */
  readonly readyMs: number;
}

export interface WebviewLoadWatchDeps {
  readonly timer: OneShotTimer;
  /** Milliseconds, monotonic (performance.now in the host). */
  readonly now: () => number;
  /** The current stage's bound ran out while the webview was visible. */
  readonly onStuck: (stage: StuckStage, boundMs: number) => void;
}

export class WebviewLoadWatch {
  private shownAt: number | undefined;
  private bootedAt: number | undefined;
  private readyAt: number | undefined;
  private visible = false;

  constructor(private readonly deps: WebviewLoadWatchDeps) {}

  get isReady(): boolean {
    return this.readyAt !== undefined;
  }

  /** The panel is visible (created visible, or its tab came to the front). */
  shown(): void {
    if (this.visible || this.isReady) return;
    this.visible = true;
    this.shownAt ??= this.deps.now();
    this.arm();
  }

  /** The panel went to the back: a hidden webview does not load, so no bound runs. */
  hidden(): void {
    this.visible = false;
    this.deps.timer.clear();
  }

  /** The document's inline script ran. */
  booting(): void {
    if (this.bootedAt !== undefined || this.isReady) return;
    this.bootedAt = this.deps.now();
    if (this.visible) this.arm();
  }

  /** The bundle rendered and asked for its state; returns how long each stage took (once). */
  ready(): WebviewLoadTimes | undefined {
    if (this.isReady) return undefined;
    this.readyAt = this.deps.now();
    this.deps.timer.clear();
    const from = this.shownAt ?? this.readyAt;
    return { documentMs: this.bootedAt === undefined ? undefined : Math.max(0, this.bootedAt - from), readyMs: this.readyAt - from };
  }

  dispose(): void {
    this.deps.timer.clear();
  }

  private arm(): void {
    const stage: StuckStage = this.bootedAt === undefined ? 'document' : 'script';
    const bound = stage === 'document' ? WEBVIEW_DOCUMENT_TIMEOUT_MS : WEBVIEW_SCRIPT_TIMEOUT_MS;
    this.deps.timer.set(bound, () => {
      if (this.visible && !this.isReady) this.deps.onStuck(stage, bound);
    });
  }
}

// The controller's log lines about webview loads. The e2e suite and the bench
// read them back (test/e2e/panelRecovery.e2e.test.ts, bench/host/panelRender.ts),
// so they are written and parsed here, side by side.

/** Info, once per webview that loaded: how long it took from being shown. */
export function readyLogLine(times: WebviewLoadTimes): string {
  const documentPart = times.documentMs === undefined ? 'no booting message' : `document loaded after ${Math.round(times.documentMs)} ms`;
  return `The Manage Plan webview reported ready ${Math.round(times.readyMs)} ms after it was shown (${documentPart})`;
}

const READY_LINE = /The Manage Plan webview reported ready (\d+) ms after it was shown \((?:document loaded after (\d+) ms|no booting message)\)/;

export function parseReadyLogLine(line: string): WebviewLoadTimes | undefined {
  const match = READY_LINE.exec(line);
  if (!match) return undefined;
  return { readyMs: Number(match[1]), documentMs: match[2] === undefined ? undefined : Number(match[2]) };
}

function stuckWords(stage: StuckStage, boundMs: number): string {
  return stage === 'document'
    ? `did not load its document within ${boundMs / 1000} s of being shown`
    : `loaded its document but did not report ready within ${boundMs / 1000} s`;
}

/** Warning: a stuck webview is replaced (`attempt` of MAX_WEBVIEW_RECOVERIES). */
export function recreatingLogLine(stage: StuckStage, boundMs: number, attempt: number): string {
  return `The Manage Plan webview ${stuckWords(stage, boundMs)}; recreating it (${attempt} of ${MAX_WEBVIEW_RECOVERIES})`;
}

/** Error: the last try was stuck too; the panel stays blank until the user reopens it. */
export function gaveUpLogLine(stage: StuckStage, boundMs: number, tries: number): string {
  return `The Manage Plan webview ${stuckWords(stage, boundMs)} after ${tries} tries; close and reopen the panel`;
}

export const RECREATING_LOG_LINE = /The Manage Plan webview .*; recreating it \(\d+ of \d+\)/;
export const GAVE_UP_LOG_LINE = /The Manage Plan webview .* after \d+ tries; close and reopen the panel/;
