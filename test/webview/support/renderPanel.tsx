/**
 * Renders the whole panel (`App`) the way main.tsx does, against the recording
 * host stub, and delivers host messages as window `message` events.
 */
import { act, fireEvent, render, type RenderResult } from '@testing-library/preact';
import { type HostToWebviewMessage, type PanelViewState, type WebviewToHostMessage } from '../../../shared/panelProtocol';
import { App } from '../../../webview/app/app';
import { createHostBridge } from '../../../webview/app/hostBridge';
import { NOW } from '../fixtures';
import { installVsCodeApi, type RecordingVsCodeApi } from './vscodeApi';

export interface PanelHarness extends RenderResult {
  api: RecordingVsCodeApi;
  /** Delivers a host message and lets the panel re-render and run its effects. */
  send(message: HostToWebviewMessage): Promise<void>;
  sendState(state: PanelViewState): Promise<void>;
  /** Messages the page posted, optionally only those of one type. */
  posted<T extends WebviewToHostMessage['type']>(type?: T): Extract<WebviewToHostMessage, { type: T }>[];
  /** Clicks and lets the panel settle. */
  click(element: Element): Promise<void>;
  /** Types into a vscode-textfield (or a native input/select) as the user would. */
  typeInto(element: Element, value: string): Promise<void>;
  /** Chooses an option of a native select. */
  choose(element: Element, value: string): Promise<void>;
}

export interface PanelOptions {
  state?: PanelViewState;
  /** What an earlier load of the page stored with setState. */
  stored?: unknown;
  locale?: string;
  l10n?: Record<string, string>;
  now?: number;
}

export async function renderPanel(options: PanelOptions = {}): Promise<PanelHarness> {
  const api = installVsCodeApi(options.stored);
  const now = options.now ?? NOW;
  let result!: RenderResult;
  await act(() => {
    result = render(
      <App
        host={createHostBridge(acquireVsCodeApi())}
        bootstrap={{ locale: options.locale ?? 'en-US', l10n: options.l10n ?? {} }}
        clock={() => now}
      />,
    );
  });
  const send = async (message: HostToWebviewMessage) => {
    await act(() => {
      window.dispatchEvent(new MessageEvent('message', { data: message }));
    });
    await settle();
  };
  const harness: PanelHarness = {
    ...result,
    api,
    send,
    sendState: (state) => send({ type: 'state', state }),
    posted: <T extends WebviewToHostMessage['type']>(type?: T) =>
      api.posted.filter((m) => type === undefined || m.type === type) as Extract<WebviewToHostMessage, { type: T }>[],
    async click(element) {
      await act(() => {
        fireEvent.click(element);
      });
      await settle();
    },
    async typeInto(element, value) {
      await act(() => {
        (element as HTMLInputElement).value = value;
        fireEvent.input(element);
      });
      await settle();
    },
    async choose(element, value) {
      await act(() => {
        (element as HTMLSelectElement).value = value;
        fireEvent.change(element);
      });
      await settle();
    },
  };
  if (options.state) await harness.sendState(options.state);
  return harness;
}

/** Lets Lit finish updating the custom elements the last render touched. */
async function settle(): Promise<void> {
  const pending = [...document.querySelectorAll('vscode-button, vscode-textfield')].map(
    (el) => (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete,
  );
  await Promise.all(pending);
}

/** The vscode-button (or native button) whose text or aria-label is `name`. */
export function button(container: ParentNode, name: string | RegExp): HTMLElement {
  const matches = [...container.querySelectorAll<HTMLElement>('vscode-button, button')].filter((el) => {
    const label = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (matches.length !== 1) {
    const all = [...container.querySelectorAll('vscode-button, button')].map(
      (el) => el.getAttribute('aria-label') ?? el.textContent?.trim(),
    );
    throw new Error(`Expected one button named ${String(name)}, found ${matches.length} among ${JSON.stringify(all)}`);
  }
  return matches[0];
}

/** Whether some button is named `name`. */
export function hasButton(container: ParentNode, name: string | RegExp): boolean {
  return [...container.querySelectorAll<HTMLElement>('vscode-button, button')].some((el) => {
    const label = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
}

/**
 * The page's sequential focus order: focusable elements in document order
 * (every tabindex is 0 or absent), named by aria-label or text.
 */
export function tabOrder(container: ParentNode): string[] {
  const focusable = [
    ...container.querySelectorAll<HTMLElement>('vscode-button, vscode-textfield, button, a[href], input, select, [tabindex]'),
    // vscode-textfield delegates focus to the input in its shadow root.
  ].filter((el) => (el.tagName === 'VSCODE-TEXTFIELD' || el.tabIndex >= 0) && !el.hasAttribute('disabled'));
  return focusable.map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName.toLowerCase());
}
