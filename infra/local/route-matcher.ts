import { parseRouteKey, type RouteEntry } from '../../functions/api/route-table.ts';

export interface RouteMatch {
  readonly route: RouteEntry;
  /** URL-decoded values of the template's `{param}` segments; empty when it has none. */
  readonly pathParameters: Record<string, string>;
}

interface CompiledRoute {
  readonly route: RouteEntry;
  readonly method: string;
  readonly segments: readonly string[];
  readonly literalCount: number;
}

const isParameter = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

/**
 * Matches `METHOD /path` against route keys like API Gateway HTTP APIs do: segment by segment,
 * `{param}` matching one non-empty segment, the most specific route (most literal segments) winning.
 * Returns undefined when no route has that method and path (API Gateway answers 404 to both an
 * unknown path and a known path with another method).
 */
export function createRouteMatcher(routes: readonly RouteEntry[]): (method: string, path: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const { method, path } = parseRouteKey(route.key);
      const segments = path.split('/').slice(1);
      return { route, method, segments, literalCount: segments.filter((s) => !isParameter(s)).length };
    })
    .sort((a, b) => b.literalCount - a.literalCount);

  return (method, path) => {
    const requested = path.split('/').slice(1);
    for (const candidate of compiled) {
      if (candidate.method !== method || candidate.segments.length !== requested.length) continue;
      const pathParameters: Record<string, string> = {};
      const matches = candidate.segments.every((segment, i) => {
        const actual = requested[i]!;
        if (!isParameter(segment)) return segment === actual;
        if (actual === '') return false;
        pathParameters[segment.slice(1, -1)] = safeDecode(actual);
        return true;
      });
      if (matches) return { route: candidate.route, pathParameters };
    }
    return undefined;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
