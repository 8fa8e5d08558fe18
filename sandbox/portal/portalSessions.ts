/**
 * Portal sessions: a short-lived, single-use URL (its secret stored hashed).
 * The first GET consumes it and hands the browser an HttpOnly cookie for the
 * rest of that flow; a reused or expired URL gives no access. Real clock.
 */
import { pathTo } from '../../shared/contract/paths';
import type { PortalFlow } from '../../shared/contract/portal';
import type { SandboxConfig } from '../config';
import type { Repository } from '../billing/repository';
import { newId } from '../billing/ids';
import type { PortalSessionRow } from '../db/portalSessionRecords';
import { hashSecret, newSecret } from '../auth/secrets';
import { PortalPaths } from './portalPaths';

export const PORTAL_COOKIE = 'pb_portal';

export type ConsumeResult = { readonly session: PortalSessionRow; readonly cookie: string } | { readonly error: 'unknown' | 'used' | 'expired' };

export class PortalSessions {
  constructor(
    private readonly repo: Repository,
    private readonly config: SandboxConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** `paymentMethodId`: the card a payment_method_update session edits (null: the flow replaces the default card). */
  create(userId: string, flow: PortalFlow, returnUrl: string, baseUrl: string, paymentMethodId: string | null = null): { id: string; url: string; expiresAt: number } {
    const secret = newSecret('ps').slice(3);
    const expiresAt = this.now() + this.config.portalSessionTtlSeconds * 1000;
    const id = newId('bps');
    this.repo.portalSessions.insert({
      id,
      url_hash: hashSecret(secret),
      user_id: userId,
      flow,
      return_url: returnUrl,
      created_at: this.now(),
      expires_at: expiresAt,
      csrf: newSecret('csrf'),
      payment_method_id: paymentMethodId,
    });
    return { id, url: `${baseUrl}${pathTo(PortalPaths.session, { secret })}`, expiresAt };
  }

  /** Retires a session's link if it was not opened yet. */
  expireUnused(id: string): void {
    this.repo.portalSessions.expireUnconsumed(id, this.now());
  }

  consume(secret: string): ConsumeResult {
    return this.repo.transaction((): ConsumeResult => {
      const row = this.repo.portalSessions.byUrlHash(hashSecret(secret));
      if (!row) return { error: 'unknown' };
      if (row.consumed_at !== null) return { error: 'used' };
      if (row.expires_at <= this.now()) return { error: 'expired' };
      const cookie = newSecret('pc');
      const cookieExpiresAt = this.now() + this.config.portalFlowTtlSeconds * 1000;
      this.repo.portalSessions.markConsumed(row.id, this.now(), hashSecret(cookie), cookieExpiresAt);
      return { session: { ...row, consumed_at: this.now(), cookie_hash: hashSecret(cookie), cookie_expires_at: cookieExpiresAt }, cookie };
    });
  }

  fromCookie(cookie: string | undefined): PortalSessionRow | undefined {
    if (!cookie) return undefined;
    const row = this.repo.portalSessions.byCookieHash(hashSecret(cookie));
    if (!row || row.cookie_expires_at === null || row.cookie_expires_at <= this.now()) return undefined;
    return row;
  }

  setPending(id: string, pending: unknown): void {
    this.repo.portalSessions.setPending(id, pending === null ? null : JSON.stringify(pending));
  }

  get flowTtlSeconds(): number {
    return this.config.portalFlowTtlSeconds;
  }
}
