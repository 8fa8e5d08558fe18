/**
 * Development builds only: trust in the sandbox's signing key. A release build
 * gets src/entitlements/noSandboxKeys.ts instead (esbuild.config.mjs), so it
 * trusts no sandbox key in any extension mode. Here the key is trusted only
 * for a loopback service URL; it is fetched from the sandbox's JWKS and pinned
 * per service origin in globalState, so a cached token verifies at activation
 * without the network. Pinned keys are bound to the sandbox issuer.
 */
import { type Jwk, SANDBOX_ISSUER } from '../../shared/contract/entitlements';
import { type ApiClient } from '../api/apiClient';
import { type Logger } from '../logging/logger';
import { isLoopbackUrl } from '../util/loopback';
import { type KeyValueStore, StorageKeys } from '../util/storage';
import { type SandboxKeySource } from './keyRing';
import { type TrustedKey } from './trustedKeys';

type Pins = Record<string, TrustedKey[]>;

/** The sandbox's key is trusted only on loopback: a home-made server elsewhere unlocks nothing, even in a development build. */
export function sandboxTrustAllowed(serviceUrl: string): boolean {
  return isLoopbackUrl(serviceUrl);
}

/** Key under which the sandbox's keys are pinned: the service URL's origin. */
export function pinKey(serviceUrl: string): string {
  return new URL(serviceUrl).origin;
}

/** Converts JWKS entries into trusted sandbox keys (EdDSA/Ed25519 signing keys only). */
export function sandboxKeysFromJwks(keys: readonly Jwk[]): TrustedKey[] {
  return keys
    .filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.alg === 'EdDSA' && k.use === 'sig')
    .map((k) => ({ kid: k.kid, issuer: SANDBOX_ISSUER, jwk: { kty: 'OKP', crv: 'Ed25519', x: k.x } }));
}

/** True when two key sets differ (by kid and key material). */
export function keySetChanged(before: readonly TrustedKey[] | undefined, after: readonly TrustedKey[]): boolean {
  if (!before) return false;
  const fingerprint = (keys: readonly TrustedKey[]) => keys.map((k) => `${k.kid}:${k.jwk.x}`).sort().join(',');
  return fingerprint(before) !== fingerprint(after);
}

export interface SandboxKeysDeps {
  readonly state: KeyValueStore;
  /** Fetches the sandbox's JWKS. */
  readonly client: Pick<ApiClient, 'getJwks'>;
  readonly logger: Logger;
  /** The service URL now; throws when the setting is refused. */
  readonly serviceUrl: () => string;
}

/** The sandbox key source of a development build (a release build's stub answers undefined). */
export function createSandboxKeys(deps: SandboxKeysDeps): SandboxKeySource | undefined {
  return new SandboxKeys(deps);
}

class SandboxKeys implements SandboxKeySource {
  constructor(private readonly deps: SandboxKeysDeps) {}

  keys(): readonly TrustedKey[] {
    const origin = this.trustedOrigin();
    return origin === undefined ? [] : (this.pins()[origin] ?? []);
  }

  needsKeys(): boolean {
    const origin = this.trustedOrigin();
    return origin !== undefined && !this.pins()[origin]?.length;
  }

  /**
   * A changed key for the same origin is accepted only because a development
   * build trusts the sandbox anyway; the change is logged.
   */
  async refresh(signal?: AbortSignal): Promise<boolean> {
    const origin = this.trustedOrigin();
    if (origin === undefined) return false;
    const jwks = await this.deps.client.getJwks({ signal });
    const keys = sandboxKeysFromJwks(jwks.keys);
    const pins = this.pins();
    const changed = keySetChanged(pins[origin], keys);
    if (changed) this.deps.logger.warn(`The sandbox at ${origin} now signs with a different key; re-pinned (development build)`);
    else if (!pins[origin]) this.deps.logger.info(`Pinned the sandbox signing key for ${origin} (${keys.map((k) => k.kid).join(', ')})`);
    await this.deps.state.update(StorageKeys.sandboxKeys, { ...pins, [origin]: keys });
    return changed || !pins[origin];
  }

  /** The origin whose pinned sandbox keys apply, or undefined when the sandbox is not trusted for the service URL. */
  private trustedOrigin(): string | undefined {
    try {
      const url = this.deps.serviceUrl();
      return sandboxTrustAllowed(url) ? pinKey(url) : undefined;
    } catch {
      return undefined;
    }
  }

  private pins(): Pins {
    return this.deps.state.get<Pins>(StorageKeys.sandboxKeys) ?? {};
  }
}
