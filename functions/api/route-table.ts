/**
 * Every HTTP route of the public contract and the Lambda (route group) that serves it.
 * The CDK app and the local gateway both read this table, so the cloud and `npm start` expose
 * exactly the same routes; each group's handler checks at start-up that it implements its routes.
 */
export const routeGroups = ['public', 'settings', 'exchange-rates', 'units', 'users', 'metrics', 'records', 'goals', 'results', 'rollups'] as const;
export type RouteGroup = (typeof routeGroups)[number];

export interface RouteEntry {
  /** API Gateway route key, e.g. `GET /goals/{id}`. */
  readonly key: string;
  readonly group: RouteGroup;
  /** Public routes skip the JWT authorizer. */
  readonly public?: boolean;
}

export const routeTable: readonly RouteEntry[] = [
  { key: 'GET /health', group: 'public', public: true },
  { key: 'GET /openapi.json', group: 'public', public: true },

  { key: 'GET /settings', group: 'settings' },
  { key: 'PUT /settings', group: 'settings' },

  { key: 'GET /exchange-rates', group: 'exchange-rates' },
  { key: 'GET /exchange-rates/{currency}', group: 'exchange-rates' },
  { key: 'PUT /exchange-rates/{currency}', group: 'exchange-rates' },
  { key: 'DELETE /exchange-rates/{currency}', group: 'exchange-rates' },

  { key: 'GET /units', group: 'units' },
  { key: 'GET /units/{id}', group: 'units' },
  { key: 'PUT /units/{id}', group: 'units' },
  { key: 'DELETE /units/{id}', group: 'units' },

  { key: 'GET /users', group: 'users' },
  { key: 'GET /users/{id}', group: 'users' },
  { key: 'PUT /users/{id}', group: 'users' },

  { key: 'GET /metric-templates', group: 'metrics' },
  { key: 'POST /metrics', group: 'metrics' },
  { key: 'GET /metrics', group: 'metrics' },
  { key: 'GET /metrics/{id}', group: 'metrics' },
  { key: 'PATCH /metrics/{id}', group: 'metrics' },
  { key: 'DELETE /metrics/{id}', group: 'metrics' },
  { key: 'POST /metrics/{id}/preview', group: 'metrics' },
  { key: 'POST /metrics/preview', group: 'metrics' },

  { key: 'POST /records/batch', group: 'records' },
  { key: 'PUT /records/{recordType}/{id}', group: 'records' },
  { key: 'GET /records/{recordType}/{id}', group: 'records' },
  { key: 'DELETE /records/{recordType}/{id}', group: 'records' },

  { key: 'POST /goals', group: 'goals' },
  { key: 'GET /goals', group: 'goals' },
  { key: 'GET /goals/{id}', group: 'goals' },
  { key: 'PATCH /goals/{id}', group: 'goals' },
  { key: 'DELETE /goals/{id}', group: 'goals' },
  { key: 'POST /goals/{id}/lock', group: 'goals' },
  { key: 'POST /goals/{id}/unlock', group: 'goals' },
  { key: 'POST /goals/{id}/cascade', group: 'goals' },
  { key: 'POST /goals/{id}/periods', group: 'goals' },

  { key: 'GET /goals/{id}/progress', group: 'results' },
  { key: 'GET /goals/{id}/tree', group: 'results' },
  { key: 'GET /goals/{id}/history', group: 'results' },
  { key: 'GET /dashboard', group: 'results' },
  { key: 'GET /leaderboard', group: 'results' },

  { key: 'POST /rollups', group: 'rollups' },
  { key: 'GET /rollups', group: 'rollups' },
  { key: 'GET /rollups/{runId}', group: 'rollups' },
  { key: 'GET /rollups/{runId}/skipped', group: 'rollups' },
];

/** The module (relative to the repository root) whose `handler` export serves a group. */
export function handlerEntry(group: RouteGroup): string {
  return `functions/api/${group}/handler.ts`;
}

/** Splits `GET /goals/{id}` into its method and path template. */
export function parseRouteKey(key: string): { method: string; path: string } {
  const space = key.indexOf(' ');
  if (space <= 0) throw new Error(`Malformed route key: ${key}`);
  return { method: key.slice(0, space), path: key.slice(space + 1) };
}
