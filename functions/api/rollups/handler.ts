import { composePorts, readOnly } from '../../compose.ts';
import { dispatcherFrom } from '../../rollup/lambda-dispatcher.ts';
import { config } from '../../shared/config.ts';
import { goalReader } from '../../store/goal-reader.ts';
import { runRepository } from '../../store/run-repository.ts';
import { getSettings } from '../../store/settings-reader.ts';
import { skippedRecordReader } from '../../store/skipped-record-reader.ts';
import { unitReader } from '../../store/unit-reader.ts';
import { userReader } from '../../store/user-reader.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { rollupRoutes } from './routes.ts';

/** The rollups routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('rollups', rollupRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('rollups', {
    runs: runRepository,
    skipped: readOnly('skipped', skippedRecordReader),
    goals: readOnly('goals', goalReader),
    settings: readOnly('settings', { get: getSettings }),
    units: readOnly('units', unitReader),
    users: readOnly('users', userReader),
    dispatcher: dispatcherFrom(config()),
  }));
