/**
 * Values built on first use (docs/architecture.md "Activation"): the services
 * bundle is required the first time one of its parts is needed.
 */

export interface Lazy<T> {
  /** The value, made now if it was not yet. */
  get(): T;
  /** The value if it was made, without making it. */
  peek(): T | undefined;
}

/** `make()` once, on the first get(). */
export function lazy<T>(make: () => T): Lazy<T> {
  let made: { value: T } | undefined;
  return {
    get: () => (made ??= { value: make() }).value,
    peek: () => made?.value,
  };
}

type Method = (...args: never[]) => unknown;
type MethodKeys<T> = { [K in keyof T]: T[K] extends Method ? K : never }[keyof T];

/**
 * An object whose `methods` call the same methods of `target()`, which is
 * resolved at the first call: a part built at activation can hold a
 * dependency whose code is loaded later.
 */
export function forwarding<T, K extends MethodKeys<T>>(target: () => T, methods: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const name of methods) {
    const call = (...args: unknown[]) => (target()[name] as (...a: unknown[]) => unknown).apply(target(), args);
    out[name] = call as unknown as T[K];
  }
  return out as Pick<T, K>;
}
