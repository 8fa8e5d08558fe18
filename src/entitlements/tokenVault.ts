/**
 * The entitlement token of the signed-in account: verified before use (with
 * the key ring's keys), kept in secret storage, protected against replay (the
 * last accepted seq per subject, with a digest of that token) and against a
 * clock set back (the latest time seen). Free of VS Code: storage, clock and
 * logging are injected.
 */
import { type EntitlementClaims } from '../../shared/contract/entitlements';
import { ApiError } from '../api/apiError';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type Clock, MINUTE } from '../util/clock';
import { type KeyValueStore, type SecretStore, StorageKeys } from '../util/storage';
import { type KeyRing } from './keyRing';
import { type AcceptedSeq, clockRolledBack, tokenDigest, type VerifyResult, verifyEntitlementToken } from './verifyEntitlement';

export interface TokenVaultDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly state: KeyValueStore;
  readonly secrets: SecretStore;
  readonly keyRing: KeyRing;
  /** Expected token audience: the extension id. */
  readonly audience: string;
}

/** latestSeenTime is written at most this often. */
const SEEN_TIME_WRITE_INTERVAL_MS = 5 * MINUTE;

export class TokenVault {
  private token: string | undefined;
  private verified: EntitlementClaims | null = null;
  private lastSeenWrite = 0;

  constructor(private readonly deps: TokenVaultDeps) {}

  /** Claims of the token in use; null when there is none (or it was not usable). The same object until the token changes. */
  get claims(): EntitlementClaims | null {
    return this.verified;
  }

  /**
   * The token in use is the latest any window of the profile accepted, so a
   * conditional request (a 304 confirms it) makes sense. Not so when another
   * window accepted a newer one this window cannot read yet (VS Code for the
   * web): the shared ETags then describe that token, and a 304 would confirm
   * a token this window does not hold.
   */
  get holdsLatest(): boolean {
    if (this.token === undefined || !this.verified) return false;
    const accepted = this.acceptedSeq(this.verified.sub);
    return accepted === undefined || (accepted.seq === this.verified.seq && accepted.digest === tokenDigest(this.token));
  }

  /** True when the local clock is far behind the latest time seen: stored entitlements must be re-verified online. */
  clockRolledBack(): boolean {
    return clockRolledBack(this.deps.clock.now(), this.latestSeenTime());
  }

  /** Verifies the token in secret storage for `userId` (activation, other windows). No network. */
  async loadStored(userId: string): Promise<void> {
    const token = await this.deps.secrets.get(StorageKeys.entitlementToken);
    if (!token) {
      this.forget();
      return;
    }
    if (token === this.token && this.verified) return;
    const result = await this.verify(token, this.latestSeenTime());
    if (!result.ok || result.claims.sub !== userId) {
      this.deps.logger.info(`Stored entitlement not usable offline (${result.ok ? 'other account' : result.reason}); will re-verify online`);
      this.forget();
      return;
    }
    this.token = token;
    this.verified = result.claims;
    await this.rememberSeq(result.claims.sub, result.claims.seq, token);
  }

  /** Before asking the service for a token: pins the sandbox's keys where they are trusted and not pinned yet. */
  async prepareKeys(signal: AbortSignal): Promise<void> {
    if (this.deps.keyRing.needsSandboxKeys()) await this.deps.keyRing.refreshSandboxKeys(signal);
  }

  /**
   * A token fresh from the service: verified (on an unknown sandbox key, after
   * re-fetching the JWKS once), adopted, then persisted. Throws
   * ApiError('invalidResponse') when it does not verify or is for another account.
   */
  async accept(token: string, userId: string, signal: AbortSignal): Promise<EntitlementClaims> {
    const { keyRing, logger } = this.deps;
    let result = await this.verify(token);
    if (!result.ok && result.reason === 'unknownKey' && (await keyRing.refreshSandboxKeys(signal))) result = await this.verify(token);
    if (!result.ok) {
      logger.warn(`Entitlement token rejected: ${result.reason} (${result.message})`);
      throw new ApiError('invalidResponse', t('The billing service sent an entitlement that could not be verified.'));
    }
    if (result.claims.sub !== userId) {
      logger.warn('Entitlement token is for another account; rejected');
      throw new ApiError('invalidResponse', t('The billing service sent an entitlement for another account.'));
    }
    // Adopt before persisting: the secret-change event this write causes in
    // this window then finds the token already known (no "sync" change).
    this.verified = result.claims;
    this.token = token;
    await this.deps.secrets.store(StorageKeys.entitlementToken, token);
    await this.rememberSeq(result.claims.sub, result.claims.seq, token);
    return result.claims;
  }

  /** Remembers the latest time seen (persisted, throttled) for clock rollback detection. */
  noteTime(): void {
    const now = this.deps.clock.now();
    const seen = this.latestSeenTime();
    if (seen !== undefined && now <= seen) return;
    if (now - this.lastSeenWrite < SEEN_TIME_WRITE_INTERVAL_MS && seen !== undefined) return;
    this.lastSeenWrite = now;
    void this.deps.state.update(StorageKeys.latestSeenTime, now);
  }

  /** Sign-out or another account: forgets the token and the accepted seqs (the latest time seen is not account data). */
  async clear(): Promise<void> {
    this.forget();
    await Promise.all([this.deps.state.update(StorageKeys.acceptedSeq, undefined), this.deps.secrets.delete(StorageKeys.entitlementToken)]);
  }

  private forget(): void {
    this.token = undefined;
    this.verified = null;
  }

  private verify(token: string, latestSeenTime?: number): Promise<VerifyResult> {
    const { keyRing, clock, audience } = this.deps;
    return verifyEntitlementToken(token, { keys: keyRing.keys(), audience, now: clock.now(), lastAccepted: (sub) => this.acceptedSeq(sub), latestSeenTime });
  }

  private acceptedSeq(sub: string): AcceptedSeq | undefined {
    return this.deps.state.get<Record<string, AcceptedSeq>>(StorageKeys.acceptedSeq)?.[sub];
  }

  private async rememberSeq(sub: string, seq: number, token: string): Promise<void> {
    const all = this.deps.state.get<Record<string, AcceptedSeq>>(StorageKeys.acceptedSeq) ?? {};
    const digest = tokenDigest(token);
    if (all[sub]?.seq === seq && all[sub]?.digest === digest) return;
    await this.deps.state.update(StorageKeys.acceptedSeq, { ...all, [sub]: { seq, digest } });
  }

  private latestSeenTime(): number | undefined {
    return this.deps.state.get<number>(StorageKeys.latestSeenTime);
  }
}
