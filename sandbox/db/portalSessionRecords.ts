/**
 * The portal_sessions table. A session's URL secret and its cookie are stored
 * as SHA-256 hashes and looked up by them (portal/portalSessions.ts hashes).
 */
import type { PortalFlow } from '../../shared/contract/portal';
import type { Statements } from './database';

export interface PortalSessionRow {
  id: string;
  url_hash: string;
  user_id: string;
  flow: PortalFlow;
  return_url: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  cookie_hash: string | null;
  cookie_expires_at: number | null;
  csrf: string;
  pending: string | null;
  /** The saved card a payment_method_update session edits; null replaces the default card. */
  payment_method_id: string | null;
}

export class PortalSessionRecords {
  constructor(private readonly stmt: Statements) {}

  insert(row: Pick<PortalSessionRow, 'id' | 'url_hash' | 'user_id' | 'flow' | 'return_url' | 'created_at' | 'expires_at' | 'csrf' | 'payment_method_id'>): void {
    this.stmt(
      `INSERT INTO portal_sessions (id, url_hash, user_id, flow, return_url, created_at, expires_at, csrf, payment_method_id)
       VALUES (@id, @url_hash, @user_id, @flow, @return_url, @created_at, @expires_at, @csrf, @payment_method_id)`,
    ).run(row);
  }

  byUrlHash(hash: string): PortalSessionRow | undefined {
    return this.stmt('SELECT * FROM portal_sessions WHERE url_hash = ?').get(hash) as PortalSessionRow | undefined;
  }

  byCookieHash(hash: string): PortalSessionRow | undefined {
    return this.stmt('SELECT * FROM portal_sessions WHERE cookie_hash = ?').get(hash) as PortalSessionRow | undefined;
  }

  /** The URL's one use: from now on the session is reached through its cookie. */
  markConsumed(id: string, consumedAt: number, cookieHash: string, cookieExpiresAt: number): void {
    this.stmt('UPDATE portal_sessions SET consumed_at = ?, cookie_hash = ?, cookie_expires_at = ? WHERE id = ?').run(consumedAt, cookieHash, cookieExpiresAt, id);
  }

  /** Ends a session whose link was not used yet (a retried request replaced it). */
  expireUnconsumed(id: string, at: number): void {
    this.stmt('UPDATE portal_sessions SET expires_at = ? WHERE id = ? AND consumed_at IS NULL AND expires_at > ?').run(at, id, at);
  }

  /** What the session waits for (a card before 3-D Secure), as JSON; null clears it. */
  setPending(id: string, pending: string | null): void {
    this.stmt('UPDATE portal_sessions SET pending = ? WHERE id = ?').run(pending, id);
  }
}
