/**
 * Last-resort cleanup: whatever a run started (sandbox, code-server's process
 * group) is signalled when this process exits, including on Ctrl+C or a crash,
 * so nothing outlives the run. Normal shutdown still stops things in order.
 */
const killers = new Set<() => void>();
let installed = false;

/** Registers a synchronous kill to run at exit; returns its unregistration. */
export function killOnExit(kill: () => void): () => void {
  install();
  killers.add(kill);
  return () => killers.delete(kill);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const kill of killers) {
      try {
        kill();
      } catch {
        // Already gone.
      }
    }
  });
  const signals: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [signal, code] of signals) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping what this run started`);
      process.exit(code);
    });
  }
}

/** Signals a process group (negative PID) or a single process, ignoring "no such process". */
export function signalProcess(pid: number | undefined, signal: NodeJS.Signals, group = false): void {
  if (pid === undefined) return;
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    // Already gone.
  }
}
