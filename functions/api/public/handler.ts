import { composePorts } from '../../compose.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { publicRoutes } from './routes.ts';

/** The public routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('public', publicRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('public', {}));
