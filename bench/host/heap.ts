/**
 * The extension host's heap after a full garbage collection, for the memory
 * figures (docs/benchmarks.md). The host runs without --expose-gc, so the
 * flag is set at run time and gc() taken from a fresh context (bench only).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** heapUsed (bytes) after two full collections. */
export function heapAfterGc(): number {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
