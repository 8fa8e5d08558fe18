/**
 * The second half of the composition root (docs/architecture.md
 * "Activation"): the parts activation does not need — the HTTP transport and
 * API client, response validation, token verification, OAuth sign-in, the
 * portal, the Manage Plan panel, the entitlement gate and the notifications. Built into its own bundle (dist/services.js) that
 * src/extension.ts requires on first use or shortly after activation; the
 * modules both halves use are the core bundle's own instances.
 */
import * as vscode from 'vscode';
import { type AccountStore } from './account/accountStore';
import { ApiClient } from './api/apiClient';
import { HttpTransport } from './api/httpTransport';
import { type AuthSessions } from './auth/authSessions';
import { SessionMarkerWatch } from './auth/sessionMarker';
import { SharedStateWatch } from './account/sharedStateWatch';
import { t } from './l10n/localize';
import { BrowserSignIn } from './auth/browserSignIn';
import { OAuthClient } from './auth/oauthClient';
import { muteNonCriticalNotifications, muteUsageAlerts, requestTimeoutMs, serviceUrl } from './config/settings';
import { explainQuota, type GateDeps, requireEntitlement } from './entitlements/gate';
import { KeyRing } from './entitlements/keyRing';
import { createSandboxKeys } from './entitlements/sandboxKeys';
import { TokenVault } from './entitlements/tokenVault';
import { type Logger } from './logging/logger';
import { type NotificationMemoryStore, type UsageAlertMemoryStore } from './notifications/notificationMemory';
import { Notifier } from './notifications/notifier';
import { UsageNotifier } from './notifications/usageNotifier';
import { ManagePlanPanel } from './panel/panelController';
import { PortalOpener } from './portal/portalOpener';
import { PortalWatcher } from './portal/portalWatcher';
import { type SwitchableExternalOpener } from './ui/externalOpener';
import { type Prompter } from './ui/prompter';
import { systemClock } from './util/clock';
import { type UsageStore } from './usage/usageStore';
import { type QuotaState } from '../shared/contract/usage';
import { EXTENSION_ID } from '../shared/productIdentity';

/** What the core half hands over. */
export interface ServicesDeps {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly prompter: Prompter;
  readonly external: SwitchableExternalOpener;
  readonly version: string;
  readonly auth: AuthSessions;
  readonly store: AccountStore;
  readonly usageStore: UsageStore;
  readonly notificationMemory: NotificationMemoryStore;
  readonly usageAlertMemory: UsageAlertMemoryStore;
}

export interface Services {
  readonly client: ApiClient;
  readonly oauth: OAuthClient;
  readonly vault: TokenVault;
  readonly browserSignIn: BrowserSignIn;
  readonly portal: PortalOpener;
  readonly panel: ManagePlanPanel;
  requireEntitlement(feature: string): Promise<boolean>;
  /** Explains a quota refusal the service sent back to a paid feature. */
  explainQuota(reason: QuotaState): void;
}

export function createServices(deps: ServicesDeps): Services {
  const { context, logger, prompter, external, version, auth, store, usageStore, notificationMemory, usageAlertMemory } = deps;
  const transport = new HttpTransport({
    serviceUrl,
    logger,
    clock: systemClock,
    timeoutMs: requestTimeoutMs,
    userAgent: `plan-billing-vscode/${version} (${vscode.env.appName} ${vscode.version})`,
  });
  const oauth = new OAuthClient({ transport });
  const client = new ApiClient({ transport, auth });
  // Undefined in a release build: trust in the sandbox's key goes by build, not by extension mode.
  const keyRing = new KeyRing({ sandbox: createSandboxKeys({ state: context.globalState, client, logger, serviceUrl }) });
  const vault = new TokenVault({ clock: systemClock, logger, state: context.globalState, secrets: context.secrets, keyRing, audience: EXTENSION_ID });
  const browserSignIn = new BrowserSignIn({ oauth, client, sessions: auth, prompter, logger, serviceUrl, external });
  const portal = new PortalOpener({ client, account: store, watcher: new PortalWatcher({ account: store, clock: systemClock }), logger, serviceUrl, external });
  const signIn = () => browserSignIn.signIn();
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
  // Other windows follow a sign-in or sign-out even where SecretStorage does not tell them (code-server).
  const sessionMarker = new SessionMarkerWatch({
    state: context.globalState,
    sessions: auth,
    clock: systemClock,
    logger,
    onSignedInElsewhereUnseen: () => {
      const reload = t('Reload Window');
      void prompter.show('info', t('You signed in to Plan & Billing in another window. Reload this window to use that sign-in here.'), {}, [reload]).then((choice) => {
        if (choice === reload) void vscode.commands.executeCommand('workbench.action.reloadWindow');
      });
    },
  });
  // And their account checks and usage, through what globalState shares (the token stays per window there).
  const sharedState = new SharedStateWatch({
    state: context.globalState,
    userId: () => auth.current?.user.id,
    entitlementSeq: () => vault.claims?.seq,
    syncAccount: () => store.followOtherWindow(),
    refreshAccount: () => store.refresh('otherWindow'),
    followUsage: () => usageStore.followOtherWindow(),
    logger,
  });
  context.subscriptions.push(panel, notifier, usageNotifier, sessionMarker, sharedState);
  return {
    client,
    oauth,
    vault,
    browserSignIn,
    portal,
    panel,
    requireEntitlement: (feature) => requireEntitlement(feature, gateDeps),
    explainQuota: (reason) => void explainQuota(reason, gateDeps, false),
  };
}
