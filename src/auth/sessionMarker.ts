/**
 * Tells the other windows of the profile that the user signed in or out
 * (docs/refreshPolicy.md, "Several windows").
 *
 * The session lives in SecretStorage, whose change event reaches the other
 * windows of VS Code desktop. In VS Code for the web (code-server) it does
 * not: another tab neither gets the event nor reads the new value until it
 * reloads, so a sign-out in one tab left the other showing Pro. globalState
 * does reach every window (there too), but has no change event, so each
 * window writes a marker there whenever its sign-in appears or goes, and
 * every window reads it every couple of seconds (an in-memory read). The
 * marker holds the session's id (account id and sign-in time, no token) or
 * null; a window that sees null while it holds a session forgets its session
 * (the other window already revoked the tokens), and one that sees another
 * id re-reads the session from SecretStorage. Where that read still finds
 * the old value (code-server), the user is offered a reload of the window:
 * tokens never go into globalState.
 */
import { type Logger } from '../logging/logger';
import { type Clock } from '../util/clock';
import { type Disposable, type Event } from '../util/events';
import { StorageKeys, type KeyValueStore } from '../util/storage';

export interface SessionMarker {
  /** The id of the sign-in the profile has now (not a token), or null: signed out. */
  readonly session: string | null;
  /** When a window wrote it (ms since the epoch). */
  readonly at: number;
}

export type MarkerAction = 'none' | 'forget' | 'reload';

/** What a window holding session `current` does about the marker it read; `seenAt`: the newest marker it acted on. */
export function markerAction(marker: unknown, current: string | undefined, seenAt: number): MarkerAction {
  if (!isSessionMarker(marker) || marker.at <= seenAt) return 'none';
  if (marker.session === null) return current === undefined ? 'none' : 'forget';
  return marker.session === current ? 'none' : 'reload';
}

function isSessionMarker(value: unknown): value is SessionMarker {
  if (typeof value !== 'object' || value === null) return false;
  const { session, at } = value as Record<string, unknown>;
  return (session === null || (typeof session === 'string' && session.length <= 200)) && typeof at === 'number' && Number.isFinite(at);
}

export interface SessionMarkerDeps {
  readonly state: KeyValueStore;
  readonly sessions: {
    readonly current: { readonly id: string } | undefined;
    readonly onDidChange: Event<{ readonly id: string } | undefined>;
    load(): Promise<unknown>;
    forgetSignedOutElsewhere(): Promise<void>;
  };
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Another window signed in but this one still reads no such session (a host
   * whose SecretStorage reaches other windows only when they reload).
   */
  readonly onSignedInElsewhereUnseen?: () => void;
  /** How often the marker is read (default 2 s). */
  readonly intervalMs?: number;
}

export const MARKER_INTERVAL_MS = 2000;

export class SessionMarkerWatch implements Disposable {
  private written: string | null | undefined;
  private seenAt: number;
  /** When this window last announced its own sign-in or sign-out (0: never). */
  private announcedAt = 0;
  private readonly subscription: Disposable;
  private readonly timer: ReturnType<typeof setInterval>;
  private busy = false;

  constructor(private readonly deps: SessionMarkerDeps) {
    // What is there now was known at activation (the session was read then).
    const marker = deps.state.get<unknown>(StorageKeys.sessionMarker);
    this.seenAt = isSessionMarker(marker) ? marker.at : 0;
    this.written = deps.sessions.current?.id ?? null;
    this.subscription = deps.sessions.onDidChange((session) => this.announce(session?.id ?? null));
    this.timer = setInterval(() => void this.check(), deps.intervalMs ?? MARKER_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** Reads the marker once and acts on it; resolves when done. */
  async check(): Promise<void> {
    if (this.busy) return;
    const marker = this.deps.state.get<unknown>(StorageKeys.sessionMarker);
    // globalState is one value per extension, so another window's write of
    // other keys, made before ours reached it, can bring back an older
    // marker: this window's announcement is then written again.
    if (this.announcedAt > 0 && (!isSessionMarker(marker) || marker.at < this.announcedAt)) {
      void this.deps.state.update(StorageKeys.sessionMarker, { session: this.written ?? null, at: this.announcedAt } satisfies SessionMarker);
      return;
    }
    const action = markerAction(marker, this.deps.sessions.current?.id, this.seenAt);
    if (!isSessionMarker(marker) || action === 'none') return;
    this.seenAt = marker.at;
    this.written = marker.session;
    this.busy = true;
    try {
      if (action === 'forget') {
        this.deps.logger.info('Signed out in another window');
        await this.deps.sessions.forgetSignedOutElsewhere();
      } else {
        this.deps.logger.info('Signed in in another window; reading the session');
        await this.deps.sessions.load();
        if (this.deps.sessions.current?.id !== marker.session) {
          this.deps.logger.info('The other window\'s session is not readable here until this window reloads');
          this.deps.onSignedInElsewhereUnseen?.();
        }
      }
    } catch (error) {
      this.deps.logger.warn(`Following another window's sign-in failed: ${String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private announce(session: string | null): void {
    // Token rotations keep the id; what this window just took from the marker is not news.
    if (session === this.written) return;
    this.written = session;
    const at = Math.max(this.deps.clock.now(), this.seenAt + 1);
    this.seenAt = at;
    this.announcedAt = at;
    void this.deps.state.update(StorageKeys.sessionMarker, { session, at } satisfies SessionMarker);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
  }
}
