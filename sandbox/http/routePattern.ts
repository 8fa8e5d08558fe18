/**
 * Fastify's route pattern of a path template: the contract's `{id}` segments
 * (shared/contract/paths.ts) become `:id`, so each path is spelled once.
 */
export function routePattern(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}
