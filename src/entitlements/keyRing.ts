/**
 * The keys entitlement tokens are verified with: the built-in production keys,
 * plus — only where sandboxTrustAllowed() says so — the sandbox's keys, fetched
 * from its JWKS and pinned per service origin in globalState (so a cached
 * token verifies at activation without the network).
 */
import { type ApiClient } from '../api/apiClient';
import { type Logger } from '../logging/logger';
import { type KeyValueStore, StorageKeys } from '../util/storage';
import { PRODUCTION_KEYS } from './productionKeys';
import { keySetChanged, pinKey, sandboxKeysFromJwks, type TrustedKey } from './trustedKeys';

type Pins = Record<string, TrustedKey[]>;

export interface KeyRingDeps {
  readonly state: KeyValueStore;
  /** Fetches the sandbox's JWKS. */
  readonly client: Pick<ApiClient, 'getJwks'>;
  readonly logger: Logger;
  /** Whether the sandbox key may be trusted for the current service URL, and that URL. */
  readonly trust: () => { allowed: boolean; serviceUrl: string };
}

export class KeyRing {
  constructor(private readonly deps: KeyRingDeps) {}

  /** Keys usable right now, without I/O. */
  keys(): TrustedKey[] {
    const { allowed, serviceUrl } = this.deps.trust();
    if (!allowed) return [...PRODUCTION_KEYS];
    return [...PRODUCTION_KEYS, ...(this.pins()[safePinKey(serviceUrl)] ?? [])];
  }

  /** True when sandbox keys are allowed but none are pinned yet for the current service. */
  needsSandboxKeys(): boolean {
    const { allowed, serviceUrl } = this.deps.trust();
    return allowed && !this.pins()[safePinKey(serviceUrl)]?.length;
  }

  /**
   * Fetches and pins the sandbox's keys (when allowed). A changed key for the
   * same origin is accepted only because this mode already trusts the sandbox;
   * the change is logged.
   */
  async refreshSandboxKeys(signal?: AbortSignal): Promise<boolean> {
    const { allowed, serviceUrl } = this.deps.trust();
    if (!allowed) return false;
    const jwks = await this.deps.client.getJwks({ signal });
    const keys = sandboxKeysFromJwks(jwks.keys);
    const origin = safePinKey(serviceUrl);
    const pins = this.pins();
    const changed = keySetChanged(pins[origin], keys);
    if (changed) this.deps.logger.warn(`The sandbox at ${origin} now signs with a different key; re-pinned (sandbox trust mode)`);
    else if (!pins[origin]) this.deps.logger.info(`Pinned the sandbox signing key for ${origin} (${keys.map((k) => k.kid).join(', ')})`);
    await this.deps.state.update(StorageKeys.sandboxKeys, { ...pins, [origin]: keys });
    return changed || !pins[origin];
  }

  private pins(): Pins {
    return this.deps.state.get<Pins>(StorageKeys.sandboxKeys) ?? {};
  }
}

function safePinKey(serviceUrl: string): string {
  try {
    return pinKey(serviceUrl);
  } catch {
    return serviceUrl;
  }
}
