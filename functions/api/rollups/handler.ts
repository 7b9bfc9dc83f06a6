import { createHandler } from '../../http/create-handler.ts';
import { rollupRoutes } from './routes.ts';

export const handler = createHandler('rollups', rollupRoutes);
