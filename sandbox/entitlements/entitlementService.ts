/**
 * Issues the signed entitlement token (docs/entitlementToken.md). The same stored
 * token is answered again while what it says is unchanged and it is younger
 * than three quarters of its lifetime, so its ETag matches and most refreshes get a 304
 * (docs/entitlementToken.md: a client checks about every 12 hours and at exp).
 * iat/exp/graceUntil use the real clock (the extension rejects an iat from the
 * future); the paid period that caps graceUntil is measured on the billing clock.
 */
import { CompactSign } from 'jose';
import { createHash } from 'node:crypto';
import { SANDBOX_ISSUER, type EntitlementClaims } from '../../shared/contract/entitlements';
import { accessOf } from '../billing/accountSummary';
import type { BillingContext } from '../billing/context';
import { tokenFreshnessOf, type Freshness } from '../billing/freshness';
import type { UserRow } from '../billing/repository';
import type { SigningKey } from './signingKey';
import { TOKEN_AUDIENCE } from '../../shared/productIdentity';

/** A token to answer, and how long it stays the answer (null: it raced with a write, so it is not vouched for). */
export interface IssuedToken {
  readonly token: string;
  readonly freshness: Freshness | null;
}

export class EntitlementService {
  constructor(
    private readonly ctx: BillingContext,
    private readonly key: SigningKey,
    private readonly realNow: () => number = Date.now,
  ) {}

  async tokenFor(user: UserRow): Promise<IssuedToken> {
    const { repo, clock, config } = this.ctx;
    const now = this.realNow();
    // Re-issued once a quarter of its lifetime is left: a check at 12 h keeps it, the one at exp gets the next.
    const reuseFor = (config.entitlementTtlSeconds * 1000 * 3) / 4;
    // What the token says and the account version it says it of, in one snapshot.
    const read = repo.transaction(() => {
      const sub = repo.subscriptionOf(user.id);
      const access = accessOf(sub);
      // What the token says, apart from its times; the clock offset is part of it because it moves the paid period.
      const content = JSON.stringify([access.plan, access.status, access.features, access.paidUntil, sub?.id ?? null, clock.offset]);
      const contentHash = createHash('sha256').update(content).digest('base64url');
      const stored = repo.entitlementTokens.latest(user.id);
      const reusable = stored !== undefined && stored.content_hash === contentHash && now - stored.issued_at < reuseFor;
      // A reused token is answered until its reuse window ends, when the next request issues a new one.
      return { sub, access, contentHash, stored: reusable ? stored : undefined, freshness: tokenFreshnessOf(this.ctx, user.id, sub, clock.now(), reusable ? stored.issued_at + reuseFor : Infinity) };
    });
    if (read.stored) return { token: read.stored.token, freshness: read.freshness };

    const { access, contentHash } = read;
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
    const seq = Math.max(repo.entitlementTokens.seqOf(user.id) + 1, now);
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
    return repo.transaction((): IssuedToken => {
      // Another request may have issued meanwhile (signing awaited): seq must still strictly increase.
      if (repo.entitlementTokens.seqOf(user.id) >= seq) return { token: repo.entitlementTokens.latest(user.id)!.token, freshness: null };
      // A write or a clock advance while signing may have changed what the token should say: it is stored (the next
      // request compares its content again and re-issues) but not vouched for, so no 304 answers it.
      const unchanged = repo.versions.read(user.id).version === read.freshness.version && clock.offset === read.freshness.clockOffset;
      repo.entitlementTokens.save(user.id, seq, { token, content_hash: contentHash, issued_at: now });
      return { token, freshness: unchanged ? tokenFreshnessOf(this.ctx, user.id, read.sub, clock.now(), now + reuseFor) : null };
    });
  }
}
