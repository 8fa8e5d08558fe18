import type { OAuthService } from '../auth/oauthService';
import type { BillingContext } from '../billing/context';
import type { LifecycleEngine } from '../billing/lifecycle';
import type { ServiceMode } from '../cli';
import type { SandboxConfig } from '../config';
import type { EntitlementService } from '../entitlements/entitlementService';
import type { SigningKey } from '../entitlements/signingKey';
import type { PortalSessions } from '../portal/portalSessions';
import type { FaultTable } from './faults';
import type { RateLimiter } from './rateLimiter';

/** Everything the routes use, built once by server.ts. */
export interface SandboxServices {
  readonly config: SandboxConfig;
  readonly mode: ServiceMode;
  readonly billing: BillingContext;
  readonly engine: LifecycleEngine;
  readonly oauth: OAuthService;
  readonly entitlements: EntitlementService;
  readonly signingKey: SigningKey;
  readonly portal: PortalSessions;
  readonly faults: FaultTable;
  readonly rateLimiter: RateLimiter;
  /** The service's own origin, e.g. http://127.0.0.1:4242 (known once listening). */
  readonly baseUrl: () => string;
}
