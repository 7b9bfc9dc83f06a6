import { cloudPorts } from '../../compose.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { metricRoutes } from './routes.ts';

/** The metrics routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('metrics', metricRoutes, ports);

export const handler = handlerWith(cloudPorts());
