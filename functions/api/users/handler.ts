import { composePorts, readOnly } from '../../compose.ts';
import { unitReader } from '../../store/unit-reader.ts';
import { userRepository } from '../../store/user-repository.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { userRoutes } from './routes.ts';

/** The users routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('users', userRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('users', { users: userRepository, units: readOnly('units', unitReader) }));
