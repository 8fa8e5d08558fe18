/**
 * The OAuth session: tokens in secret storage only, access token renewal with
 * refresh-token rotation (single-flight, and aware of other windows rotating
 * the same token), clean sign-out with revocation. Free of VS Code.
 */
import { type User } from '../../shared/contract/account';
import { type TokenResponse } from '../../shared/contract/oauth';
import { type AccessTokenSource } from '../api/apiClient';
import { ApiError, isApiError } from '../api/apiError';
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
}

export type SignOutReason = 'user' | 'expired';

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
    typeof v.user.email === 'string'
  );
}

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

  /** Reads the session from secret storage (at activation, and when another window changed it). */
  async load(): Promise<StoredSession | undefined> {
    const before = this.session;
    this.session = await this.readStored();
    this.loaded = true;
    if (before?.accessToken !== this.session?.accessToken || before?.id !== this.session?.id) this.changed.fire(this.session);
    return this.session;
  }

  /** Stores a fresh sign-in (from the code exchange or the sandbox shortcut) for `user`. */
  async establish(tokens: TokenResponse, user: User): Promise<StoredSession> {
    const session: StoredSession = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      accessTokenExpiresAt: this.deps.clock.now() + tokens.expires_in * 1000,
      user,
      id: `${user.id}:${this.deps.clock.now().toString(36)}`,
    };
    await this.deps.secrets.store(StorageKeys.session, JSON.stringify(session));
    this.session = session;
    this.loaded = true;
    this.deps.logger.info(`Signed in as account ${user.id}`);
    this.changed.fire(session);
    return session;
  }

  async getAccessToken(signal?: AbortSignal): Promise<string> {
    const session = this.session ?? (this.loaded ? undefined : await this.load());
    if (!session) throw new ApiError('unauthorized', t('Not signed in.'));
    if (session.accessTokenExpiresAt - this.deps.clock.now() > RENEW_MARGIN_MS) return session.accessToken;
    return this.renewAccessToken(session.accessToken, signal);
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
    if (stored.accessToken !== this.session?.accessToken && stored.accessTokenExpiresAt - this.deps.clock.now() > RENEW_MARGIN_MS) {
      this.session = stored;
      this.changed.fire(stored);
      return stored.accessToken;
    }
    try {
      const tokens = await this.deps.oauth.refreshTokens(stored.refreshToken, { signal });
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
        if (latest && latest.refreshToken !== stored.refreshToken) {
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
    if (session) {
      const revoke = async (token: string, hint: 'access_token' | 'refresh_token') => {
        try {
          await this.deps.oauth.revoke(token, hint, { signal: AbortSignal.timeout(5000) });
        } catch (error) {
          this.deps.logger.warn(`Revoking the ${hint} failed (${isApiError(error) ? error.kind : String(error)}); it expires on its own`);
        }
      };
      await Promise.all([revoke(session.refreshToken, 'refresh_token'), revoke(session.accessToken, 'access_token')]);
    }
    await this.forget('user');
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
    const raw = await this.deps.secrets.get(StorageKeys.session);
    if (!raw) return undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isStoredSession(parsed)) return parsed;
    } catch {
      // Fall through: an unreadable session is treated as none.
    }
    this.deps.logger.warn('Stored session is unreadable; ignoring it');
    return undefined;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
