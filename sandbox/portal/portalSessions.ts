/**
 * Portal sessions: a short-lived, single-use URL (its secret stored hashed).
 * The first GET consumes it and hands the browser an HttpOnly cookie for the
 * rest of that flow; a reused or expired URL gives no access. Real clock.
 */
import { pathTo } from '../../shared/contract/paths';
import type { PortalFlow } from '../../shared/contract/portal';
import type { SandboxConfig } from '../config';
import { statementCache, type Db } from '../db/database';
import { newId } from '../billing/ids';
import { hashSecret, newSecret } from '../auth/secrets';
import { PortalPaths } from './portalPaths';

export const PORTAL_COOKIE = 'pb_portal';

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
}

export type ConsumeResult = { readonly session: PortalSessionRow; readonly cookie: string } | { readonly error: 'unknown' | 'used' | 'expired' };

export class PortalSessions {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: Db,
    private readonly config: SandboxConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = statementCache(db);
  }

  create(userId: string, flow: PortalFlow, returnUrl: string, baseUrl: string): { url: string; expiresAt: number } {
    const secret = newSecret('ps').slice(3);
    const expiresAt = this.now() + this.config.portalSessionTtlSeconds * 1000;
    this.stmt('INSERT INTO portal_sessions (id, url_hash, user_id, flow, return_url, created_at, expires_at, csrf) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(newId('bps'), hashSecret(secret), userId, flow, returnUrl, this.now(), expiresAt, newSecret('csrf'));
    return { url: `${baseUrl}${pathTo(PortalPaths.session, { secret })}`, expiresAt };
  }

  consume(secret: string): ConsumeResult {
    return this.db.transaction((): ConsumeResult => {
      const row = this.stmt('SELECT * FROM portal_sessions WHERE url_hash = ?').get(hashSecret(secret)) as PortalSessionRow | undefined;
      if (!row) return { error: 'unknown' };
      if (row.consumed_at !== null) return { error: 'used' };
      if (row.expires_at <= this.now()) return { error: 'expired' };
      const cookie = newSecret('pc');
      const cookieExpiresAt = this.now() + this.config.portalFlowTtlSeconds * 1000;
      this.stmt('UPDATE portal_sessions SET consumed_at = ?, cookie_hash = ?, cookie_expires_at = ? WHERE id = ?')
        .run(this.now(), hashSecret(cookie), cookieExpiresAt, row.id);
      return { session: { ...row, consumed_at: this.now(), cookie_hash: hashSecret(cookie), cookie_expires_at: cookieExpiresAt }, cookie };
    })();
  }

  fromCookie(cookie: string | undefined): PortalSessionRow | undefined {
    if (!cookie) return undefined;
    const row = this.stmt('SELECT * FROM portal_sessions WHERE cookie_hash = ?').get(hashSecret(cookie)) as PortalSessionRow | undefined;
    if (!row || row.cookie_expires_at === null || row.cookie_expires_at <= this.now()) return undefined;
    return row;
  }

  setPending(id: string, pending: unknown): void {
    this.stmt('UPDATE portal_sessions SET pending = ? WHERE id = ?').run(pending === null ? null : JSON.stringify(pending), id);
  }

  get flowTtlSeconds(): number {
    return this.config.portalFlowTtlSeconds;
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
