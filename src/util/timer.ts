/** One pending callback that scheduling again replaces (the store's wake-up, boundary and activation timers). */
import { DAY } from './clock';
import { type Disposable } from './events';

/** Delays longer than this are clamped (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 24 * DAY;

export class Timer implements Disposable {
  private handle: ReturnType<typeof setTimeout> | undefined;

  /** Runs `callback` after `delayMs` (clamped to 0–24 days), replacing what was scheduled. */
  set(delayMs: number, callback: () => void): void {
    this.clear();
    this.handle = setTimeout(callback, Math.min(Math.max(0, delayMs), MAX_TIMER_MS));
  }

  clear(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
