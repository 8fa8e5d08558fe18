/**
 * The sign-in tables: authorization codes, token families and tokens. Codes
 * and tokens are looked up by their SHA-256 hash only; the secrets themselves
 * never reach the database (auth/oauthService.ts hashes them).
 */
import type { Statements } from './database';

export interface CodeRow {
  hash: string;
  user_id: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  expires_at: number;
  used_at: number | null;
  family_id: string | null;
}

export interface TokenRow {
  hash: string;
  family_id: string;
  user_id: string;
  kind: 'access' | 'refresh';
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export class OAuthRecords {
  constructor(private readonly stmt: Statements) {}

  // Codes --------------------------------------------------------------------

  insertCode(row: Omit<CodeRow, 'used_at' | 'family_id'>): void {
    this.stmt(
      `INSERT INTO oauth_codes (hash, user_id, client_id, redirect_uri, code_challenge, expires_at)
       VALUES (@hash, @user_id, @client_id, @redirect_uri, @code_challenge, @expires_at)`,
    ).run(row);
  }

  codeByHash(hash: string): CodeRow | undefined {
    return this.stmt('SELECT * FROM oauth_codes WHERE hash = ?').get(hash) as CodeRow | undefined;
  }

  /** Records the code's one use and the token family it started. */
  markCodeUsed(hash: string, usedAt: number, familyId: string): void {
    this.stmt('UPDATE oauth_codes SET used_at = ?, family_id = ? WHERE hash = ?').run(usedAt, familyId, hash);
  }

  // Token families -------------------------------------------------------------

  insertFamily(id: string, userId: string, createdAt: number): void {
    this.stmt('INSERT INTO token_families (id, user_id, created_at) VALUES (?, ?, ?)').run(id, userId, createdAt);
  }

  /** When the family was revoked: null while it stands, undefined when there is no such family. */
  familyRevokedAt(id: string): number | null | undefined {
    const row = this.stmt('SELECT revoked_at FROM token_families WHERE id = ?').get(id) as { revoked_at: number | null } | undefined;
    return row?.revoked_at;
  }

  /** Revokes the family and every token in it (a revocation time already set is kept). */
  revokeFamily(id: string, at: number): void {
    this.stmt('UPDATE token_families SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
    this.stmt('UPDATE oauth_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL').run(at, id);
  }

  // Tokens ---------------------------------------------------------------------

  insertToken(row: Omit<TokenRow, 'used_at' | 'revoked_at'> & { created_at: number }): void {
    this.stmt(
      `INSERT INTO oauth_tokens (hash, family_id, user_id, kind, expires_at, created_at)
       VALUES (@hash, @family_id, @user_id, @kind, @expires_at, @created_at)`,
    ).run(row);
  }

  tokenByHash(hash: string): TokenRow | undefined {
    return this.stmt('SELECT * FROM oauth_tokens WHERE hash = ?').get(hash) as TokenRow | undefined;
  }

  /** A refresh token's one use (rotation). */
  markTokenUsed(hash: string, usedAt: number): void {
    this.stmt('UPDATE oauth_tokens SET used_at = ? WHERE hash = ?').run(usedAt, hash);
  }

  revokeToken(hash: string, at: number): void {
    this.stmt('UPDATE oauth_tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL').run(at, hash);
  }
}
