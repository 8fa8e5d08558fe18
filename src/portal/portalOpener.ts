/**
 * Opens a hosted portal flow (journey 3 of docs/journeys.md): asks the service for a short-lived
 * session, checks its origin, opens it with openExternal (never logging or
 * caching the URL), then hands back a watch that follows the store's bounded
 * poll.
 */
import * as vscode from 'vscode';
import { type PortalFlow } from '../../shared/contract/portal';
import { type AccountView } from '../account/accountInterfaces';
import { type ApiClient } from '../api/apiClient';
import { ApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type SwitchableExternalOpener } from '../ui/externalOpener';
import { EXTENSION_ID, UriPaths } from '../../shared/productIdentity';
import { isAllowedPortalUrl } from './portalUrl';
import { type PortalWatch, type PortalWatcher } from './portalWatcher';

export interface PortalOpenerDeps {
  readonly client: Pick<ApiClient, 'createPortalSession'>;
  readonly account: AccountView;
  readonly watcher: PortalWatcher;
  readonly logger: Logger;
  readonly serviceUrl: () => string;
  readonly external: Pick<SwitchableExternalOpener, 'open'>;
}

export type PortalOpenResult =
  /** The browser could not be asked to open the portal. */
  | { readonly opened: false }
  /** The browser was asked to open the portal; `watch` follows the account until disposed. */
  | { readonly opened: true; readonly watch: PortalWatch };

export class PortalOpener {
  constructor(private readonly deps: PortalOpenerDeps) {}

  /** `paymentMethodId`: the saved card a payment_method_update edits (the caller checked it is the account's). */
  async open(flow: PortalFlow, options: { signal?: AbortSignal; paymentMethodId?: string } = {}): Promise<PortalOpenResult> {
    const before = this.deps.account.snapshot;
    if (!before.signedIn) throw new ApiError('unauthorized', t('Sign in first.'));
    const returnUri = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}${UriPaths.portalReturn}`));
    const session = await this.deps.client.createPortalSession(flow, returnUri.toString(true), options);
    const opened = await this.openChecked(session.url);
    if (!opened) return { opened: false };
    this.deps.logger.info(`Opened the portal (${flow}); polling for the account to change`);
    return { opened: true, watch: this.deps.watcher.watch(before) };
  }

  /**
   * The only way a URL from the service reaches openExternal: refused (false)
   * unless its origin is the configured service's (https, or http on loopback).
   */
  async openChecked(url: string): Promise<boolean> {
    if (!isAllowedPortalUrl(url, this.deps.serviceUrl())) {
      this.deps.logger.error('Refused to open a portal URL whose origin is not the billing service');
      return false;
    }
    return this.deps.external.open(url);
  }
}
