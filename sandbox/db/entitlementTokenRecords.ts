/**
 * The last entitlement token issued to each user (entitlement_tokens) and the
 * user's entitlement sequence number (users.entitlement_seq), which only grows.
 */
import type { Statements } from './database';

export interface StoredEntitlementToken {
  token: string;
  /** Hash of what the token says apart from its times. */
  content_hash: string;
  issued_at: number;
}

export class EntitlementTokenRecords {
  constructor(private readonly stmt: Statements) {}

  latest(userId: string): StoredEntitlementToken | undefined {
    return this.stmt('SELECT token, content_hash, issued_at FROM entitlement_tokens WHERE user_id = ?').get(userId) as StoredEntitlementToken | undefined;
  }

  /** The seq of the user's last token (0 before the first). */
  seqOf(userId: string): number {
    return (this.stmt('SELECT entitlement_seq FROM users WHERE id = ?').get(userId) as { entitlement_seq: number }).entitlement_seq;
  }

  /** Stores the user's new token and its seq (in the caller's transaction, so the two agree). */
  save(userId: string, seq: number, stored: StoredEntitlementToken): void {
    this.stmt('UPDATE users SET entitlement_seq = ? WHERE id = ?').run(seq, userId);
    this.stmt(
      `INSERT INTO entitlement_tokens (user_id, token, content_hash, issued_at) VALUES (@user_id, @token, @content_hash, @issued_at)
       ON CONFLICT(user_id) DO UPDATE SET token = excluded.token, content_hash = excluded.content_hash, issued_at = excluded.issued_at`,
    ).run({ user_id: userId, ...stored });
  }
}
