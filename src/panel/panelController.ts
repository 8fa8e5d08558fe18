/**
 * The Manage Plan panel in the extension host (journeys 2, 3, 5, 6, 9, 10 of docs/journeys.md).
 * One panel at most: the command reveals it when it exists. The webview only
 * renders what it is posted and posts intents back; this controller does all
 * fetching, validates every message it receives, and keeps the few facts a
 * reloaded webview must be told again (its last save reply, running
 * downloads) for a webview that is recreated or revived after a reload.
 */
import * as vscode from 'vscode';
import { type BillingDetailsInput } from '../../shared/contract/billingDetails';
import { type PortalFlow } from '../../shared/contract/portal';
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
import { downloadInvoice } from './invoiceDownload';
import { InvoiceHistory } from './invoiceHistory';
import { checkWebviewMessage } from './panelMessages';
import { createNonce, panelHtml } from './panelHtml';
import { portalConfirmation } from './portalConfirmation';
import { type HostToWebviewMessage, type PortalView } from '../../shared/panelProtocol';
import { PANEL_VIEW_TYPE } from '../../shared/productIdentity';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly account: AccountView & AccountRefresher;
  readonly client: Pick<ApiClient, 'listInvoices' | 'downloadInvoicePdf' | 'saveBillingDetails'>;
  readonly portal: Pick<PortalOpener, 'open'>;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly signIn: () => Promise<unknown>;
}

/**
 * A visible webview that has not said `ready` by then is taken for one that
 * will never load (in code-server a webview created right after another one
 * closed sometimes waits forever for its service worker) and is recreated.
 */
export const WEBVIEW_READY_TIMEOUT_MS = 8_000;
/** Recreations in a row before giving up (the user can still close and reopen it). */
export const MAX_WEBVIEW_RECOVERIES = 2;

export class ManagePlanPanel implements PanelOpener, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private panel: vscode.WebviewPanel | undefined;
  /** What lives as long as the current panel. */
  private readonly panelDisposables = this.disposables.add(new DisposableStore());
  private readonly invoices: InvoiceHistory;
  private portalView: PortalView = IDLE_PORTAL;
  /** The portal flow followed, while its outcome is awaited or shown. */
  private portalWatch: PortalWatch | undefined;
  /** Counts clearPortal() calls, so a portal that finishes opening after one is not followed. */
  private portalResets = 0;
  private retriedPortalPoll = false;
  /** The last billing-details reply; re-posted after a reload in case the webview never saw it. */
  private lastSaveReply: HostToWebviewMessage | undefined;
  private readonly downloading = new Set<string>();
  private readonly rendered = this.disposables.add(new vscode.EventEmitter<boolean>());
  private readonly posted = this.disposables.add(new vscode.EventEmitter<HostToWebviewMessage>());
  private readonly dropped = this.disposables.add(new vscode.EventEmitter<string>());
  private readonly recovered = this.disposables.add(new vscode.EventEmitter<number>());
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
    this.invoices = new InvoiceHistory({ client: deps.client, onChange: () => this.postState() });
    this.disposables.add(deps.account.onDidChange((change) => this.onStoreChange(change)));
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
    // Only the built webview assets are loadable; no command URIs. The
    // webview is kept while its tab is hidden: a half-typed billing form
    // survives a glance at another tab, and in web hosts (code-server) a
    // webview recreated on reveal can wait many seconds for the service
    // worker its predecessor left busy (docs/architecture.md, "Panel lifetime").
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: true,
      localResourceRoots: [this.assetsRoot()],
    };
  }

  private assetsRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.assetsRoot(), ...path)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('main.js'),
      styleUris: [asset('main.css')],
      codiconsUri: asset('codicons', 'codicon.css'),
      bootstrap: { locale: vscode.env.language, l10n: vscode.l10n.bundle ?? {} },
      title: t('Manage Plan'),
    });
    this.panelDisposables.add(webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(raw)));
    this.panelDisposables.add(
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.readyTimer.clear();
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
    panel.dispose();
    this.attach(vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, t('Manage Plan'), column, this.webviewOptions()));
    this.recovered.fire(this.recoveriesInARow);
  }

  private loadData(): void {
    void this.deps.account.refresh('panelOpen');
    if (this.deps.account.snapshot.signedIn) void this.invoices.ensureLoaded();
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.panel) return;
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  private postState(): void {
    this.post({ type: 'state', state: toPanelViewState(this.deps.account.snapshot, this.invoices.view, this.portalView) });
  }

  private onStoreChange(change: SnapshotChange): void {
    const { previous, current } = change;
    if (!current.signedIn) {
      if (previous.signedIn) {
        this.invoices.reset();
        this.clearPortal();
        this.lastSaveReply = undefined;
      }
    } else if (!previous.signedIn || previous.user?.id !== current.user?.id) {
      this.invoices.reset();
      this.clearPortal();
      if (this.panel) void this.invoices.ensureLoaded();
    } else if (change.accountChanged && this.panel && !this.invoices.view.loading) {
      // A payment or a renewal changes invoices too.
      void this.invoices.reloadFirstPage();
    }
    // The watch's progress for this change updates the portal view before it is posted.
    this.portalWatch?.observe(change);
    this.postState();
  }

  /** Turns the watch's progress into the panel's waiting notice and confirmation. */
  private followPortal(watch: PortalWatch, progress: PortalProgress): void {
    if (progress.kind === 'changed') {
      const { before } = watch;
      const { current } = progress;
      this.portalView = { waiting: false, flow: this.portalView.flow, confirmation: portalConfirmation(before, current) };
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
    if (!check.ok) {
      this.dropped.fire(check.reason);
      this.deps.logger.warn(`Dropped a message from the Manage Plan webview (${check.reason})`);
      return false;
    }
    const message = check.message;
    try {
      switch (message.type) {
        case 'ready':
          this.webviewReady = true;
          this.recoveriesInARow = 0;
          this.readyTimer.clear();
          this.postState();
          if (this.lastSaveReply) this.post(this.lastSaveReply);
          for (const invoiceId of this.downloading) this.post({ type: 'downloadProgress', invoiceId, status: 'started', message: null });
          break;
        case 'rendered':
          this.rendered.fire(message.hasData);
          break;
        case 'refresh':
          await this.deps.account.refresh('manual');
          if (this.invoices.view.error) await this.invoices.loadMore();
          break;
        case 'signIn':
          await this.deps.signIn();
          break;
        case 'openPortal':
          await this.openPortal(message.flow);
          break;
        case 'loadMoreInvoices':
          await this.invoices.loadMore();
          break;
        case 'downloadInvoice':
          await this.download(message.invoiceId);
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
      }
    } catch (caught) {
      reportFailure(`Manage Plan: ${message.type}`, caught, this.deps);
    }
    return true;
  }

  private async openPortal(flow: PortalFlow): Promise<void> {
    // A new flow replaces the one followed so far.
    this.stopFollowingPortal();
    this.retriedPortalPoll = false;
    const resets = this.portalResets;
    this.portalView = { waiting: true, flow, confirmation: null };
    this.postState();
    try {
      const result = await this.deps.portal.open(flow);
      if (!result.opened) throw new Error(t("The payment portal couldn't be opened."));
      const { watch } = result;
      if (resets !== this.portalResets) {
        // Signed out (or in as someone else) while the portal opened.
        watch.dispose();
        return;
      }
      this.portalWatch = watch;
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
    const invoice = this.invoices.find(invoiceId);
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
