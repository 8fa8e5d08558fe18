/**
 * The composition root: builds every part, wires them together and registers
 * everything disposable with the extension context. activate() awaits no
 * network and no storage: the cached account is restored synchronously and
 * the stored token is verified in the background. What activation does not
 * need (HTTP, sign-in, portal, panel, gate) is built by src/services.ts, a
 * bundle of its own required on first use or shortly after activation
 * (docs/architecture.md "Activation").
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { AccountCacheStore } from './account/accountCache';
import { AccountStore, type VaultPort } from './account/accountStore';
import { PlanBillingAuthProvider } from './auth/authProvider';
import { AuthSessions } from './auth/authSessions';
import { registerCommands } from './commands/commands';
import { isDevelopmentBuild } from './config/buildConfig';
import { serviceUrlCheck, serviceUrlProblem, SETTINGS_SECTION } from './config/settings';
import { ContextKeySync } from './entitlements/contextKeySync';
import { createPublicApi, type PlanBillingApi } from './entitlements/publicApi';
import { createRedactingLogger, type Logger } from './logging/logger';
import { t, useTranslator } from './l10n/localize';
import { NotificationMemoryStore, UsageAlertMemoryStore } from './notifications/notificationMemory';
import { ProfileStatusItem } from './statusBar/profileStatusItem';
import { type PlanBillingTestAccess } from './testing/testAccess';
import { createTestSeams } from './testing/testSeams';
import { SwitchableExternalOpener } from './ui/externalOpener';
import { type Prompter, SwitchablePrompter } from './ui/prompter';
import { systemClock } from './util/clock';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, CommandIds, OUTPUT_CHANNEL_NAME, PANEL_VIEW_TYPE, UriPaths } from '../shared/productIdentity';
import { StorageKeys } from './util/storage';
import { UsageStore } from './usage/usageStore';
import { forwarding, lazy } from './util/lazy';
import { type createServices, type Services, type ServicesDeps } from './services';

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

  // The services bundle, required on first use (a command, a refresh, the panel) or after activation.
  let servicesReady = () => {};
  const servicesLoaded = new Promise<void>((resolve) => (servicesReady = resolve));
  const services = lazy((): Services => {
    const started = performance.now();
    const built = loadServices().createServices(servicesDeps);
    servicesReady();
    logger.info(`Services loaded in ${(performance.now() - started).toFixed(2)} ms`);
    return built;
  });
  const client = forwarding(() => services.get().client, ['getAccount', 'getEntitlements', 'getUsage', 'putUsageSettings', 'reportUsage']);
  const oauth = forwarding(() => services.get().oauth, ['refreshTokens', 'revoke']);
  // Until the services are loaded nothing is verified: no claims, so the state is "checking", never Free.
  const vault: VaultPort = {
    get claims() {
      return services.peek()?.vault.claims ?? null;
    },
    get holdsLatest() {
      return services.peek()?.vault.holdsLatest ?? false;
    },
    clockRolledBack: () => services.peek()?.vault.clockRolledBack() ?? false,
    ...forwarding(() => services.get().vault, ['loadStored', 'prepareKeys', 'accept', 'noteTime', 'clear']),
  };
  const serviceOrigin = () => {
    const check = serviceUrlCheck();
    return check.ok ? check.origin : undefined;
  };
  const auth = new AuthSessions({ secrets: context.secrets, oauth, clock: systemClock, logger, serviceOrigin });
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

  const servicesDeps: ServicesDeps = { context, logger, prompter, external, version, auth, store, usageStore, notificationMemory, usageAlertMemory };
  const signIn = () => services.get().browserSignIn.signIn();
  // Awaits the store too, so when the command resolves every trace is gone.
  const signOut = async () => {
    await auth.signOut();
    await store.onSignedOut();
  };
  const panel = {
    open: () => services.get().panel.open(),
    openPlans: (highlight: Parameters<Services['panel']['openPlans']>[0]) => services.get().panel.openPlans(highlight),
    openUsage: () => services.get().panel.openUsage(),
  };
  const portal = forwarding(() => services.get().portal, ['open']);
  const gate = (feature: string) => services.get().requireEntitlement(feature);

  const statusItem = new ProfileStatusItem({ account: store, clock: systemClock, serviceProblem: serviceUrlProblem, usage: usageStore });
  const contextKeys = new ContextKeySync({ account: store, usage: usageStore });
  const authProvider = new PlanBillingAuthProvider({ sessions: auth, signIn, signOut });
  const { api, disposable: apiDisposable } = createPublicApi({
    account: store,
    requireEntitlement: gate,
    emitterFactory: () => new vscode.EventEmitter(),
    usage: usageStore,
    explainQuota: (reason) => services.get().explainQuota(reason),
  });
  mark('ui');

  const restored = followAccountEvents({ context, auth, store, handleAuthCallback: (uri) => services.get().browserSignIn.handleCallback(uri), prompter, logger, statusItem });
  // Loaded soon in any case, once the stored account was restored, so the first check and the first click find it ready.
  void restored.then(() => {
    const preload = setTimeout(() => services.get(), SERVICES_PRELOAD_DELAY_MS);
    context.subscriptions.push({ dispose: () => clearTimeout(preload) });
  });

  context.subscriptions.push(
    output,
    statusItem,
    contextKeys,
    authProvider,
    apiDisposable,
    // Brings the panel back after a window reload (it keeps no state of its own worth restoring).
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel) => services.get().panel.revive(webviewPanel),
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
  const testing = seams?.expose({ restored, account: store, statusItem, contextKeys, prompter, external, authProvider, services: () => services.get(), servicesLoaded });

  if (!serviceUrlCheck().ok) logServiceUrl(logger, 'Service');
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(2)} ms (${mode} mode, ${isDevelopmentBuild ? 'development' : 'release'} build; ms since start: ${marks.join(', ')})`);
  return testing ? { ...api, testing: { ...testing, activationMs } } : api;
}

export function deactivate(): void {}

/** After the stored account was restored: the services bundle loads then unless something needed it already. */
const SERVICES_PRELOAD_DELAY_MS = 500;

/** The services bundle (dist/services.js beside this one; src/services.ts when run from source). */
function loadServices(): { createServices: typeof createServices } {
  // A plain require, so the bundle is read only when called (scripts/extensionBuild.mjs keeps it external).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./services') as { createServices: typeof createServices };
}

interface AccountEventDeps {
  readonly context: vscode.ExtensionContext;
  readonly auth: AuthSessions;
  readonly store: AccountStore;
  readonly handleAuthCallback: (uri: vscode.Uri) => void;
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
  const { context, auth, store, handleAuthCallback, prompter, logger, statusItem } = deps;
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
        if (uri.path === UriPaths.authCallback) handleAuthCallback(uri);
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
