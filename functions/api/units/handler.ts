import { composePorts, readOnly } from '../../compose.ts';
import { goalReader } from '../../store/goal-reader.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { unitRoutes } from './routes.ts';

/** The units routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('units', unitRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('units', { units: unitRepository, goals: readOnly('goals', goalReader) }));
