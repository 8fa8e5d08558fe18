/**
 * Issues the signed entitlement token (DESIGN.md section 6). The same stored
 * token is answered again while what it says is unchanged and it is younger
 * than half its lifetime, so its ETag matches and most refreshes get a 304.
 * iat/exp/graceUntil use the real clock (the extension rejects an iat from the
 * future); the paid period that caps graceUntil is measured on the billing clock.
 */
import { CompactSign } from 'jose';
import { createHash } from 'node:crypto';
import { SANDBOX_ISSUER, type EntitlementClaims } from '../../shared/contract/entitlements';
import { accessOf } from '../billing/accountSummary';
import type { BillingContext } from '../billing/context';
import type { UserRow } from '../billing/repository';
import type { SigningKey } from './signingKey';
import { TOKEN_AUDIENCE } from '../../shared/productIdentity';


interface StoredToken {
  token: string;
  content_hash: string;
  issued_at: number;
}

export class EntitlementService {
  constructor(
    private readonly ctx: BillingContext,
    private readonly key: SigningKey,
    private readonly realNow: () => number = Date.now,
  ) {}

  async tokenFor(user: UserRow): Promise<string> {
    const { repo, clock, config } = this.ctx;
    const sub = repo.subscriptionOf(user.id);
    const access = accessOf(sub);
    // What the token says, apart from its times; the clock offset is part of it because it moves the paid period.
    const content = JSON.stringify([access.plan, access.status, access.features, access.paidUntil, sub?.id ?? null, clock.offset]);
    const contentHash = createHash('sha256').update(content).digest('base64url');
    const now = this.realNow();
    const stored = repo.stmt('SELECT token, content_hash, issued_at FROM entitlement_tokens WHERE user_id = ?').get(user.id) as StoredToken | undefined;
    if (stored && stored.content_hash === contentHash && now - stored.issued_at < (config.entitlementTtlSeconds * 1000) / 2) {
      return stored.token;
    }

    const iat = Math.floor(now / 1000);
    const exp = iat + config.entitlementTtlSeconds;
    let graceUntil = exp;
    if (access.paidUntil !== null) {
      const paidSecondsLeft = Math.max(0, Math.floor((access.paidUntil - clock.now()) / 1000));
      graceUntil = iat + Math.min(Math.floor(config.graceDays * 86400), paidSecondsLeft);
    }
    // Signing is async; take the sequence number and store the token in one synchronous transaction afterwards.
    // The counter never goes below the issue time in milliseconds, so it keeps increasing even
    // across --reset (the extension rejects a seq lower than the last one it accepted).
    const lastSeq = (repo.stmt('SELECT entitlement_seq FROM users WHERE id = ?').get(user.id) as { entitlement_seq: number }).entitlement_seq;
    const seq = Math.max(lastSeq + 1, now);
    const claims: EntitlementClaims = {
      iss: SANDBOX_ISSUER,
      aud: TOKEN_AUDIENCE,
      sub: user.id,
      plan: access.plan,
      status: access.status,
      features: [...access.features],
      iat,
      exp,
      graceUntil,
      seq,
    };
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.key.kid, typ: 'JWT' })
      .sign(this.key.privateKey);
    return repo.transaction(() => {
      // Another request may have issued meanwhile (signing awaited): seq must still strictly increase.
      const current = (repo.stmt('SELECT entitlement_seq FROM users WHERE id = ?').get(user.id) as { entitlement_seq: number }).entitlement_seq;
      if (current >= seq) {
        const latest = repo.stmt('SELECT token FROM entitlement_tokens WHERE user_id = ?').get(user.id) as { token: string };
        return latest.token;
      }
      repo.updateUser(user.id, { entitlement_seq: seq });
      repo.stmt(
          `INSERT INTO entitlement_tokens (user_id, token, content_hash, issued_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(user_id) DO UPDATE SET token = excluded.token, content_hash = excluded.content_hash, issued_at = excluded.issued_at`,
        )
        .run(user.id, token, contentHash, now);
      return token;
    });
  }
}
