import { createHandler } from '../../http/create-handler.ts';
import { recordRoutes } from './routes.ts';

export const handler = createHandler('records', recordRoutes);
