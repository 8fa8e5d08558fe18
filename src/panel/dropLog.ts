/**
 * The log of messages the Manage Plan webview posted that were dropped: the
 * first of each kind is logged with its reason, the rest of that kind are only
 * counted until flush() (when the panel closes) reports how many. A webview
 * flooding the host with bad messages so costs a few log lines, not one per
 * message. Pure: the caller gives the logging function.
 */

/** Distinct kinds kept apart at most; beyond that they share one. */
const MAX_KINDS = 64;
const OTHER_KIND = 'other kinds';

export class DropLog {
  /** Per kind: drops after the first, not logged yet. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly warn: (line: string) => void) {}

  note(kind: string, reason: string): void {
    const key = this.counts.has(kind) || this.counts.size < MAX_KINDS - 1 ? kind : OTHER_KIND;
    const more = this.counts.get(key);
    if (more !== undefined) {
      this.counts.set(key, more + 1);
      return;
    }
    this.counts.set(key, 0);
    this.warn(`Dropped a message from the Manage Plan webview (${reason}); more of this kind are counted, not logged`);
  }

  /** Reports the drops not logged, one line per kind, and starts over. */
  flush(): void {
    for (const [kind, more] of this.counts) {
      if (more > 0) this.warn(`Dropped ${more} more message${more === 1 ? '' : 's'} from the Manage Plan webview (${kind})`);
    }
    this.counts.clear();
  }
}
