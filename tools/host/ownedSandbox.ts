/**
 * A sandbox that a run starts and owns: fresh demo data in a temp folder
 * (unless a data file is given), signalled if the run dies, and its data
 * folder removed when stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxProcess, type StartSandboxOptions } from '../../test/support/sandboxProcess';
import { killOnExit, signalProcess } from './processCleanup';

export interface OwnedSandbox {
  readonly sandbox: SandboxProcess;
  stop(): Promise<void>;
}

export async function startOwnedSandbox(options: StartSandboxOptions = {}): Promise<OwnedSandbox> {
  const dataDir = options.dataFile === undefined ? mkdtempSync(join(tmpdir(), 'pb-sandbox-')) : undefined;
  const removeData = () => dataDir && rmSync(dataDir, { recursive: true, force: true });
  let sandbox: SandboxProcess;
  try {
    sandbox = await startSandbox(dataDir ? { ...options, dataFile: join(dataDir, 'sandbox.db'), reset: options.reset ?? true } : options);
  } catch (error) {
    removeData();
    throw error;
  }
  const unregister = killOnExit(() => signalProcess(sandbox.child.pid, 'SIGTERM'));
  return {
    sandbox,
    stop: async () => {
      await sandbox.stop();
      unregister();
      removeData();
    },
  };
}
