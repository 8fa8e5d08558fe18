/**
 * Disposables held together, as in VS Code core: a part adds what it creates
 * (subscriptions, emitters, timers) to one store and disposes the store.
 * Free of VS Code, so parts that run in unit tests use it too.
 */
import { type Disposable } from './events';

export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  /** Keeps `item` until dispose() or clear(); once disposed, disposes it at once (nothing may outlive the store). */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Disposes everything added so far; the store stays usable. */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        // One failing dispose must not keep the others alive.
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed to dispose');
  }

  /** Disposes everything added so far and everything added later. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
