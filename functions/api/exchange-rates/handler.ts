import { composePorts, readOnly } from '../../compose.ts';
import { exchangeRateRepository } from '../../store/exchange-rate-repository.ts';
import { getSettings } from '../../store/settings-reader.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { exchangeRateRoutes } from './routes.ts';

/** The exchange-rate routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('exchange-rates', exchangeRateRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle); the settings only read (the default currency). */
export const handler = handlerWith(composePorts('exchange-rates', { exchangeRates: exchangeRateRepository, settings: readOnly('settings', { get: getSettings }) }));
