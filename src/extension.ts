/**
 * The composition root: builds every part, wires them together and registers
 * everything disposable with the extension context. activate() awaits no
 * network and no storage: the cached account is restored synchronously and
 * the stored token is verified in the background.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { AccountCacheStore } from './account/accountCache';
import { AccountStore } from './account/accountStore';
import { ApiClient } from './api/apiClient';
import { HttpTransport } from './api/httpTransport';
import { PlanBillingAuthProvider } from './auth/authProvider';
import { AuthSessions } from './auth/authSessions';
import { BrowserSignIn } from './auth/browserSignIn';
import { OAuthClient } from './auth/oauthClient';
import { registerCommands } from './commands/commands';
import { isDevelopmentBuild } from './config/buildConfig';
import { muteNonCriticalNotifications, muteUsageAlerts, requestTimeoutMs, serviceUrl, serviceUrlCheck, serviceUrlProblem, SETTINGS_SECTION } from './config/settings';
import { ContextKeySync } from './entitlements/contextKeySync';
import { explainQuota, type GateDeps, requireEntitlement } from './entitlements/gate';
import { KeyRing } from './entitlements/keyRing';
import { createPublicApi, type PlanBillingApi } from './entitlements/publicApi';
import { TokenVault } from './entitlements/tokenVault';
import { createSandboxKeys } from './entitlements/sandboxKeys';
import { createRedactingLogger, type Logger } from './logging/logger';
import { t, useTranslator } from './l10n/localize';
import { NotificationMemoryStore } from './notifications/notificationMemory';
import { Notifier } from './notifications/notifier';
import { UsageAlertMemoryStore, UsageNotifier } from './notifications/usageNotifier';
import { ManagePlanPanel } from './panel/panelController';
import { PortalOpener } from './portal/portalOpener';
import { PortalWatcher } from './portal/portalWatcher';
import { ProfileStatusItem } from './statusBar/profileStatusItem';
import { type PlanBillingTestAccess } from './testing/testAccess';
import { createTestSeams } from './testing/testSeams';
import { SwitchableExternalOpener } from './ui/externalOpener';
import { type Prompter, SwitchablePrompter } from './ui/prompter';
import { systemClock } from './util/clock';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, CommandIds, EXTENSION_ID, OUTPUT_CHANNEL_NAME, PANEL_VIEW_TYPE, UriPaths } from '../shared/productIdentity';
import { StorageKeys } from './util/storage';
import { UsageStore } from './usage/usageStore';

export type PlanBillingExports = PlanBillingApi & { readonly testing?: PlanBillingTestAccess };

function modeName(mode: vscode.ExtensionMode): 'production' | 'development' | 'test' {
  return mode === vscode.ExtensionMode.Production ? 'production' : mode === vscode.ExtensionMode.Development ? 'development' : 'test';
}

export function activate(context: vscode.ExtensionContext): PlanBillingExports {
  const started = performance.now();
  useTranslator(vscode.l10n.t);
  const marks: string[] = [];
  const mark = (name: string) => marks.push(`${name} ${(performance.now() - started).toFixed(1)}`);
  // Undefined in Production mode, and always in a release build (which has a stub
  // instead of the module); the only place the test seams enter the extension.
  const seams = createTestSeams({ context, clock: systemClock });
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const logger = createRedactingLogger(seams ? seams.recordLogs(output) : output);
  const mode = modeName(context.extensionMode);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const prompter = new SwitchablePrompter();
  const external = new SwitchableExternalOpener();

  const transport = new HttpTransport({
    serviceUrl,
    logger,
    clock: systemClock,
    timeoutMs: requestTimeoutMs,
    userAgent: `plan-billing-vscode/${version} (${vscode.env.appName} ${vscode.version})`,
  });
  const oauth = new OAuthClient({ transport });
  const serviceOrigin = () => {
    const check = serviceUrlCheck();
    return check.ok ? check.origin : undefined;
  };
  const auth = new AuthSessions({ secrets: context.secrets, oauth, clock: systemClock, logger, serviceOrigin });
  const client = new ApiClient({ transport, auth });
  // Undefined in a release build: trust in the sandbox's key goes by build, not by extension mode.
  const keyRing = new KeyRing({ sandbox: createSandboxKeys({ state: context.globalState, client, logger, serviceUrl }) });
  const vault = new TokenVault({ clock: systemClock, logger, state: context.globalState, secrets: context.secrets, keyRing, audience: EXTENSION_ID });
  const notificationMemory = new NotificationMemoryStore({ state: context.globalState });
  const usageAlertMemory = new UsageAlertMemoryStore(context.globalState);
  // Usage is the signed-in user's, held beside the account (read lazily: `store` is built next).
  const usageStore = new UsageStore({
    api: client,
    state: context.globalState,
    clock: systemClock,
    userId: (): string | undefined => (store.snapshot.signedIn ? store.snapshot.user?.id : undefined),
  });
  const store = new AccountStore({
    clock: systemClock,
    logger,
    client,
    sessions: auth,
    cache: new AccountCacheStore({ state: context.globalState, secrets: context.secrets }),
    vault,
    accountScopedData: [notificationMemory, usageAlertMemory, usageStore],
  });
  store.restore();
  // The account summary carries the period's meters: every account check brings them along.
  context.subscriptions.push(
    store.onDidChange(({ previous, current }) => {
      const summary = current.account;
      const checked = current.lastVerifiedAt !== undefined && current.lastVerifiedAt !== previous.lastVerifiedAt;
      if (!checked || !summary?.usage || !current.signedIn || current.user?.id !== summary.user.id) return;
      // A new summary (200) brings its service time; the same one again is a 304 that confirms its meters.
      void usageStore.acceptMeters(summary.user.id, summary.usage, summary !== previous.account ? summary.asOf : undefined, current.lastVerifiedAt!);
    }),
    usageStore,
  );
  mark('core');

  const browserSignIn = new BrowserSignIn({ oauth, client, sessions: auth, prompter, logger, serviceUrl, external });
  const portal = new PortalOpener({ client, account: store, watcher: new PortalWatcher({ account: store, clock: systemClock }), logger, serviceUrl, external });
  const signIn = () => browserSignIn.signIn();
  // Awaits the store too, so when the command resolves every trace is gone.
  const signOut = async () => {
    await auth.signOut();
    await store.onSignedOut();
  };
  const panel = new ManagePlanPanel({ extensionUri: context.extensionUri, account: store, client, portal, prompter, logger, signIn, usage: usageStore });
  // The gate's upgrade opens the panel's Change plan view at the tier that grants the feature.
  const gateDeps: GateDeps = {
    account: store,
    portal,
    prompter,
    logger,
    signIn,
    openPlans: (highlight) => panel.openPlans(highlight),
    usage: usageStore,
    openUsage: () => panel.openUsage(),
    locale: vscode.env.language,
  };
  const gate = (feature: string) => requireEntitlement(feature, gateDeps);

  const statusItem = new ProfileStatusItem({ account: store, clock: systemClock, serviceProblem: serviceUrlProblem, usage: usageStore });
  const contextKeys = new ContextKeySync({ account: store, usage: usageStore });
  const notifier = new Notifier({ account: store, memory: notificationMemory, prompter, logger, muteNonCritical: muteNonCriticalNotifications, clock: systemClock });
  const usageNotifier = new UsageNotifier({
    usage: usageStore,
    memory: usageAlertMemory,
    prompter,
    logger,
    muted: muteUsageAlerts,
    openUsage: () => panel.openUsage(),
    openPlans: (highlight) => panel.openPlans(highlight),
  });
  const authProvider = new PlanBillingAuthProvider({ sessions: auth, signIn, signOut });
  const { api, disposable: apiDisposable } = createPublicApi({
    account: store,
    requireEntitlement: gate,
    emitterFactory: () => new vscode.EventEmitter(),
    usage: usageStore,
    explainQuota: (reason) => void explainQuota(reason, gateDeps, false),
  });
  mark('ui');

  const restored = followAccountEvents({ context, auth, store, browserSignIn, prompter, logger, statusItem });

  context.subscriptions.push(
    output,
    statusItem,
    contextKeys,
    notifier,
    usageNotifier,
    authProvider,
    apiDisposable,
    panel,
    // Brings the panel back after a window reload (it keeps no state of its own worth restoring).
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel) => panel.revive(webviewPanel),
    }),
    store,
    auth,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: false }),
    ...registerCommands({
      account: store,
      portal,
      prompter,
      logger,
      output,
      panel,
      signIn,
      signOut,
      requireEntitlement: gate,
      serviceUrl: serviceUrlCheck,
      extensionVersion: version,
      clock: systemClock,
    }),
  );

  mark('registrations');
  const testing = seams?.expose({ restored, account: store, statusItem, contextKeys, signIn: browserSignIn, prompter, external, portal, panel, authProvider });

  if (!serviceUrlCheck().ok) logServiceUrl(logger, 'Service');
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(2)} ms (${mode} mode, ${isDevelopmentBuild ? 'development' : 'release'} build; ms since start: ${marks.join(', ')})`);
  return testing ? { ...api, testing: { ...testing, activationMs } } : api;
}

export function deactivate(): void {}

interface AccountEventDeps {
  readonly context: vscode.ExtensionContext;
  readonly auth: AuthSessions;
  readonly store: AccountStore;
  readonly browserSignIn: BrowserSignIn;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly statusItem: Pick<ProfileStatusItem, 'render'>;
}

/** Logs the service URL in use, or why it is refused (the status bar says so too). */
function logServiceUrl(logger: Logger, prefix: string): void {
  const check = serviceUrlCheck();
  if (check.ok) logger.info(`${prefix}: ${check.origin}`);
  else logger.warn(`${prefix}: refused, nothing is sent to it: ${check.problem}`);
}

/**
 * Reads the secrets in the background and feeds the store from then on:
 * session changes, other windows, window focus, settings and the URI handler.
 * Resolves once the secrets were read.
 */
function followAccountEvents(deps: AccountEventDeps): Promise<void> {
  const { context, auth, store, browserSignIn, prompter, logger, statusItem } = deps;
  // Session changes are ignored until the secrets were read at activation, so
  // restoring a session does not count as a fresh sign-in.
  let restored = false;
  const restoring = store
    .loadSecrets()
    .catch((error: unknown) => logger.error(`Restoring the account failed: ${String(error)}`))
    .then(() => {
      restored = true;
      store.scheduleActivationCheck();
    });
  context.subscriptions.push(
    auth.onDidChange((session) => {
      if (!restored) return;
      if (!session) void store.onSignedOut();
      else if (store.snapshot.user?.id !== session.user.id || !store.snapshot.signedIn) void store.onSignedIn(session);
    }),
    auth.onDidSignOut((reason) => {
      if (reason === 'user') return;
      const signInTitle = t('Sign In');
      const message =
        reason === 'expired'
          ? t('Your Plan & Billing session has expired. Sign in again to keep your plan up to date.')
          : t('You were signed out of Plan & Billing because the billing service changed (planBilling.serviceUrl). Your session stays with the service that issued it; sign in again to use the new one.');
      void prompter.show('warning', message, {}, [signInTitle]).then((choice) => {
        if (choice === signInTitle) void vscode.commands.executeCommand(CommandIds.signIn);
      });
    }),
    vscode.window.registerUriHandler({
      handleUri(uri: vscode.Uri) {
        // Only the path is logged: the query may carry an authorization code.
        if (uri.path === UriPaths.authCallback) browserSignIn.handleCallback(uri);
        else if (uri.path === UriPaths.portalReturn) {
          logger.info('Returned from the payment portal; refreshing');
          void store.refresh('uriCallback');
        } else logger.warn(`Ignored a URI for an unknown path: ${uri.path}`);
      },
    }),
    // Several windows share one account: another window's sign-in, sign-out or
    // verified refresh shows up here as a secret change.
    context.secrets.onDidChange((event) => {
      if (event.key === StorageKeys.session) void auth.load();
      else if (event.key === StorageKeys.entitlementToken || event.key === StorageKeys.accountEmails) void store.syncFromOtherWindow();
    }),
    vscode.window.onDidChangeWindowState((state) => {
      if (!state.focused || !restored) return;
      store.tick();
      void store.syncFromOtherWindow().then(() => store.refresh('focus'));
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.serviceUrl`)) {
        logServiceUrl(logger, 'Service changed');
        statusItem.render();
        // A session of the previous service is dropped before anything is sent to the new one.
        void auth.checkService().then(() => store.refresh('manual'));
      }
    }),
  );
  return restoring;
}
