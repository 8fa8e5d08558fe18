/**
 * The narrow views of the account store its consumers receive, as VS Code
 * core hands out service interfaces: each part names the few members it uses,
 * the composition root passes the one AccountStore that implements them all.
 */
import { type ApiError } from '../api/apiError';
import { type Event } from '../util/events';
import { type AccountSnapshot, type SnapshotChange } from './accountSnapshot';
import { type RefreshTrigger } from './refreshPolicy';

/** The account as something to show: the current snapshot and each visible change of it. */
export interface AccountView {
  /** The current snapshot (in memory, no I/O). */
  readonly snapshot: AccountSnapshot;
  readonly onDidChange: Event<SnapshotChange>;
}

/** An AccountView that also answers feature lookups (the exported API, the gate). */
export interface EntitlementSource extends AccountView {
  /** True when `feature` is granted now (in memory, no I/O). */
  has(feature: string): boolean;
}

export type RefreshOutcome =
  | { readonly status: 'updated'; readonly changed: boolean }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: ApiError };

/** Asks the service for the account's state now (through the refresh policy). */
export interface AccountRefresher {
  refresh(trigger: RefreshTrigger): Promise<RefreshOutcome>;
}

/** Waits for the account to reach a state. */
export interface AccountWaiter {
  /** Resolves with the first snapshot matching `predicate` (now or later), or undefined after `timeoutMs`/abort. */
  waitFor(predicate: (s: AccountSnapshot) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<AccountSnapshot | undefined>;
}

/** The bounded poll that follows a payment-portal flow. */
export interface PortalPollControl {
  /** Starts (or restarts) the poll; the snapshot shows it as portalPolling. */
  startPortalPoll(): void;
  stopPortalPoll(): void;
  /** How long one poll runs at most (ms). */
  readonly portalPollLimitMs: number;
}

/** Data another part keeps for the signed-in account; the store clears it with the account's own. */
export interface AccountScopedData {
  clear(): Promise<void>;
}
