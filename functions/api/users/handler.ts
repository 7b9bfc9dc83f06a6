import { createHandler } from '../../http/create-handler.ts';
import { userRoutes } from './routes.ts';

export const handler = createHandler('users', userRoutes);
