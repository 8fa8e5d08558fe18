/**
 * Every test seam of the extension, in one module the composition root
 * imports once (so a release build can replace it with a stub): the in-memory
 * buffer of recent log lines, the test accessor activate() exports, the
 * Manage Plan panel's test hooks and the test-only command
 * planBilling.test.signInWithTokens. None of it exists in Production
 * extension mode.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { type HostToWebviewMessage } from '../../shared/panelProtocol';
import { type AccountRefresher, type AccountView, type AccountWaiter } from '../account/accountInterfaces';
import { type AccountSnapshot } from '../account/accountSnapshot';
import { type PlanBillingAuthProvider } from '../auth/authProvider';
import { type BrowserSignIn } from '../auth/browserSignIn';
import { type ContextKeySync } from '../entitlements/contextKeySync';
import { type LogSink } from '../logging/logger';
import { type ManagePlanPanel } from '../panel/panelController';
import { type PortalOpener } from '../portal/portalOpener';
import { type ProfileStatusItem } from '../statusBar/profileStatusItem';
import { type SwitchableExternalOpener } from '../ui/externalOpener';
import { type SwitchablePrompter } from '../ui/prompter';
import { type Clock } from '../util/clock';
import { StorageKeys } from '../util/storage';
import { type PanelTestHooks, type PlanBillingTestAccess, type TestTokens } from './testAccess';

/** The parts the accessor reaches into. */
export interface TestedParts {
  /** Resolves once the secrets were read at activation. */
  readonly restored: Promise<void>;
  readonly account: AccountView & AccountRefresher & AccountWaiter;
  readonly statusItem: Pick<ProfileStatusItem, 'current'>;
  readonly contextKeys: Pick<ContextKeySync, 'values' | 'flushed'>;
  readonly prompter: Pick<SwitchablePrompter, 'use' | 'history'>;
  readonly external: Pick<SwitchableExternalOpener, 'use'>;
  readonly authProvider: Pick<PlanBillingAuthProvider, 'getSessions'>;
  /** The services bundle's parts, loaded on first call (docs/architecture.md "Activation"). */
  readonly services: () => TestedServices;
  /** Resolves once the services bundle was loaded, by whoever needed it first. */
  readonly servicesLoaded: Promise<void>;
}

export interface TestedServices {
  readonly browserSignIn: Pick<BrowserSignIn, 'completeWithTokens'>;
  readonly portal: Pick<PortalOpener, 'openChecked'>;
  readonly panel: TestedPanel;
}

type TestedPanel = Pick<ManagePlanPanel, 'isOpen' | 'open' | 'handleMessage' | 'onDidRender' | 'onDidPost' | 'onDidDrop' | 'onDidRecover' | 'stallNextLoads'>;

export interface TestSeams {
  /** `sink`, with every line also kept (timestamped, bounded) for the accessor's logs(). */
  recordLogs(sink: LogSink): LogSink;
  /** Registers the test-only command and returns the accessor over `parts` (activationMs still 0). */
  expose(parts: TestedParts): PlanBillingTestAccess;
}

const LOG_LIMIT = 300;
const PANEL_LOG_LIMIT = 100;
const SIGN_IN_SETTLE_MS = 30_000;
const DEFAULT_RENDER_TIMEOUT_MS = 30_000;

function keepRecent<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.shift();
}

export interface TestSeamsDeps {
  readonly context: vscode.ExtensionContext;
  /** Timestamps the kept log lines. */
  readonly clock: Clock;
}

/** The seams, or undefined in Production extension mode. */
export function createTestSeams(deps: TestSeamsDeps): TestSeams | undefined {
  const { context, clock } = deps;
  if (context.extensionMode === vscode.ExtensionMode.Production) return undefined;
  const recentLogs: string[] = [];
  return {
    recordLogs(sink) {
      const keep = (level: keyof LogSink) => (message: string) => {
        sink[level](message);
        keepRecent(recentLogs, `${new Date(clock.now()).toISOString()} ${level} ${message}`, LOG_LIMIT);
      };
      return { trace: keep('trace'), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
    },
    expose(parts) {
      const { account } = parts;
      const settled = (s: AccountSnapshot) => s.signedIn && !s.refreshing && (s.kind !== 'checking' || s.stale);
      const signInWithTokens = async (tokens: TestTokens) => {
        await parts.restored;
        await parts.services().browserSignIn.completeWithTokens(tokens);
        return (await account.waitFor(settled, SIGN_IN_SETTLE_MS)) ?? account.snapshot;
      };
      // Test-only sign-in with tokens from the sandbox session shortcut; not contributed in package.json.
      context.subscriptions.push(vscode.commands.registerCommand('planBilling.test.signInWithTokens', signInWithTokens));
      return {
        restored: parts.restored,
        activationMs: 0,
        snapshot: () => account.snapshot,
        statusBar: () => parts.statusItem.current,
        contextKeys: async () => {
          await parts.contextKeys.flushed();
          return parts.contextKeys.values;
        },
        signInWithTokens,
        refresh: (trigger = 'manual') => account.refresh(trigger),
        setPrompter: (p) => parts.prompter.use(p),
        setExternalOpener: (opener) => parts.external.use(opener),
        logs: () => [...recentLogs],
        storedKeys: async () => {
          const secrets: string[] = [];
          for (const key of [StorageKeys.session, StorageKeys.entitlementToken, StorageKeys.accountEmails]) if (await context.secrets.get(key)) secrets.push(key);
          return { globalState: context.globalState.keys().filter((k) => context.globalState.get(k) !== undefined), secrets };
        },
        globalStateValues: () => Object.fromEntries(context.globalState.keys().map((key) => [key, context.globalState.get(key)])),
        logFolder: () => context.logUri.fsPath,
        authenticationSessions: () => parts.authProvider.getSessions(),
        prompts: () => [...parts.prompter.history],
        openPortalUrl: (url) => parts.services().portal.openChecked(url),
        waitFor: (predicate, timeoutMs) => account.waitFor(predicate, timeoutMs),
        panel: panelHooks(context, () => parts.services().panel, parts.servicesLoaded),
      };
    },
  };
}

function panelHooks(context: vscode.ExtensionContext, panelOf: () => TestedPanel, loaded: Promise<void>): PanelTestHooks {
  const posted: HostToWebviewMessage[] = [];
  const dropped: string[] = [];
  let recoveries = 0;
  // Recorded from the moment the panel exists, without loading it early.
  void loaded.then(() => {
    const panel = panelOf();
    context.subscriptions.push(
      panel.onDidPost((message) => keepRecent(posted, message, PANEL_LOG_LIMIT)),
      panel.onDidDrop((reason) => keepRecent(dropped, reason, PANEL_LOG_LIMIT)),
      panel.onDidRecover(() => void (recoveries += 1)),
    );
  });
  const waitForRender: PanelTestHooks['waitForRender'] = (predicate, timeoutMs) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(undefined);
      }, timeoutMs);
      const listener = panelOf().onDidRender((hasData) => {
        if (!predicate(hasData)) return;
        clearTimeout(timer);
        listener.dispose();
        resolve({ hasData });
      });
    });
  return {
    isOpen: () => panelOf().isOpen,
    openAndWaitForRender: async (timeoutMs = DEFAULT_RENDER_TIMEOUT_MS) => {
      const started = performance.now();
      const rendered = waitForRender((hasData) => hasData, timeoutMs);
      await panelOf().open();
      const result = await rendered;
      if (!result) throw new Error(`The Manage Plan panel did not render account data within ${timeoutMs} ms`);
      return { ms: performance.now() - started, hasData: result.hasData };
    },
    waitForRender,
    postFromWebview: (raw) => panelOf().handleMessage(raw),
    posted: () => [...posted],
    dropped: () => [...dropped],
    recoveries: () => recoveries,
    stallNextLoads: (count) => panelOf().stallNextLoads(count),
  };
}
