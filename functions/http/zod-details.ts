import type { z } from 'zod';
import type { ProblemDetail } from '../shared/errors.ts';

function pathOf(base: PropertyKey[], key?: PropertyKey): string {
  const parts = key === undefined ? base : [...base, key];
  return parts.length === 0 ? '' : parts.map((p) => String(p)).join('.');
}

/** One `{path, message}` entry per problem, unknown keys listed one by one. */
export function zodDetails(error: z.ZodError, prefix: PropertyKey[] = []): ProblemDetail[] {
  return error.issues.flatMap((issue): ProblemDetail[] => {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that came closest rather than a bare "Invalid input": the one with the
      // fewest problems as reported (each unknown key one), so a definition with one bad field is not
      // told that all its fields are unknown to a template.
      const reports = issue.errors.filter((issues) => issues.length > 0).map((issues) => zodDetails({ issues } as unknown as z.ZodError, base));
      const closest = reports.sort((a, b) => a.length - b.length)[0];
      if (closest) return closest;
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf(base, key), message: 'Unknown field' }));
    }
    return [{ path: pathOf(base), message: issue.message }];
  });
}
