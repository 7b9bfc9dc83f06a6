import { composePorts, readOnly } from '../../compose.ts';
import { goalReader } from '../../store/goal-reader.ts';
import { resultReader } from '../../store/result-reader.ts';
import { runReader } from '../../store/run-reader.ts';
import { getSettings } from '../../store/settings-reader.ts';
import { unitReader } from '../../store/unit-reader.ts';
import { userReader } from '../../store/user-reader.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { resultRoutes } from './routes.ts';

/** The results routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('results', resultRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('results', {
    goals: readOnly('goals', goalReader),
    results: readOnly('results', resultReader),
    runs: readOnly('runs', runReader),
    settings: readOnly('settings', { get: getSettings }),
    units: readOnly('units', unitReader),
    users: readOnly('users', userReader),
  }));
