/**
 * Opens a hosted portal flow (journey 3): asks the service for a short-lived
 * session, checks its origin, opens it with openExternal (never logging or
 * caching the URL), then starts the store's bounded poll.
 */
import * as vscode from 'vscode';
import { type PortalFlow } from '../../shared/contract/portal';
import { type ApiClient } from '../api/apiClient';
import { ApiError } from '../api/apiError';
import { type AccountView, type PortalPollControl } from '../account/accountInterfaces';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type SwitchableExternalOpener } from '../ui/externalOpener';
import { EXTENSION_ID, UriPaths } from '../../shared/productIdentity';
import { isAllowedPortalUrl } from './portalUrl';

export interface PortalOpenResult {
  /** The browser was asked to open the portal. */
  readonly opened: boolean;
  /**
   * Resolves true as soon as a verified refresh shows the account changed,
   * false when the bounded poll ended (about 10 minutes) without a change.
   */
  readonly accountChanged: Promise<boolean>;
}

export class PortalOpener {
  constructor(
    private readonly client: ApiClient,
    private readonly store: AccountView & PortalPollControl,
    private readonly logger: Logger,
    private readonly serviceUrl: () => string,
    private readonly external: SwitchableExternalOpener,
  ) {}

  async open(flow: PortalFlow, signal?: AbortSignal): Promise<PortalOpenResult> {
    if (!this.store.snapshot.signedIn) throw new ApiError('unauthorized', t('Sign in first.'));
    const returnUri = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}${UriPaths.portalReturn}`));
    const session = await this.client.createPortalSession(flow, returnUri.toString(true), { signal });
    const opened = await this.openChecked(session.url);
    if (!opened) return { opened: false, accountChanged: Promise.resolve(false) };
    this.logger.info(`Opened the portal (${flow}); polling for the account to change`);
    const accountChanged = this.watchForChange();
    this.store.startPortalPoll();
    return { opened: true, accountChanged };
  }

  /**
   * The only way a URL from the service reaches openExternal: refused (false)
   * unless its origin is the configured service's (https, or http on loopback).
   */
  async openChecked(url: string): Promise<boolean> {
    if (!isAllowedPortalUrl(url, this.serviceUrl())) {
      this.logger.error('Refused to open a portal URL whose origin is not the billing service');
      return false;
    }
    return this.external.open(url);
  }

  private watchForChange(): Promise<boolean> {
    return new Promise((resolve) => {
      let sawPoll = false;
      const subscription = this.store.onDidChange((change) => {
        if (change.accountChanged) {
          subscription.dispose();
          resolve(true);
          return;
        }
        if (change.current.portalPolling) sawPoll = true;
        else if (sawPoll || !change.current.signedIn) {
          subscription.dispose();
          resolve(false);
        }
      });
    });
  }
}
