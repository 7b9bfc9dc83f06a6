import { createHandler } from '../../http/create-handler.ts';
import { goalRoutes } from './routes.ts';

export const handler = createHandler('goals', goalRoutes);
