import { createHandler } from '../../http/create-handler.ts';
import { metricRoutes } from './routes.ts';

export const handler = createHandler('metrics', metricRoutes);
