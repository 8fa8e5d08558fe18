/** The feature keys of the catalogue (plain constants: the webview and every part use them without the schema library). */

/** Feature keys that gate paid functionality. */
export const FeatureKeys = {
  basicCompletions: 'ai.completions.basic',
  unlimitedCompletions: 'ai.completions.unlimited',
  agent: 'ai.agent',
  premiumModels: 'ai.premiumModels',
  /** Pro+ and Power: several agents at once. */
  parallelAgents: 'ai.agent.parallel',
  /** Power only: agents that keep working in the background. */
  backgroundAgents: 'ai.agent.background',
} as const;
export type FeatureKey = (typeof FeatureKeys)[keyof typeof FeatureKeys];
