import { cloudPorts } from '../../compose.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { resultRoutes } from './routes.ts';

/** The results routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('results', resultRoutes, ports);

export const handler = handlerWith(cloudPorts());
