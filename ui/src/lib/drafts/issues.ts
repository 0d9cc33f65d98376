// Rust decides the issues (crates/drafts/src/validate.rs); these helpers only pick the ones a
// field shows. No rule is written here.
import type { Issue } from '../bindings/Issue';

/** Issues about exactly the field at `path` (e.g. `content.link`). */
export function issuesAt(issues: readonly Issue[], path: string): Issue[] {
  return issues.filter((issue) => issue.path === path);
}

/** Issues about `path` or anything inside it (e.g. `content.template_data`). */
export function issuesUnder(issues: readonly Issue[], path: string): Issue[] {
  return issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
}

/** How many issues block publishing. */
export function errorCount(issues: readonly Issue[]): number {
  return issues.filter((issue) => issue.severity === 'error').length;
}

/**
 * Keeps only the answer to the latest request: issues for what the user typed a moment ago
 * must not replace the issues for what is in the field now.
 */
export function latestOnly<A extends unknown[], T>(
  request: (...args: A) => Promise<T>,
  apply: (value: T) => void,
): (...args: A) => Promise<void> {
  let latest = 0;
  return async (...args: A) => {
    const ticket = ++latest;
    const value = await request(...args);
    if (ticket === latest) apply(value);
  };
}
