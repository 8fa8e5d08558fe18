import type { CallbackRegistry } from '../auth/callbackRegistry';
import type { OAuthService } from '../auth/oauthService';
import type { SignInGuard } from '../auth/signInGuard';
import type { BillingContext } from '../billing/context';
import type { LifecycleEngine } from '../billing/lifecycle';
import type { ServiceMode } from '../cli';
import type { SandboxConfig } from '../config';
import type { EntitlementService } from '../entitlements/entitlementService';
import type { SigningKey } from '../entitlements/signingKey';
import type { PortalSessions } from '../portal/portalSessions';
import type { FaultTable } from './faults';
import type { FreshEtags } from './freshEtags';
import type { RateLimiter } from './rateLimiter';

/** Everything the routes use, built once by server.ts. */
export interface SandboxServices {
  readonly config: SandboxConfig;
  readonly mode: ServiceMode;
  readonly billing: BillingContext;
  readonly engine: LifecycleEngine;
  readonly oauth: OAuthService;
  /** Where sign-in and the portal may send the browser. */
  readonly callbacks: CallbackRegistry;
  readonly signInGuard: SignInGuard;
  readonly entitlements: EntitlementService;
  readonly signingKey: SigningKey;
  readonly portal: PortalSessions;
  readonly faults: FaultTable;
  /** What the 304 fast path may answer (freshEtags.ts). */
  readonly etags: FreshEtags;
  /** /v1, keyed by user. */
  readonly apiRateLimiter: RateLimiter;
  /** /oauth and /portal, keyed by client address. */
  readonly clientRateLimiter: RateLimiter;
  /** The service's public origin: SANDBOX_PUBLIC_URL, else the listening address, e.g. http://127.0.0.1:4242 (known once listening). */
  readonly baseUrl: () => string;
}
