/**
 * OAuth 2.0 authorization code + PKCE (S256) with rotating refresh tokens.
 * Every code and token is stored as a SHA-256 hash. Token families: the tokens
 * descending from one authorization share a family; replaying a rotated
 * refresh token (or a used code) revokes the whole family (RFC 6819 5.2.2.3,
 * RFC 9700 4.14.2) — except within a short grace after its rotation
 * (SANDBOX_REFRESH_REUSE_GRACE), when it gets a fresh pair of the same family:
 * two windows renewing the same token at once must not sign the user out.
 * Lifetimes run on the real clock.
 */
import type { TokenResponse } from '../../shared/contract/oauth';
import type { SandboxConfig } from '../config';
import type { Repository } from '../billing/repository';
import { newId } from '../billing/ids';
import type { AccountVersions } from '../db/accountVersionRecords';
import type { TokenRow } from '../db/oauthRecords';
import { hashSecret, newSecret, pkceS256Matches } from './secrets';

export type OAuthErrorCode = 'invalid_request' | 'invalid_grant' | 'invalid_client' | 'unsupported_grant_type';

export class OAuthFailure extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

export type AuthResult = { readonly userId: string; readonly tokenHash: string; readonly versions: AccountVersions } | { readonly error: string };

/** An access token found valid, and the account's auth_version then (any later sign-in change bumps it). */
interface KnownAccess {
  readonly userId: string;
  readonly expiresAt: number;
  readonly authVersion: number;
}

/** Access tokens remembered at most (the oldest go first); each is about 200 bytes. */
const MAX_KNOWN_ACCESS_TOKENS = 10_000;

export class OAuthService {
  /**
   * Valid access tokens by hash, so a /v1 request needs the account's counters (which the 304
   * fast path needs anyway; db/accountVersionRecords.ts) instead of the token and family rows. An
   * entry counts only while the account's auth_version is the one it was found valid at: every
   * revocation, sign-out, rotation and new sign-in writes the sign-in tables, whose triggers bump
   * it, so a token revoked through this process fails on its next request (through another
   * connection to the database, once that is noticed: within OTHER_CONNECTIONS_CHECK_MS).
   */
  private readonly known = new Map<string, KnownAccess>();

  constructor(
    private readonly repo: Repository,
    private readonly config: SandboxConfig,
    private readonly now: () => number = Date.now,
  ) {}

  issueCode(userId: string, clientId: string, redirectUri: string, codeChallenge: string): string {
    const code = newSecret('pbc');
    this.repo.oauth.insertCode({
      hash: hashSecret(code),
      user_id: userId,
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: codeChallenge,
      expires_at: this.now() + this.config.authCodeTtlSeconds * 1000,
    });
    return code;
  }

  exchangeCode(code: string, clientId: string, redirectUri: string, verifier: string): TokenResponse {
    return this.commitThenThrow(() => {
      const row = this.repo.oauth.codeByHash(hashSecret(code));
      if (!row) throw new OAuthFailure('invalid_grant', 'The authorization code is not valid.');
      if (row.used_at !== null) {
        // A replayed code: revoke what it produced (RFC 6749 section 4.1.2).
        if (row.family_id) this.revokeFamily(row.family_id);
        throw new OAuthFailure('invalid_grant', 'The authorization code was already used.');
      }
      if (row.expires_at <= this.now()) throw new OAuthFailure('invalid_grant', 'The authorization code has expired. Sign in again.');
      if (row.client_id !== clientId) throw new OAuthFailure('invalid_grant', 'The authorization code was issued to another client.');
      if (row.redirect_uri !== redirectUri) throw new OAuthFailure('invalid_grant', 'redirect_uri does not match the one used to obtain the code.');
      if (!pkceS256Matches(verifier, row.code_challenge)) throw new OAuthFailure('invalid_grant', 'PKCE verification failed: code_verifier does not match code_challenge.');
      const familyId = this.newFamily(row.user_id);
      this.repo.oauth.markCodeUsed(row.hash, this.now(), familyId);
      return this.issueTokens(row.user_id, familyId);
    });
  }

  refresh(refreshToken: string): TokenResponse {
    return this.commitThenThrow(() => {
      const row = this.tokenRow(refreshToken);
      if (!row || row.kind !== 'refresh') throw new OAuthFailure('invalid_grant', 'The refresh token is not valid.');
      if (row.revoked_at !== null || this.familyRevoked(row.family_id)) throw new OAuthFailure('invalid_grant', 'The refresh token was revoked. Sign in again.');
      if (row.used_at !== null) {
        // The grace runs from the rotation, not from the last reuse, so presenting the token again does not extend it.
        if (this.now() - row.used_at > this.config.refreshReuseGraceSeconds * 1000) {
          this.revokeFamily(row.family_id);
          throw new OAuthFailure('invalid_grant', 'The refresh token was already used; every token of this sign-in is revoked. Sign in again.');
        }
      }
      if (row.expires_at <= this.now()) throw new OAuthFailure('invalid_grant', 'The refresh token has expired. Sign in again.');
      if (row.used_at === null) this.repo.oauth.markTokenUsed(row.hash, this.now());
      return this.issueTokens(row.user_id, row.family_id);
    });
  }

  /**
   * Runs `fn` in a transaction that commits even when `fn` fails with an
   * OAuthFailure, so a revocation triggered by a replay sticks; the failure is
   * rethrown after the commit.
   */
  private commitThenThrow(fn: () => TokenResponse): TokenResponse {
    const outcome = this.repo.transaction((): TokenResponse | OAuthFailure => {
      try {
        return fn();
      } catch (error) {
        if (error instanceof OAuthFailure) return error;
        throw error;
      }
    });
    if (outcome instanceof OAuthFailure) throw outcome;
    return outcome;
  }

  /** RFC 7009: revoking a refresh token ends its whole family; an access token ends alone. Unknown tokens are ignored. */
  revoke(token: string): void {
    const row = this.tokenRow(token);
    if (!row) return;
    if (row.kind === 'refresh') this.revokeFamily(row.family_id);
    else this.repo.oauth.revokeToken(row.hash, this.now());
  }

  /** Tokens for a user without the browser (POST /sandbox/sessions). */
  createSession(userId: string): TokenResponse {
    return this.repo.transaction(() => this.issueTokens(userId, this.newFamily(userId)));
  }

  authenticate(accessToken: string): AuthResult {
    const hash = hashSecret(accessToken);
    const known = this.known.get(hash);
    if (known) {
      const versions = this.repo.versions.of(known.userId);
      if (versions.authVersion === known.authVersion && known.expiresAt > this.now()) return { userId: known.userId, tokenHash: hash, versions };
      this.known.delete(hash);
    }
    // One snapshot: a revocation committed after it shows as a newer auth_version than the one remembered.
    return this.repo.transaction((): AuthResult => {
      const row = this.repo.oauth.tokenByHash(hash);
      if (!row || row.kind !== 'access') return { error: 'The access token is not valid.' };
      if (row.revoked_at !== null || this.familyRevoked(row.family_id)) return { error: 'The access token was revoked.' };
      if (row.expires_at <= this.now()) return { error: 'The access token has expired.' };
      const versions = this.repo.versions.read(row.user_id);
      this.remember(hash, { userId: row.user_id, expiresAt: row.expires_at, authVersion: versions.authVersion });
      return { userId: row.user_id, tokenHash: row.hash, versions };
    });
  }

  private remember(hash: string, access: KnownAccess): void {
    if (this.known.size >= MAX_KNOWN_ACCESS_TOKENS) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(hash, access);
  }

  private tokenRow(token: string): TokenRow | undefined {
    return this.repo.oauth.tokenByHash(hashSecret(token));
  }

  private familyRevoked(familyId: string): boolean {
    // An unknown family counts as revoked.
    return this.repo.oauth.familyRevokedAt(familyId) !== null;
  }

  private newFamily(userId: string): string {
    const id = newId('fam');
    this.repo.oauth.insertFamily(id, userId, this.now());
    return id;
  }

  private revokeFamily(familyId: string): void {
    this.repo.oauth.revokeFamily(familyId, this.now());
  }

  private issueTokens(userId: string, familyId: string): TokenResponse {
    const now = this.now();
    const access = newSecret('pba');
    const refresh = newSecret('pbr');
    const common = { family_id: familyId, user_id: userId, created_at: now };
    this.repo.oauth.insertToken({ ...common, hash: hashSecret(access), kind: 'access', expires_at: now + this.config.accessTokenTtlSeconds * 1000 });
    this.repo.oauth.insertToken({ ...common, hash: hashSecret(refresh), kind: 'refresh', expires_at: now + this.config.refreshTokenTtlSeconds * 1000 });
    return { access_token: access, token_type: 'Bearer', expires_in: this.config.accessTokenTtlSeconds, refresh_token: refresh };
  }
}
