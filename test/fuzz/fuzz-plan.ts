/** Which fuzz file sends the requests of which routes (one file per vitest worker's share). */
export const fuzzPlan = {
  'org': ['GET /health', 'GET /openapi.json', 'GET /settings', 'PUT /settings', 'GET /exchange-rates', 'GET /exchange-rates/{currency}', 'PUT /exchange-rates/{currency}', 'DELETE /exchange-rates/{currency}', 'GET /units', 'GET /units/{id}', 'PUT /units/{id}', 'DELETE /units/{id}', 'GET /users', 'GET /users/{id}', 'PUT /users/{id}'],
  'metrics-records': ['GET /metric-templates', 'POST /metrics', 'GET /metrics', 'GET /metrics/{id}', 'PATCH /metrics/{id}', 'DELETE /metrics/{id}', 'POST /metrics/{id}/preview', 'POST /metrics/preview', 'POST /records/batch', 'PUT /records/{recordType}/{id}', 'GET /records/{recordType}/{id}', 'DELETE /records/{recordType}/{id}'],
  'goals': ['POST /goals', 'GET /goals', 'GET /goals/{id}', 'PATCH /goals/{id}', 'DELETE /goals/{id}', 'POST /goals/{id}/lock', 'POST /goals/{id}/unlock', 'POST /goals/{id}/cascade', 'POST /goals/{id}/periods'],
  'results-rollups': ['GET /goals/{id}/progress', 'GET /goals/{id}/tree', 'GET /goals/{id}/history', 'GET /dashboard', 'GET /leaderboard', 'POST /rollups', 'GET /rollups', 'GET /rollups/{runId}', 'GET /rollups/{runId}/skipped'],
} as const;
export type FuzzFile = keyof typeof fuzzPlan;
