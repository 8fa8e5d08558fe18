/**
 * ns per call of the exported API's has(feature), against Set.has on a plain
 * Set of the same feature keys, through the same loop harness (the callee is
 * passed in, so both go through one call site), interleaved round by round.
 */
import { type LoopResult } from '../benchProtocol';
import { type PlanBillingApi } from '../../src/entitlements/publicApi';

type Check = (feature: string) => boolean;

/** Keeps the results alive so the loop cannot be optimised away. */
let sink = 0;

function nsPerCall(check: Check, feature: string, calls: number): number {
  let hits = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) if (check(feature)) hits++;
  const elapsed = Number(process.hrtime.bigint() - started);
  sink += hits;
  return elapsed / calls;
}

export function measureEntitlementChecks(api: PlanBillingApi, options: { callsPerRound: number; rounds: number }): LoopResult[] {
  const features = new Set(api.getEntitlements().features);
  const granted = [...features].find((f) => f !== 'ai.completions.basic') ?? [...features][0] ?? 'ai.agent';
  const missing = 'bench.not-a-feature';
  const cases: Array<{ name: string; check: Check; feature: string }> = [
    { name: `api.has('${granted}') (granted)`, check: (f) => api.has(f), feature: granted },
    { name: `Set.has('${granted}') (baseline)`, check: (f) => features.has(f), feature: granted },
    { name: `api.has('${missing}') (not granted)`, check: (f) => api.has(f), feature: missing },
    { name: `Set.has('${missing}') (baseline)`, check: (f) => features.has(f), feature: missing },
  ];
  // Warm-up: let the JIT settle on every case before anything is timed.
  for (const c of cases) nsPerCall(c.check, c.feature, options.callsPerRound);
  const results = cases.map((c) => ({ name: c.name, nsPerCall: [] as number[] }));
  for (let round = 0; round < options.rounds; round++) {
    cases.forEach((c, i) => results[i]!.nsPerCall.push(nsPerCall(c.check, c.feature, options.callsPerRound)));
  }
  if (sink < 0) throw new Error('unreachable');
  return results;
}
