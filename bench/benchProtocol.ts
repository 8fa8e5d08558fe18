/**
 * What the benchmark runner (bench/hostBench.ts, Node) and the benchmark suite
 * running inside the extension host (bench/host/benchSuite.ts) agree on: one
 * page load of the workbench runs one step; the runner writes the step into
 * the shared folder before loading the page and reads the step's result from
 * it afterwards. Plain data only.
 */

/** The shared folder (set in code-server's, and so the extension host's, environment). */
export const benchDirEnv = 'PLAN_BILLING_BENCH_DIR';
export const stepFileName = 'step.json';
export const resultFileName = (index: number) => `result-${index}.json`;

/** The baseline extension of test/fixtures/bare-extension. */
export const bareExtensionId = 'planbilling-test.bare-fixture';
export const bareOpenCommand = 'bareFixture.openStaticWebview';

export type ActivationOrder = 'bareFirst' | 'oursFirst';

export interface PanelStepOptions {
  /** Warm opens of each webview (after a first open and close). */
  readonly warmRuns: number;
}

export interface PaymentStepOptions {
  /** Payments per path (poll, URI callback). */
  readonly runs: number;
}

export interface EntitlementStepOptions {
  /** Calls per timed round. */
  readonly callsPerRound: number;
  readonly rounds: number;
}

export type BenchStep =
  /** Activate both extensions (fresh profile, signed out), then sign in so later loads restore an account. */
  | { readonly kind: 'prepare'; readonly index: number }
  /** Activate both extensions in this order; optionally with latency injected on every service route first. */
  | { readonly kind: 'activation'; readonly index: number; readonly order: ActivationOrder; readonly injectLatencyMs?: number }
  /** Activate both (fresh profile, signed out), sign in, then the in-memory, panel and payment measurements. */
  | {
      readonly kind: 'main';
      readonly index: number;
      readonly order: ActivationOrder;
      readonly entitlements: EntitlementStepOptions;
      readonly panel: PanelStepOptions;
      readonly payment: PaymentStepOptions;
    };

export interface ActivationSample {
  readonly extension: 'ours' | 'bare';
  /** Around getExtension(id).activate(): require of the main module, context creation, activate(). */
  readonly ms: number;
  /** The extension was already active before the call (the sample is then worthless). */
  readonly wasActive: boolean;
  /** Wall clock (epoch ms) around the call, to match the sandbox's request log. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Our extension's own measure of its activate() body (test accessor), ms. */
  readonly insideMs?: number;
  /** Our account state right after activate() returned. */
  readonly stateAfter?: string;
  /** From activate() returning to the stored session and token being read and verified (test accessor's `restored`), ms. */
  readonly restoredAfterMs?: number;
  /** Our account state once restored. */
  readonly stateRestored?: string;
  /** Our extension's own log line with its activation phases ("Activated in … ms since start: …"). */
  readonly logLine?: string;
}

/** Extension-host heap after GC (bytes), around the first activations of a fresh host (the prepare step). */
export interface HeapSample {
  readonly beforeBytes: number;
  readonly afterBareBytes: number;
  /** Ours activated: the core only. */
  readonly afterOursBytes: number;
  /** Ours once its services bundle was loaded (right after the stored account was read). */
  readonly afterServicesBytes: number;
}

export interface ActivationResult {
  readonly samples: readonly ActivationSample[];
  readonly injectedLatencyMs?: number;
  readonly heap?: HeapSample;
  /** The main step: heap after GC before both activations, and with ours signed in and its panel open. */
  readonly heapMain?: { readonly beforeBytes: number; readonly withPanelBytes: number };
}

export interface LoopResult {
  readonly name: string;
  /** ns per call of each timed round. */
  readonly nsPerCall: readonly number[];
}

export interface PanelResult {
  /** Why the Manage Plan panel was not measured, when it was not. */
  readonly skipped?: string;
  /** The window's first webview (the bare one): includes the workbench's one-time webview set-up. */
  readonly firstWebviewMs?: number;
  /** The first Manage Plan after sign-in. */
  readonly oursColdMs?: number;
  readonly oursWarmMs?: readonly number[];
  readonly bareWarmMs?: readonly number[];
  /** Webviews our panel recreated (never reported ready in time) during each open: the first, then each warm one. */
  readonly oursRecoveries?: readonly number[];
}

export interface PaymentSample {
  readonly path: 'poll' | 'uriCallback';
  /** From the portal's answer that the payment succeeded to the status bar showing Pro, ms. */
  readonly payToStatusMs: number;
  /** From the portal link being handed to the browser to the status bar showing Pro, ms. */
  readonly openToStatusMs: number;
  /** What refreshed the account (the extension's log line), for the record. */
  readonly trigger: string;
}

export interface StepResult {
  readonly step: BenchStep;
  readonly activation?: ActivationResult;
  readonly entitlements?: readonly LoopResult[];
  readonly panel?: PanelResult;
  readonly payment?: readonly PaymentSample[];
  /** Problems that did not stop the step (a measurement that could not run). */
  readonly notes: readonly string[];
}
