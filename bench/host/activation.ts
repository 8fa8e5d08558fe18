/**
 * Times getExtension(id).activate() for an extension that is not active yet:
 * VS Code requires its main module, creates its context and calls activate().
 * The same call for ours and for the bare baseline, in the same host.
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { type ActivationOrder, type ActivationSample, bareExtensionId, type HeapSample } from '../benchProtocol';
import { heapAfterGc } from './heap';
import { extensionId } from '../../tools/host/hostEnvironment';
import { type Exports } from '../../test/integration/support/planBilling';

interface Timed {
  readonly sample: ActivationSample;
  /** Ours only: resolves with the sample completed by what happened after activate() returned. */
  readonly settled: Promise<ActivationSample>;
}

async function timeActivation(which: 'ours' | 'bare'): Promise<Timed> {
  const id = which === 'ours' ? extensionId : bareExtensionId;
  const extension = vscode.extensions.getExtension<unknown>(id);
  assert.ok(extension, `${id} is not loaded in this host`);
  const wasActive = extension.isActive;
  const startedAt = Date.now();
  const started = performance.now();
  const exports = await extension.activate();
  const ended = performance.now();
  const sample: ActivationSample = { extension: which, ms: ended - started, wasActive, startedAt, endedAt: Date.now() };
  const testing = which === 'ours' ? (exports as Exports).testing : undefined;
  if (!testing) return { sample, settled: Promise.resolve(sample) };
  const withState: ActivationSample = { ...sample, insideMs: testing.activationMs, stateAfter: testing.snapshot().kind };
  const settled = testing.restored.then(() => ({
    ...withState,
    restoredAfterMs: performance.now() - ended,
    stateRestored: testing.snapshot().kind,
    logLine: testing.logs().find((line) => line.includes('Activated in')),
  }));
  return { sample: withState, settled };
}

/** Activates both extensions, one after the other, in the given order; resolves once ours has restored its account. */
export async function activateBoth(order: ActivationOrder): Promise<ActivationSample[]> {
  const sequence: Array<'ours' | 'bare'> = order === 'bareFirst' ? ['bare', 'ours'] : ['ours', 'bare'];
  const timed: Timed[] = [];
  for (const which of sequence) timed.push(await timeActivation(which));
  return Promise.all(timed.map((t) => t.settled));
}

/**
 * The bare extension, then ours, with the host's heap read after GC before,
 * between and after (and once ours loaded its services bundle). For memory
 * only: the collections would disturb the timed samples of other steps.
 */
export async function activateBothMeasuringHeap(): Promise<{ samples: ActivationSample[]; heap: HeapSample }> {
  const beforeBytes = heapAfterGc();
  const bare = await timeActivation('bare');
  const afterBareBytes = heapAfterGc();
  const ours = await timeActivation('ours');
  const afterOursBytes = heapAfterGc();
  const samples = await Promise.all([bare.settled, ours.settled]);
  // The services bundle loads when the stored account is read, or half a second after it at the latest.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const afterServicesBytes = heapAfterGc();
  return { samples, heap: { beforeBytes, afterBareBytes, afterOursBytes, afterServicesBytes } };
}
