import { cloudPorts } from '../../compose.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { recordRoutes } from './routes.ts';

/** The records routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('records', recordRoutes, ports);

export const handler = handlerWith(cloudPorts());
