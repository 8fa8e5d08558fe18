/**
 * A minimal event emitter with VS Code's `Event<T>` shape, so modules that
 * must run outside VS Code (unit tests) can expose events that VS Code code
 * subscribes to unchanged.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => unknown>();

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A failing listener must not stop the others (nor the emitter's caller).
        console.error(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
