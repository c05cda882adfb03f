import { readFileSync } from 'node:fs';

/** One mutation-testing group: what Stryker mutates, and the tests vitest runs against it. */
export interface MutationGroup {
  mutate: string[];
  tests: string[];
}

/** mutation/targets.json without its comment: group name → files (paths from the repository root). */
export function loadTargets(): Record<string, MutationGroup> {
  const raw = JSON.parse(readFileSync(new URL('./targets.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('$'))) as Record<string, MutationGroup>;
}
