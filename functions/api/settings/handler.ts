import { composePorts } from '../../compose.ts';
import { schedulerFrom } from '../../rollup/eventbridge-scheduler.ts';
import { config } from '../../shared/config.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { createHandler } from '../../http/create-handler.ts';
import { settingsRoutes } from './routes.ts';

/** The settings routes' Lambda handler over the given ports (the gateway and tests bring their own). */
export const handlerWith = (ports: AppPorts) => createHandler('settings', settingsRoutes, ports);

/** In Lambda: only the stores these routes use (the function's IAM rights are derived from its bundle). */
export const handler = handlerWith(composePorts('settings', { settings: settingsRepository, scheduler: schedulerFrom(config()) }));
