/**
 * The wait after opening the payment portal (journeys 3, 5, 6, 7 of docs/journeys.md): a watch
 * starts the store's bounded poll and follows the account from there — each
 * verified change, and the end of the poll without one. The portal commands,
 * the Manage Plan panel and the gate all wait through it. Free of VS Code.
 */
import { type AccountView, type AccountWaiter, type PortalPollControl } from '../account/accountInterfaces';
import { type AccountSnapshot, type SnapshotChange } from '../account/accountSnapshot';
import { type Clock, MINUTE } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { Emitter, type Disposable, type Event } from '../util/events';

export interface PortalWatcherDeps {
  readonly account: AccountView & AccountWaiter & PortalPollControl;
  readonly clock: Clock;
}

export type PortalProgress =
  /** A verified answer changed the account (maybe a step before the change awaited). */
  | { readonly kind: 'changed'; readonly current: AccountSnapshot }
  /** The poll ended without a change since it (re)started, or the account was signed out. */
  | { readonly kind: 'ended' };

/** How much longer than one poll's limit `until` waits, for the last poll's answer. */
const WAIT_MARGIN_MS = 1 * MINUTE;

export class PortalWatcher {
  constructor(private readonly deps: PortalWatcherDeps) {}

  /** Starts the bounded poll for a portal flow just opened; `before` is the snapshot from before it opened. */
  watch(before: AccountSnapshot): PortalWatch {
    return new PortalWatch(this.deps, before);
  }
}

/** One portal flow being followed, until disposed (disposing does not stop the poll: it ends on its own). */
export class PortalWatch implements Disposable {
  /** When the poll started (ms). */
  readonly startedAt: number;
  /** Resolves true at the first verified change, false when the poll ended (or the account was signed out, or the watch was disposed) without one. */
  readonly accountChanged: Promise<boolean>;
  private readonly disposables = new DisposableStore();
  private readonly progress = this.disposables.add(new Emitter<PortalProgress>());
  /** Every verified change while watched, and each end of the poll without one. */
  readonly onDidProgress: Event<PortalProgress> = this.progress.event;
  private settle: ((changed: boolean) => void) | undefined;
  private readonly observed = new WeakSet<SnapshotChange>();
  private sawPoll = false;

  constructor(
    private readonly deps: PortalWatcherDeps,
    /** The snapshot from before the portal opened. */
    readonly before: AccountSnapshot,
  ) {
    this.accountChanged = new Promise((resolve) => (this.settle = resolve));
    this.disposables.add(deps.account.onDidChange((change) => this.observe(change)));
    this.startedAt = deps.clock.now();
    deps.account.startPortalPoll();
  }

  /**
   * Applies one change of the account; the watch listens for changes itself.
   * A part that also listens to the account may bring each change here first,
   * so that its own handling of that change already sees the progress (each
   * change counts once, whoever brings it).
   */
  observe(change: SnapshotChange): void {
    if (this.observed.has(change)) return;
    this.observed.add(change);
    if (change.accountChanged) this.report({ kind: 'changed', current: change.current });
    else if (change.current.portalPolling) this.sawPoll = true;
    else if (this.sawPoll || !change.current.signedIn) {
      this.sawPoll = false;
      this.report({ kind: 'ended' });
    }
  }

  /** Starts the bounded poll again (the first change may be a step before the one awaited). */
  pollAgain(): void {
    this.deps.account.startPortalPoll();
  }

  /** Stops the poll (the person gave up waiting). */
  stop(): void {
    this.deps.account.stopPortalPoll();
  }

  /**
   * Waits for a snapshot matching `predicate`, polling again after each change
   * that falls short (a card saved before the upgrade is paid) while the
   * portal's own time limit has not run out. Aborting `signal` stops the poll.
   * Undefined when no such snapshot came.
   */
  async until(predicate: (s: AccountSnapshot) => boolean, signal: AbortSignal): Promise<AccountSnapshot | undefined> {
    const { account, clock } = this.deps;
    const deadline = this.startedAt + account.portalPollLimitMs + WAIT_MARGIN_MS;
    signal.addEventListener('abort', () => this.stop(), { once: true });
    while (!signal.aborted && clock.now() < deadline) {
      const s = await account.waitFor((x) => predicate(x) || !x.portalPolling, deadline - clock.now(), signal);
      if (!s || predicate(s)) return s;
      // Cancelled (stopping the poll ended this wait) or signed out: no poll to restart.
      if (signal.aborted || !s.signedIn || clock.now() - this.startedAt >= account.portalPollLimitMs) return undefined;
      this.pollAgain();
    }
    return undefined;
  }

  dispose(): void {
    this.settle?.(false);
    this.settle = undefined;
    this.disposables.dispose();
  }

  private report(progress: PortalProgress): void {
    this.settle?.(progress.kind === 'changed');
    this.settle = undefined;
    this.progress.fire(progress);
  }
}
