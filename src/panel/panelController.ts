/**
 * The Manage Plan panel in the extension host (journeys 2, 3, 5, 6, 9, 10, 13, 14 of docs/journeys.md).
 * One panel at most: the command reveals it when it exists. The webview only
 * renders what it is posted and posts intents back; this controller does all
 * fetching, validates every message it receives (ids included: only ids of
 * what it fetched itself are acted on), and keeps the few facts a reloaded
 * webview must be told again (its last replies, running downloads) for a
 * webview that is recreated or revived after a reload.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type PlanId } from '../../shared/contract/planId';
import { type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { type Invoice, type Payment } from '../../shared/contract/invoices';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { type PortalFlow } from '../../shared/contract/portal';
import { cardBrandName } from '../../shared/cardWording';
import { type ApiClient } from '../api/apiClient';
import { type SnapshotChange } from '../account/accountSnapshot';
import { type AccountRefresher, type AccountView } from '../account/accountInterfaces';
import { saveBillingDetails } from '../account/billingActions';
import { IDLE_PORTAL, toPanelViewState } from '../account/panelViewState';
import { type PanelOpener } from '../commands/commands';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type PortalOpener } from '../portal/portalOpener';
import { type PortalProgress, type PortalWatch } from '../portal/portalWatcher';
import { reportFailure } from '../ui/failureReport';
import { type Prompter } from '../ui/prompter';
import { DisposableStore } from '../util/disposables';
import { Timer } from '../util/timer';
import { OpenInvoice } from './invoiceDetails';
import { downloadInvoice } from './invoiceDownload';
import { PagedHistory } from './pagedHistory';
import { PlanChanges } from './planChanges';
import { DropLog } from './dropLog';
import { checkWebviewMessage } from './panelMessages';
import { MAX_WEBVIEW_RECOVERIES, WEBVIEW_READY_TIMEOUT_MS } from './webviewLoadBounds';
import { createNonce, panelHtml } from './panelHtml';
import { cardListConfirmation, genericPortalConfirmation, portalConfirmation } from './portalConfirmation';
import { SavedCards } from './savedCards';
import { type PanelUsageSource, UsagePanel } from './usagePanel';
import { type HostToWebviewMessage, type PaymentMethodAction, type PortalView } from '../../shared/panelProtocol';
import { PANEL_VIEW_TYPE } from '../../shared/productIdentity';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly account: AccountView & AccountRefresher;
  readonly client: Pick<
    ApiClient,
    | 'listInvoices'
    | 'getInvoice'
    | 'listPayments'
    | 'downloadInvoicePdf'
    | 'saveBillingDetails'
    | 'listPaymentMethods'
    | 'setDefaultPaymentMethod'
    | 'removePaymentMethod'
    | 'listPlans'
    | 'previewSubscriptionChange'
    | 'changeSubscription'
    | 'cancelSubscription'
    | 'resumeSubscription'
    | 'keepCurrentPlan'
  >;
  readonly portal: Pick<PortalOpener, 'open'>;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly signIn: () => Promise<unknown>;
  /** The period's credits (the Usage section); omitted: the section shows nothing. */
  readonly usage?: PanelUsageSource;
}

export class ManagePlanPanel implements PanelOpener, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private panel: vscode.WebviewPanel | undefined;
  /** What lives as long as the current panel. */
  private readonly panelDisposables = this.disposables.add(new DisposableStore());
  private readonly invoices: PagedHistory<Invoice>;
  private readonly payments: PagedHistory<Payment>;
  private readonly cards: SavedCards;
  private readonly details: OpenInvoice;
  private readonly plans: PlanChanges;
  private readonly usage: UsagePanel | undefined;
  /** The Usage section asked for before the webview said `ready`. */
  private pendingShowUsage = false;
  /** A Change plan view asked for (the gate's upgrade) before the webview said `ready`. */
  private pendingShowPlans: { highlight: PlanId | null } | undefined;
  private portalView: PortalView = IDLE_PORTAL;
  /**
   * The saved cards when a card flow (add, edit) opened the portal, while its
   * outcome is awaited. The account's ETag covers every saved card, so the
   * poll sees a card added or edited even when the default stays; the summary
   * then reads the same, and only the list says what happened.
   */
  private cardsBefore: readonly PaymentMethod[] | undefined;
  /** The portal flow followed, while its outcome is awaited or shown. */
  private portalWatch: PortalWatch | undefined;
  /** Counts clearPortal() calls, so a portal that finishes opening after one is not followed. */
  private portalResets = 0;
  private retriedPortalPoll = false;
  /** The last billing-details reply; re-posted after a reload in case the webview never saw it. */
  private lastSaveReply: HostToWebviewMessage | undefined;
  /** The last make-default / remove failure, likewise. */
  private lastCardReply: HostToWebviewMessage | undefined;
  private readonly downloading = new Set<string>();
  private readonly rendered = this.disposables.add(new vscode.EventEmitter<boolean>());
  private readonly posted = this.disposables.add(new vscode.EventEmitter<HostToWebviewMessage>());
  private readonly dropped = this.disposables.add(new vscode.EventEmitter<string>());
  private readonly recovered = this.disposables.add(new vscode.EventEmitter<number>());
  private readonly dropLog: DropLog;
  private assets: { script: string; styles: string[] } | undefined;
  /** Test seam: loads left that get a document without its script (a webview that never loads). */
  private stalledLoads = 0;
  /** The current webview said `ready` since it was (re)loaded. */
  private webviewReady = false;
  private readonly readyTimer = this.disposables.add(new Timer());
  /** Recreations since the webview last said `ready`. */
  private recoveriesInARow = 0;
  /** The webview painted a state; true when it showed account data. */
  readonly onDidRender = this.rendered.event;
  /** A message was posted to the webview. */
  readonly onDidPost = this.posted.event;
  /** A message from the webview failed validation and was dropped; why. */
  readonly onDidDrop = this.dropped.event;
  /** A webview that never loaded was recreated; the number of recreations in a row. */
  readonly onDidRecover = this.recovered.event;

  constructor(private readonly deps: PanelDeps) {
    this.dropLog = new DropLog((line) => deps.logger.warn(line));
    this.disposables.add({ dispose: () => this.dropLog.flush() });
    const onChange = () => this.postState();
    this.invoices = new PagedHistory({ fetchPage: (query) => deps.client.listInvoices(query), onChange });
    this.payments = new PagedHistory({ fetchPage: (query) => deps.client.listPayments(query), onChange });
    this.cards = new SavedCards({ client: deps.client, onChange });
    this.details = new OpenInvoice({ client: deps.client, onChange });
    this.plans = new PlanChanges({ client: deps.client, account: deps.account, onChange });
    this.disposables.add(deps.account.onDidChange((change) => this.onStoreChange(change)));
    if (deps.usage) {
      this.usage = new UsagePanel({ source: deps.usage, prompter: deps.prompter, logger: deps.logger, onChange });
      this.disposables.add(
        deps.usage.onDidChange((state) => {
          onChange();
          // The meters moved on under an open panel: its charts follow (a conditional GET).
          if (state.detailsBehind && this.panel && !this.usage?.busy) void this.usage?.load();
        }),
      );
    }
  }

  /** Manage Plan: creates the panel or reveals the existing one, and refreshes. */
  async open(): Promise<void> {
    if (this.panel) this.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, t('Manage Plan'), vscode.ViewColumn.Active, this.webviewOptions());
      this.attach(panel);
    }
    this.loadData();
  }

  /**
   * Opens (or reveals) the panel at its Change plan view with `highlight`
   * marked: the gate's "Upgrade to Power". The catalogue is fetched now.
   */
  async openPlans(highlight: PlanId | null): Promise<void> {
    await this.open();
    if (this.deps.account.snapshot.signedIn) void this.plans.loadCatalogue();
    if (this.webviewReady) this.post({ type: 'showPlans', highlight });
    else this.pendingShowPlans = { highlight };
  }

  /** Opens (or reveals) the panel at its Usage section: Enable overage / Raise spend cap. */
  async openUsage(): Promise<void> {
    await this.open();
    if (this.webviewReady) this.post({ type: 'showUsage' });
    else this.pendingShowUsage = true;
  }

  /** Restores a panel VS Code kept across a window reload (the serializer calls this). */
  revive(panel: vscode.WebviewPanel): void {
    if (this.panel) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
    this.loadData();
  }

  dispose(): void {
    this.panel?.dispose();
    this.stopFollowingPortal();
    this.disposables.dispose();
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // Nothing is loadable (the document inlines its script and styles); no
    // command URIs. The webview is kept while its tab is hidden: a half-typed
    // billing form survives a glance at another tab, and in web hosts
    // (code-server) a webview recreated on reveal can wait many seconds for the
    // service worker its predecessor left busy (docs/architecture.md, "Panel lifetime").
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: true,
      localResourceRoots: [],
    };
  }

  /** The built webview (dist/webview), read once: every load inlines it. */
  private webviewAssets(): { script: string; styles: string[] } {
    if (!this.assets) {
      const dir = join(this.deps.extensionUri.fsPath, 'dist', 'webview');
      this.assets = { script: readFileSync(join(dir, 'main.js'), 'utf8'), styles: [readFileSync(join(dir, 'main.css'), 'utf8')] };
    }
    return this.assets;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    const assets = this.webviewAssets();
    const stalled = this.stalledLoads > 0;
    if (stalled) this.stalledLoads -= 1;
    webview.html = panelHtml({
      nonce: createNonce(),
      ...assets,
      script: stalled ? '' : assets.script,
      bootstrap: { locale: vscode.env.language, l10n: vscode.l10n.bundle ?? {} },
      title: t('Manage Plan'),
    });
    this.panelDisposables.add(webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(raw)));
    this.panelDisposables.add(
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.readyTimer.clear();
        this.dropLog.flush();
        this.panelDisposables.clear();
      }),
    );
    // A webview created hidden (restored in a background tab) loads when first shown.
    this.panelDisposables.add(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.readyTimer.clear();
        else this.watchLoad(panel);
      }),
    );
    this.watchLoad(panel);
  }

  private watchLoad(panel: vscode.WebviewPanel): void {
    if (this.webviewReady || !panel.visible) return;
    this.readyTimer.set(WEBVIEW_READY_TIMEOUT_MS, () => this.recover(panel));
  }

  /** Replaces a webview that did not load with a new panel in the same place. */
  private recover(panel: vscode.WebviewPanel): void {
    if (panel !== this.panel || this.webviewReady) return;
    if (this.recoveriesInARow >= MAX_WEBVIEW_RECOVERIES) {
      this.deps.logger.error(`The Manage Plan webview did not load after ${this.recoveriesInARow + 1} tries; close and reopen the panel`);
      return;
    }
    this.recoveriesInARow += 1;
    this.deps.logger.warn(
      `The Manage Plan webview did not report ready within ${WEBVIEW_READY_TIMEOUT_MS / 1000} s; recreating it (${this.recoveriesInARow} of ${MAX_WEBVIEW_RECOVERIES})`,
    );
    const column = panel.viewColumn ?? vscode.ViewColumn.Active;
    this.panel = undefined;
    this.panelDisposables.clear();
    // The new webview is created before the stuck one closes: one created right
    // after a close is what hits the host's service-worker wait in the first place.
    const replacement = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, t('Manage Plan'), column, this.webviewOptions());
    panel.dispose();
    this.attach(replacement);
    this.recovered.fire(this.recoveriesInARow);
  }

  /**
   * Test seam (src/testing/testSeams.ts): the next `count` webview loads get
   * the document without its script, so they never report ready, as a webview
   * held up by the host never does; the recovery is then observable.
   */
  stallNextLoads(count: number): void {
    this.stalledLoads = count;
  }

  private loadData(): void {
    void this.deps.account.refresh('panelOpen');
    if (this.deps.account.snapshot.signedIn) this.loadLists();
  }

  /** Usage is checked on every open (conditional: a 304 when nothing was counted). */
  private loadUsage(): void {
    if (this.deps.account.snapshot.signedIn) void this.usage?.load();
  }

  /** What the panel shows beside the summary; the status bar's checks never fetch these. */
  private loadLists(): void {
    void this.invoices.ensureLoaded();
    void this.cards.ensureLoaded();
    this.loadUsage();
  }

  /** Forgets everything fetched for the account shown so far. */
  private resetLists(): void {
    this.invoices.reset();
    this.payments.reset();
    this.cards.reset();
    this.details.close();
    this.plans.reset();
    this.usage?.reset();
    this.pendingShowPlans = undefined;
    this.pendingShowUsage = false;
    this.lastCardReply = undefined;
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.panel) return;
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  private postState(): void {
    this.post({
      type: 'state',
      state: toPanelViewState(this.deps.account.snapshot, {
        invoices: this.invoices.view,
        portal: this.portalView,
        paymentMethods: this.cards.view,
        invoiceDetails: this.details.view,
        payments: this.payments.view,
        plans: this.plans.view,
        usage: this.usage?.view,
      }),
    });
  }

  private onStoreChange(change: SnapshotChange): void {
    const { previous, current } = change;
    if (!current.signedIn) {
      if (previous.signedIn) {
        this.resetLists();
        this.clearPortal();
        this.lastSaveReply = undefined;
      }
    } else if (!previous.signedIn || previous.user?.id !== current.user?.id) {
      this.resetLists();
      this.clearPortal();
      if (this.panel) this.loadLists();
    } else if (change.accountChanged && this.panel) {
      // A payment or a renewal changes invoices and payments too; a new default card the card list.
      if (!this.invoices.view.loading) void this.invoices.reloadFirstPage();
      if (this.payments.isLoaded && !this.payments.view.loading) void this.payments.reloadFirstPage();
      void this.details.reload();
      void this.reloadCards();
    }
    // A plan change that waited for payment and was paid in the portal is applied now.
    if (current.signedIn && change.accountChanged) this.plans.accountChanged(current.account);
    // The watch's progress for this change updates the portal view before it is posted.
    this.portalWatch?.observe(change);
    this.postState();
  }

  private async reloadCards(): Promise<void> {
    await this.cards.reload();
    const before = this.cardsBefore;
    const after = this.cards.items;
    if (!before || !after) return;
    const confirmation = cardListConfirmation(before, after);
    if (!confirmation) return;
    this.cardsBefore = undefined;
    // A payment the new card made ("Payment received") says more than "card added".
    if (!this.portalView.confirmation) this.portalView = { waiting: false, flow: this.portalView.flow, confirmation };
    this.postState();
  }

  /** Turns the watch's progress into the panel's waiting notice and confirmation. */
  private followPortal(watch: PortalWatch, progress: PortalProgress): void {
    if (progress.kind === 'changed') {
      const { before } = watch;
      const { current } = progress;
      const confirmation = portalConfirmation(before, current, { cardList: this.cardsBefore !== undefined });
      // After a card flow, the card list (fetched for this change) says what happened when the summary doesn't.
      if (confirmation || !this.cardsBefore) {
        this.portalView = { waiting: false, flow: this.portalView.flow, confirmation: confirmation ?? genericPortalConfirmation() };
      }
      // A card saved for an overdue invoice is charged right after; poll once
      // more so the payment's outcome shows too, not just the new card.
      const stillBlocked = current.kind === 'pastDue' || current.kind === 'ended';
      if (stillBlocked && (before.kind === 'pastDue' || before.kind === 'ended') && !this.retriedPortalPoll) {
        this.retriedPortalPoll = true;
        watch.pollAgain();
      }
    } else if (this.portalView.waiting) {
      // The bounded poll ended with no change: stop saying we are waiting.
      this.portalView = { ...this.portalView, waiting: false };
    }
  }

  private stopFollowingPortal(): void {
    this.portalWatch?.dispose();
    this.portalWatch = undefined;
    this.cardsBefore = undefined;
  }

  private clearPortal(): void {
    this.portalView = IDLE_PORTAL;
    this.portalResets += 1;
    this.stopFollowingPortal();
  }

  /**
   * Validates and handles one message from the webview (the test accessor
   * feeds its messages through here too); false when it was dropped.
   */
  async handleMessage(raw: unknown): Promise<boolean> {
    const check = checkWebviewMessage(raw);
    if (!check.ok) return this.drop(check.reason, check.kind);
    const message = check.message;
    try {
      switch (message.type) {
        case 'ready':
          this.webviewReady = true;
          this.recoveriesInARow = 0;
          this.readyTimer.clear();
          this.postState();
          if (this.lastSaveReply) this.post(this.lastSaveReply);
          if (this.lastCardReply) this.post(this.lastCardReply);
          for (const invoiceId of this.downloading) this.post({ type: 'downloadProgress', invoiceId, status: 'started', message: null });
          if (this.pendingShowPlans) this.post({ type: 'showPlans', highlight: this.pendingShowPlans.highlight });
          this.pendingShowPlans = undefined;
          if (this.pendingShowUsage) this.post({ type: 'showUsage' });
          this.pendingShowUsage = false;
          break;
        case 'rendered':
          this.rendered.fire(message.hasData);
          break;
        case 'refresh':
          await this.deps.account.refresh('manual');
          // What failed to load is fetched again; the rest follows the account's changes.
          if (this.invoices.view.error) await this.invoices.loadMore();
          if (this.payments.view.error) await this.payments.loadMore();
          if (this.cards.view.error) await this.cards.reload();
          if (this.details.view.error && this.details.view.invoiceId) await this.openInvoice(this.details.view.invoiceId);
          break;
        case 'signIn':
          await this.deps.signIn();
          break;
        case 'openPortal': {
          const paymentMethodId = 'paymentMethodId' in message ? message.paymentMethodId : undefined;
          // Only a card of this account is edited: ids from the webview are checked against what was fetched.
          if (paymentMethodId !== undefined && !this.knownCard(paymentMethodId)) return this.drop('openPortal: not a saved card of this account');
          await this.openPortal(message.flow, paymentMethodId);
          break;
        }
        case 'loadMoreInvoices':
          await this.invoices.loadMore();
          break;
        case 'downloadInvoice':
          await this.download(message.invoiceId);
          break;
        case 'loadPaymentMethods':
          await this.cards.reload();
          break;
        case 'makeDefaultPaymentMethod':
          return await this.changeCard('makeDefault', message.paymentMethodId);
        case 'removePaymentMethod':
          return await this.changeCard('remove', message.paymentMethodId);
        case 'openInvoice':
          return await this.openInvoice(message.invoiceId);
        case 'closeDetails':
          this.details.close();
          break;
        case 'loadPayments':
          await this.payments.ensureLoaded();
          break;
        case 'loadMorePayments':
          await this.payments.loadMore();
          break;
        case 'saveBillingDetails':
          await this.saveBillingDetails(message.requestId, message.details);
          break;
        case 'dismissPortalNotice':
          // The poll keeps running (it is bounded): the user may still be in
          // the portal, and the panel should still update when they finish.
          if (!this.portalView.waiting) this.stopFollowingPortal();
          this.portalView = IDLE_PORTAL;
          this.postState();
          break;
        case 'loadPlans':
          await this.plans.loadCatalogue();
          break;
        case 'previewPlanChange':
          await this.plans.preview({ planId: message.planId, interval: message.interval });
          break;
        case 'confirmPlanChange':
          // Only the preview the host fetched and showed is applied.
          if (!(await this.plans.confirm(message.previewId))) return this.drop('confirmPlanChange: not the preview shown');
          break;
        case 'cancelSubscription':
          await this.plans.cancel(message.reason);
          break;
        case 'resumeSubscription':
          await this.plans.resume();
          break;
        case 'keepCurrentPlan':
          await this.plans.keep();
          break;
        case 'dismissPlanChange':
          this.plans.dismiss();
          break;
        case 'loadUsage':
          await this.usage?.load();
          break;
        case 'saveUsageSettings':
          await this.usage?.save(message.requestId, message.overageEnabled, message.spendCap);
          break;
        case 'exportUsageCsv':
          await this.usage?.exportCsv();
          break;
        case 'dismissUsageNotice':
          this.usage?.dismiss();
          break;
      }
    } catch (caught) {
      reportFailure(`Manage Plan: ${message.type}`, caught, this.deps);
    }
    return true;
  }

  /** Logs (once per kind) and reports a message that is not acted on; false, as handleMessage answers for it. */
  private drop(reason: string, kind = reason): false {
    this.dropped.fire(reason);
    this.dropLog.note(kind, reason);
    return false;
  }

  /** A card this panel listed for the account, or the summary's default card (before the list arrived). */
  private knownCard(paymentMethodId: string): PaymentMethod | undefined {
    const card = this.cards.find(paymentMethodId);
    if (card) return card;
    const summaryCard = this.deps.account.snapshot.account?.paymentMethod;
    return summaryCard?.id === paymentMethodId ? summaryCard : undefined;
  }

  /** An invoice this panel listed (history, payments, or the details shown). */
  private knownInvoice(invoiceId: string): boolean {
    return (
      this.invoices.find(invoiceId) !== undefined ||
      this.details.invoice(invoiceId) !== undefined ||
      this.payments.view.items.some((payment) => payment.invoiceId === invoiceId)
    );
  }

  private async openInvoice(invoiceId: string): Promise<boolean> {
    // A details view restored after a window reload asks before the history arrived.
    if (!this.knownInvoice(invoiceId) && !this.invoices.isLoaded) await this.invoices.ensureLoaded();
    if (!this.knownInvoice(invoiceId)) {
      // Refused without a request; the webview learns why so it does not wait for details forever.
      this.details.refuse(invoiceId, { kind: 'unknown', message: t('This invoice is no longer listed. Refresh and try again.') });
      return this.drop('openInvoice: not an invoice the panel listed');
    }
    await this.details.open(invoiceId);
    return true;
  }

  private async changeCard(action: PaymentMethodAction, paymentMethodId: string): Promise<boolean> {
    const card = this.cards.find(paymentMethodId);
    if (!card) return this.drop(`${action}: not a saved card of this account`);
    const confirm = action === 'remove' ? () => this.confirmRemoval(card) : undefined;
    const outcome = await this.cards.change(action, card, confirm);
    const reply: HostToWebviewMessage = {
      type: 'paymentMethodResult',
      action,
      paymentMethodId,
      status: outcome.status,
      message: outcome.status === 'failed' ? outcome.message : null,
    };
    // Only a failure must survive a reload: the list itself shows a change that worked.
    this.lastCardReply = outcome.status === 'failed' ? reply : undefined;
    this.post(reply);
    if (outcome.status === 'failed') this.deps.logger.warn(`Manage Plan: ${action} of a card failed: ${outcome.message}`);
    // The summary carries the default card (status bar, notifications): bring it up to date.
    if (outcome.status === 'done') void this.deps.account.refresh('manual');
    return true;
  }

  private async confirmRemoval(card: PaymentMethod): Promise<boolean> {
    const remove = t('Remove');
    const choice = await this.deps.prompter.show(
      'warning',
      t('Remove the {0} card ending {1}?', cardBrandName(t, card.brand), card.last4),
      {
        modal: true,
        detail: card.isDefault
          ? t('It is your default card: renewals are charged to it. Make another card the default first to choose which one is charged next.')
          : t('It will no longer be available for payments. You can add it again in the payment portal.'),
      },
      [remove],
    );
    return choice === remove;
  }

  private async openPortal(flow: PortalFlow, paymentMethodId?: string): Promise<void> {
    // A new flow replaces the one followed so far.
    this.stopFollowingPortal();
    this.retriedPortalPoll = false;
    const resets = this.portalResets;
    this.portalView = { waiting: true, flow, confirmation: null };
    this.postState();
    try {
      const result = await this.deps.portal.open(flow, { paymentMethodId });
      if (!result.opened) throw new Error(t("The payment portal couldn't be opened."));
      const { watch } = result;
      if (resets !== this.portalResets) {
        // Signed out (or in as someone else) while the portal opened.
        watch.dispose();
        return;
      }
      this.portalWatch = watch;
      if (flow === 'payment_method_add' || flow === 'payment_method_update') this.cardsBefore = this.cards.items;
      // Disposing the watch (stopFollowingPortal) drops this listener with it.
      watch.onDidProgress((progress) => this.followPortal(watch, progress));
    } catch (caught) {
      this.clearPortal();
      this.postState();
      throw caught;
    }
  }

  private async download(invoiceId: string): Promise<void> {
    if (this.downloading.has(invoiceId)) return;
    const invoice = this.invoices.find(invoiceId) ?? this.details.invoice(invoiceId);
    if (!invoice) {
      this.post({ type: 'downloadProgress', invoiceId, status: 'failed', message: t('This invoice is no longer listed. Refresh and try again.') });
      return;
    }
    try {
      const outcome = await downloadInvoice(invoice, {
        client: this.deps.client,
        prompter: this.deps.prompter,
        logger: this.deps.logger,
        onStarted: () => {
          this.downloading.add(invoiceId);
          this.post({ type: 'downloadProgress', invoiceId, status: 'started', message: null });
        },
      });
      this.post({ type: 'downloadProgress', invoiceId, status: outcome.status, message: outcome.status === 'failed' ? outcome.message : null });
    } finally {
      this.downloading.delete(invoiceId);
    }
  }

  private async saveBillingDetails(requestId: string, details: BillingDetailsInput): Promise<void> {
    // The webview's requestId doubles as the Idempotency-Key: a retried save changes nothing twice.
    const result = await saveBillingDetails(this.deps.client, this.deps.account, details, requestId);
    const reply: HostToWebviewMessage = result.ok
      ? { type: 'billingDetailsSaved', requestId, billingDetails: result.billingDetails }
      : { type: 'billingDetailsRejected', requestId, fieldErrors: result.fieldErrors, message: result.message };
    this.lastSaveReply = reply;
    this.post(reply);
  }
}
