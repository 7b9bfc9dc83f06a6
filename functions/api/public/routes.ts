import { z } from 'zod';
import { ok } from '../../http/responses.ts';
import { route, type RouteDefinition } from '../../http/route.ts';
import { exchangeRateRoutes } from '../exchange-rates/routes.ts';
import { goalRoutes } from '../goals/routes.ts';
import { resultRoutes } from '../results/routes.ts';
import { rollupRoutes } from '../rollups/routes.ts';
import { metricRoutes } from '../metrics/routes.ts';
import { recordRoutes } from '../records/routes.ts';
import { settingsRoutes } from '../settings/routes.ts';
import { unitRoutes } from '../units/routes.ts';
import { userRoutes } from '../users/routes.ts';
import { buildOpenApi } from './openapi.ts';

let document: Record<string, unknown> | undefined;

const healthRoute = route({
  key: 'GET /health',
  summary: 'Liveness',
  public: true,
  response: z.object({ status: z.literal('ok') }),
  handle: async () => ok({ status: 'ok' }),
});

const openApiRoute: RouteDefinition = route({
  key: 'GET /openapi.json',
  summary: 'This OpenAPI 3.1 document',
  public: true,
  handle: async () => {
    document ??= buildOpenApi([...publicRoutes, ...settingsRoutes, ...exchangeRateRoutes, ...unitRoutes, ...userRoutes, ...metricRoutes, ...recordRoutes, ...goalRoutes, ...resultRoutes, ...rollupRoutes]);
    return ok(document);
  },
});

export const publicRoutes = [healthRoute, openApiRoute];
