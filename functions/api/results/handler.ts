import { createHandler } from '../../http/create-handler.ts';
import { resultRoutes } from './routes.ts';

export const handler = createHandler('results', resultRoutes);
