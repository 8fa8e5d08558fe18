/**
 * The webview's only boundary with the extension host: the VS Code webview API
 * (acquired once) for posting intents and keeping UI state, and window
 * `message` events for what the host posts. Nothing here touches the network.
 */
import { type HostToWebviewMessage, type WebviewToHostMessage } from '../../shared/panelProtocol';
import { parseUiState, type UiState } from './uiState';

/** The object `acquireVsCodeApi()` returns inside a VS Code webview. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare global {
  /** Injected by VS Code into every webview; may be called once per load. */
  function acquireVsCodeApi(): VsCodeApi;
}

export interface HostBridge {
  post(message: WebviewToHostMessage): void;
  /** Calls `listener` for every recognised host message; returns the unsubscribe function. */
  onMessage(listener: (message: HostToWebviewMessage) => void): () => void;
  loadUiState(): UiState;
  saveUiState(state: UiState): void;
}

const HOST_MESSAGE_TYPES: ReadonlySet<string> = new Set<HostToWebviewMessage['type']>([
  'state',
  'billingDetailsSaved',
  'billingDetailsRejected',
  'downloadProgress',
  'paymentMethodResult',
  'showPlans',
  'showUsage',
]);

/**
 * The host is trusted (it built this page), so a light check suffices: it
 * filters out messages that are not ours, e.g. from browser extensions in
 * tests or from VS Code's own frame plumbing.
 */
function isHostMessage(data: unknown): data is HostToWebviewMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { type?: unknown }).type === 'string' &&
    HOST_MESSAGE_TYPES.has((data as { type: string }).type)
  );
}

export function createHostBridge(api: VsCodeApi, target: Window = window): HostBridge {
  return {
    post: (message) => api.postMessage(message),
    onMessage(listener) {
      const handler = (event: MessageEvent) => {
        if (isHostMessage(event.data)) listener(event.data);
      };
      target.addEventListener('message', handler);
      return () => target.removeEventListener('message', handler);
    },
    loadUiState: () => parseUiState(api.getState()),
    saveUiState: (state) => {
      api.setState(state);
    },
  };
}

/** A fresh id for a request whose reply must be matched (also the host's Idempotency-Key). */
export function newRequestId(): string {
  return crypto.randomUUID();
}
