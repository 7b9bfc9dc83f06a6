import { createHandler } from '../../http/create-handler.ts';
import { settingsRoutes } from './routes.ts';

export const handler = createHandler('settings', settingsRoutes);
