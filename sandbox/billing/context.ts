import type { SandboxConfig } from '../config';
import type { BillingClock } from './clock';
import type { Repository } from './repository';

/** What every billing operation needs: the data, the billing clock and the tunables. */
export interface BillingContext {
  readonly repo: Repository;
  readonly clock: BillingClock;
  readonly config: SandboxConfig;
}
