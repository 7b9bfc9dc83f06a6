import { composePorts, readOnly } from '../../compose.ts';
import { schedulerFrom } from '../../rollup/eventbridge-scheduler.ts';
import { config } from '../../shared/config.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { metricRepository } from '../../store/metric-repository.ts';
import { readRecordsOfType } from '../../store/record-reader.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { unitReader } from '../../store/unit-reader.ts';
import { userReader } from '../../store/user-reader.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { goalRoutes } from './routes.ts';
import { exchangeRateReader } from '../../store/exchange-rate-reader.ts';

/** The goals routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('goals', goalRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('goals', {
    goals: goalRepository,
    metrics: readOnly('metrics', metricRepository),
    settings: settingsRepository,
    units: readOnly('units', unitReader),
    users: readOnly('users', userReader),
    exchangeRates: readOnly('exchangeRates', { all: exchangeRateReader.all }),
    recordPages: readRecordsOfType,
    scheduler: schedulerFrom(config()),
  }));
