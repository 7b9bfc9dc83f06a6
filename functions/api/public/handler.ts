import { createHandler } from '../../http/create-handler.ts';
import { publicRoutes } from './routes.ts';

export const handler = createHandler('public', publicRoutes);
