import { composePorts, readOnly } from '../../compose.ts';
import { goalReader } from '../../store/goal-reader.ts';
import { metricRepository } from '../../store/metric-repository.ts';
import { readRecordsOfType } from '../../store/record-reader.ts';
import { getSettings } from '../../store/settings-reader.ts';
import { unitReader } from '../../store/unit-reader.ts';
import { userReader } from '../../store/user-reader.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { metricRoutes } from './routes.ts';
import { exchangeRateReader } from '../../store/exchange-rate-reader.ts';

/** The metrics routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('metrics', metricRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('metrics', {
    metrics: metricRepository,
    goals: readOnly('goals', goalReader),
    exchangeRates: readOnly('exchangeRates', { all: exchangeRateReader.all }),
    settings: readOnly('settings', { get: getSettings }),
    units: readOnly('units', unitReader),
    users: readOnly('users', userReader),
    recordPages: readRecordsOfType,
  }));
