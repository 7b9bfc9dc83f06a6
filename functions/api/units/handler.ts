import { createHandler } from '../../http/create-handler.ts';
import { unitRoutes } from './routes.ts';

export const handler = createHandler('units', unitRoutes);
