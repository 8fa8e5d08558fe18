/**
 * Browser sign-in (journey 1 of docs/journeys.md): authorization code + PKCE S256 + state, the
 * answer coming back through the extension's URI handler — or, where that
 * cannot reach the editor, the one-time code the sign-in page shows, pasted
 * into an input box.
 */
import * as vscode from 'vscode';
import { type ApiClient } from '../api/apiClient';
import { ApiError } from '../api/apiError';
import { originOf } from '../config/serviceUrl';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type SwitchableExternalOpener } from '../ui/externalOpener';
import { type Prompter } from '../ui/prompter';
import { EXTENSION_ID, UriPaths } from '../../shared/productIdentity';
import { type AuthSessions, type StoredSession } from './authSessions';
import { type OAuthClient } from './oauthClient';
import { buildAuthorizeUrl, callbackMatches, type CallbackResult, createPkcePair, createState, parseCallbackQuery, parsePastedCode } from './oauth';

/** How long a sign-in waits for the browser before giving up. */
const SIGN_IN_TIMEOUT_MS = 10 * 60 * 1000;
/** When the paste-the-code offer appears. */
const PASTE_OFFER_DELAY_MS = 4000;

export interface BrowserSignInDeps {
  /** Exchanges the authorization code for tokens. */
  readonly oauth: Pick<OAuthClient, 'exchangeCode'>;
  /** Learns whom fresh tokens belong to. */
  readonly client: Pick<ApiClient, 'getAccount'>;
  readonly sessions: Pick<AuthSessions, 'establish'>;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly serviceUrl: () => string;
  readonly external: Pick<SwitchableExternalOpener, 'open'>;
}

export class BrowserSignIn {
  private pending: { state: string; deliver: (result: CallbackResult) => void } | undefined;

  constructor(private readonly deps: BrowserSignInDeps) {}

  /**
   * The URI handler passes /auth-callback here. Only an answer carrying this
   * sign-in's exact state is delivered — an error reply as much as a code —
   * so another page cannot cancel the sign-in or show its own text. Returns
   * false when it was ignored (logged, without the query).
   */
  handleCallback(uri: vscode.Uri): boolean {
    if (!this.pending) {
      this.deps.logger.warn('Sign-in callback arrived but no sign-in is in progress; ignored');
      return false;
    }
    const result = parseCallbackQuery(uri.query);
    if (!callbackMatches(result, this.pending.state)) {
      const what = result.ok ? 'a code' : 'an error';
      this.deps.logger.warn(`Ignored a sign-in callback with ${what} and ${result.state === undefined ? 'no state' : 'a state that is not this sign-in\'s'}; still waiting`);
      return false;
    }
    this.pending.deliver(result);
    return true;
  }

  /**
   * Runs the whole flow; resolves with the stored session, rejects with
   * ApiError('cancelled') or another error. The sign-in belongs to the service
   * it started with: the code and the tokens go only there.
   */
  async signIn(): Promise<StoredSession> {
    // Throws for a refused service URL before anything is opened.
    const service = this.deps.serviceUrl();
    const pkce = createPkcePair();
    const state = createState();
    const callback = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}${UriPaths.authCallback}`));
    const redirectUri = callback.toString(true);
    const authorizeUrl = buildAuthorizeUrl(service, { redirectUri, challenge: pkce.challenge, state });
    this.deps.logger.info('Starting browser sign-in');

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Waiting for sign-in in your browser…'), cancellable: true },
      async (_progress, token) => {
        const cancel = new AbortController();
        token.onCancellationRequested(() => cancel.abort());
        const answer = new Promise<CallbackResult>((resolve) => {
          this.pending = { state, deliver: resolve };
        });
        const opened = await this.deps.external.open(authorizeUrl);
        if (!opened) this.deps.logger.warn('The browser could not be opened for sign-in; offering the paste-the-code fallback');
        const timeout = new Promise<CallbackResult>((resolve) => {
          const timer = setTimeout(() => resolve({ ok: false, error: t('Sign-in timed out.') }), SIGN_IN_TIMEOUT_MS);
          cancel.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve({ ok: false, error: 'cancelled' });
          });
        });
        const pasted = this.offerPaste(opened ? PASTE_OFFER_DELAY_MS : 0, cancel.signal);
        try {
          return await Promise.race([answer, timeout, pasted]);
        } finally {
          this.pending = undefined;
          cancel.abort();
        }
      },
    );
    // Callbacks were checked on arrival; a pasted callback URL is checked here, before its error text is shown.
    if (result.state !== undefined && result.state !== state) {
      this.deps.logger.warn('Sign-in answer carried a foreign state; rejected');
      throw new ApiError('unauthorized', t('The sign-in answer did not match this sign-in. Try again.'));
    }
    if (!result.ok) {
      if (result.error === 'cancelled') throw new ApiError('cancelled', t('Sign-in was cancelled.'));
      throw new ApiError('unauthorized', t('Sign-in did not complete: {0}', result.error));
    }
    const tokens = await this.deps.oauth.exchangeCode(result.code, redirectUri, pkce.verifier, { origin: originOf(service) ?? service });
    return this.completeWithTokens(tokens, service);
  }

  /**
   * Stores tokens obtained by any sign-in path from `service` (default: the
   * configured one), after learning who they belong to.
   */
  async completeWithTokens(tokens: { access_token: string; refresh_token: string; expires_in: number; token_type: 'Bearer' }, service = this.deps.serviceUrl()): Promise<StoredSession> {
    const account = await this.deps.client.getAccount({ accessToken: { token: tokens.access_token, origin: originOf(service) ?? service } });
    if (account.notModified) throw new ApiError('invalidResponse', t('The billing service did not return the account.'));
    return this.deps.sessions.establish(tokens, account.body.user, service);
  }

  /** After a delay, offers to paste the code; resolves only when the user pasted a code. */
  private offerPaste(delayMs: number, signal: AbortSignal): Promise<CallbackResult> {
    return new Promise<CallbackResult>((resolve) => {
      const timer = setTimeout(async () => {
        if (signal.aborted) return;
        const pasteCode = t('Paste Code');
        const choice = await this.deps.prompter.show('info', t("Didn't return to the editor? Paste the code shown on the sign-in page."), {}, [pasteCode]);
        if (choice !== pasteCode || signal.aborted) return;
        const text = await this.deps.prompter.input({
          title: t('Plan & Billing: Sign In'),
          prompt: t('Paste the one-time code shown on the sign-in page'),
          ignoreFocusOut: true,
          password: true,
          validateInput: (value) => {
            const parsed = parsePastedCode(value);
            return parsed.ok ? undefined : parsed.error;
          },
        });
        if (text === undefined || signal.aborted) return;
        resolve(parsePastedCode(text));
      }, delayMs);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });
  }
}
