/**
 * How long the Manage Plan panel waits for its webview (docs/architecture.md,
 * "Panel lifetime"). No VS Code import: tests and the benchmark read the same
 * numbers.
 */

/**
 * A visible webview that has not said `ready` by then is taken for one that
 * will never load (in code-server a webview created while the service worker
 * still waits on requests of one that closed mid-load can wait up to 30 s) and
 * is recreated.
 */
export const WEBVIEW_READY_TIMEOUT_MS = 8_000;
/** Recreations in a row before giving up (the user can still close and reopen it). */
export const MAX_WEBVIEW_RECOVERIES = 2;
