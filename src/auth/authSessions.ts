/**
 * The OAuth session: tokens in secret storage only, access token renewal with
 * refresh-token rotation (single-flight, and aware of other windows rotating
 * the same token), clean sign-out with revocation. A session belongs to the
 * service that issued it: when planBilling.serviceUrl names another origin,
 * the session is revoked there and dropped, and its tokens never reach the
 * new origin. Free of VS Code.
 */
import { type User } from '../../shared/contract/account';
import { type TokenResponse } from '../../shared/contract/oauth';
import { type AccessTokenSource, type BoundToken } from '../api/apiClient';
import { ApiError, isApiError } from '../api/apiError';
import { originOf } from '../config/serviceUrl';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type Clock, SECOND } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { Emitter, type Event } from '../util/events';
import { type SecretStore, StorageKeys } from '../util/storage';
import { type OAuthClient } from './oauthClient';

export interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Ms since the epoch. */
  readonly accessTokenExpiresAt: number;
  readonly user: User;
  /** Stable id of this sign-in (the AuthenticationSession id). */
  readonly id: string;
  /** The service URL that issued the tokens; its origin is the only one they are sent to. */
  readonly serviceUrl: string;
}

/** Why a session ended: the user, the service (a rejected refresh, or a session stored without its service), or a changed service URL. */
export type SignOutReason = 'user' | 'expired' | 'serviceChanged';

/** Who is signed in, for the parts that only read the session (the account store). */
export interface SessionState {
  readonly current: StoredSession | undefined;
  /** Secret storage was read at least once. */
  readonly isLoaded: boolean;
  /** Reads the session from secret storage. */
  load(): Promise<StoredSession | undefined>;
}

/** A SessionState that also tells when the session appears, changes or disappears (the Accounts menu follows it). */
export interface SessionEvents extends SessionState {
  readonly onDidChange: Event<StoredSession | undefined>;
}

export interface AuthSessionsDeps {
  readonly secrets: SecretStore;
  /** The token endpoints: refresh (rotation) and revocation. */
  readonly oauth: Pick<OAuthClient, 'refreshTokens' | 'revoke'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The configured service's origin now; undefined when the setting is refused. */
  readonly serviceOrigin: () => string | undefined;
}

/** Renew the access token this long before it expires. */
const RENEW_MARGIN_MS = 60 * SECOND;

function isStoredSession(value: unknown): value is StoredSession {
  const v = value as Partial<StoredSession> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.accessTokenExpiresAt === 'number' &&
    typeof v.id === 'string' &&
    typeof v.user === 'object' &&
    v.user !== null &&
    typeof v.user.id === 'string' &&
    typeof v.user.email === 'string' &&
    typeof v.serviceUrl === 'string'
  );
}

/** A session stored before sessions recorded their service: its origin is unknown. */
function isUnboundSession(value: unknown): boolean {
  const v = value as Partial<StoredSession> | null;
  return typeof v === 'object' && v !== null && typeof v.refreshToken === 'string' && v.serviceUrl === undefined;
}

type StoredRead = { readonly session: StoredSession | undefined; readonly unbound: boolean };

const REVOKE_TIMEOUT_MS = 5000;

export class AuthSessions implements AccessTokenSource, SessionEvents {
  private session: StoredSession | undefined;
  private renewal: Promise<string> | undefined;
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<StoredSession | undefined>());
  private readonly signedOut = this.disposables.add(new Emitter<SignOutReason>());
  private loaded = false;

  /** Fires when the session appears, changes (rotation) or disappears. */
  readonly onDidChange: Event<StoredSession | undefined> = this.changed.event;
  /** Fires once per sign-out, with why. */
  readonly onDidSignOut: Event<SignOutReason> = this.signedOut.event;

  constructor(private readonly deps: AuthSessionsDeps) {}

  get current(): StoredSession | undefined {
    return this.session;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /**
   * Reads the session from secret storage (at activation, and when another
   * window changed it). A session of another service than the configured one,
   * or one that does not say which service issued it, is dropped instead.
   */
  async load(): Promise<StoredSession | undefined> {
    const before = this.session;
    const { session: stored, unbound } = await this.readStoredWithKind();
    this.session = stored;
    this.loaded = true;
    if (unbound) {
      // Stored by an earlier version: which origin issued these tokens is
      // unknown, so they are sent nowhere (not even to be revoked).
      this.deps.logger.warn('The stored session does not say which service issued it (an earlier version stored it); signing out');
      await this.deps.secrets.delete(StorageKeys.session);
      if (before) this.changed.fire(undefined);
      this.signedOut.fire('expired');
      return undefined;
    }
    if (stored && !this.issuedByCurrentService(stored)) {
      await this.dropForeign(stored, before !== undefined);
      return undefined;
    }
    if (before?.accessToken !== this.session?.accessToken || before?.id !== this.session?.id) this.changed.fire(this.session);
    return this.session;
  }

  /**
   * After planBilling.serviceUrl changed: a session issued by another origin
   * is revoked at its own service and dropped (onDidSignOut 'serviceChanged').
   */
  async checkService(): Promise<void> {
    const session = this.session;
    if (session && !this.issuedByCurrentService(session)) await this.dropForeign(session, true);
  }

  /** Stores a fresh sign-in (from the code exchange or the sandbox shortcut) for `user`, issued by `serviceUrl`. */
  async establish(tokens: TokenResponse, user: User, serviceUrl: string): Promise<StoredSession> {
    const session: StoredSession = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      accessTokenExpiresAt: this.deps.clock.now() + tokens.expires_in * 1000,
      user,
      id: `${user.id}:${this.deps.clock.now().toString(36)}`,
      serviceUrl,
    };
    await this.deps.secrets.store(StorageKeys.session, JSON.stringify(session));
    this.session = session;
    this.loaded = true;
    this.deps.logger.info(`Signed in as account ${user.id}`);
    this.changed.fire(session);
    return session;
  }

  async getAccessToken(signal?: AbortSignal): Promise<BoundToken> {
    const session = this.session ?? (this.loaded ? undefined : await this.load());
    if (!session) throw new ApiError('unauthorized', t('Not signed in.'));
    await this.requireCurrentService(session);
    const origin = this.originOfSession(session);
    if (session.accessTokenExpiresAt - this.deps.clock.now() > RENEW_MARGIN_MS) return { token: session.accessToken, origin };
    return { token: await this.renewAccessToken(session.accessToken, signal), origin };
  }

  /** Single-flight renewal; every caller waiting on a 401 shares one refresh request. */
  renewAccessToken(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.session && this.session.accessToken !== rejected && this.session.accessTokenExpiresAt - this.deps.clock.now() > RENEW_MARGIN_MS) {
      return Promise.resolve(this.session.accessToken);
    }
    this.renewal ??= this.renew(signal).finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  private async renew(signal?: AbortSignal): Promise<string> {
    // Another window may have rotated the refresh token already: use its result
    // instead of spending a refresh token that is no longer valid.
    const stored = await this.readStored();
    if (!stored) {
      await this.forget('expired');
      throw new ApiError('unauthorized', t('Not signed in.'));
    }
    await this.requireCurrentService(stored);
    if (stored.accessToken !== this.session?.accessToken && stored.accessTokenExpiresAt - this.deps.clock.now() > RENEW_MARGIN_MS) {
      this.session = stored;
      this.changed.fire(stored);
      return stored.accessToken;
    }
    try {
      const tokens = await this.deps.oauth.refreshTokens(stored.refreshToken, { signal, origin: this.originOfSession(stored) });
      const next: StoredSession = {
        ...stored,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        accessTokenExpiresAt: this.deps.clock.now() + tokens.expires_in * 1000,
      };
      await this.deps.secrets.store(StorageKeys.session, JSON.stringify(next));
      this.session = next;
      this.deps.logger.info('Access token renewed (refresh token rotated)');
      this.changed.fire(next);
      return next.accessToken;
    } catch (error) {
      if (isApiError(error) && error.kind === 'unauthorized') {
        const latest = await this.readStored();
        if (latest && latest.refreshToken !== stored.refreshToken && this.issuedByCurrentService(latest)) {
          // Lost a race with another window's rotation: adopt its session.
          this.session = latest;
          this.changed.fire(latest);
          return latest.accessToken;
        }
        this.deps.logger.warn(`Token refresh rejected (${error.details.oauthError ?? error.status ?? 'unauthorized'}); signing out`);
        await this.forget('expired');
      }
      throw error;
    }
  }

  /**
   * Signs out: revokes both tokens (best effort, bounded), then deletes the
   * session from secret storage. Callers clear the rest (account cache etc.)
   * from onDidSignOut.
   */
  async signOut(): Promise<void> {
    const session = this.session ?? (await this.readStored());
    if (session) await this.revoke(session);
    await this.forget('user');
  }

  /**
   * Another window signed out (src/auth/sessionMarker.ts): it revoked the
   * tokens already, so this window only forgets its copy.
   */
  async forgetSignedOutElsewhere(): Promise<void> {
    await this.forget('user');
  }

  /** Revokes both tokens at the service that issued them (best effort, bounded). */
  private async revoke(session: StoredSession): Promise<void> {
    const revoke = async (token: string, hint: 'access_token' | 'refresh_token') => {
      try {
        await this.deps.oauth.revoke(token, hint, { signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS), serviceUrl: session.serviceUrl });
      } catch (error) {
        this.deps.logger.warn(`Revoking the ${hint} failed (${isApiError(error) ? error.kind : String(error)}); it expires on its own`);
      }
    };
    await Promise.all([revoke(session.refreshToken, 'refresh_token'), revoke(session.accessToken, 'access_token')]);
  }

  private originOfSession(session: StoredSession): string {
    return originOf(session.serviceUrl) ?? session.serviceUrl;
  }

  private issuedByCurrentService(session: StoredSession): boolean {
    const current = this.deps.serviceOrigin();
    return current !== undefined && current === originOf(session.serviceUrl);
  }

  /** Throws (after dropping the session) when the configured service is not the one that issued `session`. */
  private async requireCurrentService(session: StoredSession): Promise<void> {
    if (this.issuedByCurrentService(session)) return;
    await this.dropForeign(session, this.session !== undefined);
    throw new ApiError('unauthorized', t('The billing service changed. Sign in again.'));
  }

  /**
   * The configured service is not the one that issued `session`: revoke its
   * tokens there (in the background: that service may be unreachable now) and
   * forget them. Nothing of it is sent to the configured service.
   */
  private async dropForeign(session: StoredSession, wasCurrent: boolean): Promise<void> {
    this.deps.logger.warn(`The billing service changed; signing out of ${this.originOfSession(session)} (its tokens are not sent to the new service)`);
    void this.revoke(session);
    this.session = undefined;
    this.loaded = true;
    await this.deps.secrets.delete(StorageKeys.session);
    if (wasCurrent) this.changed.fire(undefined);
    this.signedOut.fire('serviceChanged');
  }

  private async forget(reason: SignOutReason): Promise<void> {
    const had = this.session !== undefined;
    this.session = undefined;
    this.loaded = true;
    await this.deps.secrets.delete(StorageKeys.session);
    if (had) {
      this.deps.logger.info(reason === 'expired' ? 'Session expired; signed out' : 'Signed out');
      this.changed.fire(undefined);
      this.signedOut.fire(reason);
    }
  }

  private async readStored(): Promise<StoredSession | undefined> {
    return (await this.readStoredWithKind()).session;
  }

  private async readStoredWithKind(): Promise<StoredRead> {
    const raw = await this.deps.secrets.get(StorageKeys.session);
    if (!raw) return { session: undefined, unbound: false };
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isStoredSession(parsed)) return { session: parsed, unbound: false };
      if (isUnboundSession(parsed)) return { session: undefined, unbound: true };
    } catch {
      // Fall through: an unreadable session is treated as none.
    }
    this.deps.logger.warn('Stored session is unreadable; ignoring it');
    return { session: undefined, unbound: false };
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
