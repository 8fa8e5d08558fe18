/**
 * The keys entitlement tokens are verified with: the production keys baked
 * into every build, plus — in development builds only — the sandbox's keys
 * (src/entitlements/sandboxKeys.ts; a release build has no sandbox source).
 */
import { PRODUCTION_KEYS } from './productionKeys';
import { type TrustedKey } from './trustedKeys';

/** Where a development build gets the sandbox's keys (pinned, fetched when missing or unknown). */
export interface SandboxKeySource {
  /** Pinned keys usable for the current service URL, without I/O. */
  keys(): readonly TrustedKey[];
  /** True when the sandbox key may be trusted here but none is pinned yet. */
  needsKeys(): boolean;
  /** Fetches and pins the sandbox's keys; true when that changed the pinned set. */
  refresh(signal?: AbortSignal): Promise<boolean>;
}

export interface KeyRingDeps {
  /** Undefined in release builds. */
  readonly sandbox: SandboxKeySource | undefined;
}

export class KeyRing {
  constructor(private readonly deps: KeyRingDeps) {}

  /** Keys usable right now, without I/O. */
  keys(): TrustedKey[] {
    return [...PRODUCTION_KEYS, ...(this.deps.sandbox?.keys() ?? [])];
  }

  /** True when sandbox keys are allowed but none are pinned yet for the current service. */
  needsSandboxKeys(): boolean {
    return this.deps.sandbox?.needsKeys() ?? false;
  }

  /** Fetches and pins the sandbox's keys where they are trusted; true when the pinned set changed. */
  async refreshSandboxKeys(signal?: AbortSignal): Promise<boolean> {
    return (await this.deps.sandbox?.refresh(signal)) ?? false;
  }
}
