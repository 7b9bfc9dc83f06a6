import { metricSchema } from '../../../core/model/metric.ts';
import { composePorts, readOnly } from '../../compose.ts';
import { tenantEntities } from '../../store/query-pages.ts';
import { recordRepository } from '../../store/record-repository.ts';
import { getSettings } from '../../store/settings-reader.ts';
import { userReader } from '../../store/user-reader.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { recordRoutes } from './routes.ts';
import { exchangeRateReader } from '../../store/exchange-rate-reader.ts';

/** The records routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('records', recordRoutes, ports);

/**
 * In Lambda: only the stores these routes use (the function's IAM rights are derived from its
 * bundle) — records, and what a write's warnings read: metrics, settings, users and exchange rates, read-only.
 */
export const handler = handlerWith(composePorts('records', {
  records: recordRepository,
  metrics: readOnly('metrics', { all: tenantEntities('metric', metricSchema).all }),
  settings: readOnly('settings', { get: getSettings }),
  users: readOnly('users', { existing: userReader.existing }),
  exchangeRates: readOnly('exchangeRates', { all: exchangeRateReader.all }),
}));
