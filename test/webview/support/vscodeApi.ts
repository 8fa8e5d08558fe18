/**
 * The webview's host boundary in component tests: `acquireVsCodeApi` returns a
 * recorder of what the page posts and stores, standing in for the extension
 * host (not for the `vscode` module, and not for any HTTP).
 */
import { type WebviewToHostMessage } from '../../../shared/panelProtocol';
import { type VsCodeApi } from '../../../webview/app/hostBridge';

export interface RecordingVsCodeApi extends VsCodeApi {
  readonly posted: WebviewToHostMessage[];
  /** What the page last stored with setState. */
  stored: unknown;
}

let current: RecordingVsCodeApi | null = null;
let acquired = false;

/** A fresh host recorder for one test; `stored` is what a previous load of the page kept. */
export function installVsCodeApi(stored?: unknown): RecordingVsCodeApi {
  const api: RecordingVsCodeApi = {
    posted: [],
    stored,
    postMessage(message: unknown) {
      // Structured clone, as the real channel does: later mutation can't change what was sent.
      api.posted.push(structuredClone(message) as WebviewToHostMessage);
    },
    getState() {
      return api.stored;
    },
    setState<T>(state: T): T {
      api.stored = structuredClone(state);
      return state;
    },
  };
  current = api;
  acquired = false;
  return api;
}

// Like VS Code, hand out the API once per page load.
globalThis.acquireVsCodeApi = () => {
  if (!current) throw new Error('installVsCodeApi() was not called for this test');
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return current;
};
