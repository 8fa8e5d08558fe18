/**
 * What activate() additionally exports in Development/Test extension mode, so
 * the integration suite can observe what a person would see (there is no VS
 * Code API to read another extension's status-bar item or context keys) and
 * script the answers to prompts. Never present in Production mode.
 */
import { type AuthenticationSession } from 'vscode';
import { type HostToWebviewMessage } from '../../shared/panelProtocol';
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type RefreshOutcome } from '../account/accountInterfaces';
import { type RefreshTrigger } from '../account/refreshPolicy';
import { type ContextKeyValues } from '../entitlements/contextKeys';
import { type Prompter, type Severity } from '../ui/prompter';

/** Hooks for the integration suite and the benchmark into the Manage Plan panel. */
export interface PanelTestHooks {
  isOpen(): boolean;
  /** Runs Manage Plan and resolves when the webview painted account data. */
  openAndWaitForRender(timeoutMs?: number): Promise<{ ms: number; hasData: boolean }>;
  /** Resolves with the next `rendered` report matching `predicate`, or undefined after timeoutMs. */
  waitForRender(predicate: (hasData: boolean) => boolean, timeoutMs: number): Promise<{ hasData: boolean } | undefined>;
  /** Feeds a raw message through the same validation path as the webview's; false when dropped. */
  postFromWebview(raw: unknown): Promise<boolean>;
  /** Messages posted to the webview, oldest first (bounded). */
  posted(): readonly HostToWebviewMessage[];
  /** Why each dropped message was dropped, oldest first (bounded). */
  dropped(): readonly string[];
  /** How many times a webview that never loaded was recreated since activation. */
  recoveries(): number;
  /** The next `count` webview loads never report ready (their document has no script), to prove the recovery. */
  stallNextLoads(count: number): void;
}

export interface TestTokens {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
}

export interface PlanBillingTestAccess {
  /** Resolves once the secrets were read at activation. */
  readonly restored: Promise<void>;
  /** Duration of activate() in ms (performance.now()). */
  readonly activationMs: number;
  snapshot(): AccountSnapshot;
  statusBar(): { text: string; tooltip: string; accessibilityLabel: string; warning: boolean };
  /** The context key values last applied, after pending setContext calls finished. */
  contextKeys(): Promise<ContextKeyValues | undefined>;
  /** Signs in with tokens from the sandbox session shortcut; resolves after the first check settled. */
  signInWithTokens(tokens: TestTokens): Promise<AccountSnapshot>;
  refresh(trigger?: RefreshTrigger): Promise<RefreshOutcome>;
  /** Replace (or restore, with undefined) the prompter that answers notifications and dialogs. */
  setPrompter(prompter: Prompter | undefined): void;
  /** Receive sign-in and portal URLs instead of opening a browser (undefined restores openExternal). */
  setExternalOpener(opener: ((url: string) => Promise<boolean>) | undefined): void;
  /** The extension's recent log lines (redacted), oldest first. */
  logs(): string[];
  /** Which storage keys hold a value: globalState keys and the extension's secret keys. */
  storedKeys(): Promise<{ globalState: string[]; secrets: string[] }>;
  /** Every globalState value the extension keeps, by key (what lands unencrypted on disk). */
  globalStateValues(): Record<string, unknown>;
  /** The folder VS Code writes this extension's logs to (its output channel's log file is in it). */
  logFolder(): string;
  /** What the authentication provider hands VS Code (the Accounts menu, and extensions the user allows). */
  authenticationSessions(): Promise<readonly AuthenticationSession[]>;
  /** Prompts shown so far, newest last. */
  prompts(): ReadonlyArray<{ severity: Severity; message: string; actions: readonly string[] }>;
  /** The origin-checked openExternal path used for portal URLs; false when refused. */
  openPortalUrl(url: string): Promise<boolean>;
  /** Waits until the snapshot matches, or undefined after timeoutMs. */
  waitFor(predicate: (s: AccountSnapshot) => boolean, timeoutMs: number): Promise<AccountSnapshot | undefined>;
  /** The Manage Plan panel's hooks. */
  readonly panel: PanelTestHooks;
}
