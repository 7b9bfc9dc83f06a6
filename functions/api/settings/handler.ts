import { cloudPorts } from '../../compose.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { settingsRoutes } from './routes.ts';

/** The settings routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('settings', settingsRoutes, ports);

export const handler = handlerWith(cloudPorts());
