import { composePorts } from './compose.ts';
import { schedulerFrom } from './rollup/eventbridge-scheduler.ts';
import { dispatcherFrom } from './rollup/lambda-dispatcher.ts';
import { config } from './shared/config.ts';
import { exchangeRateRepository } from './store/exchange-rate-repository.ts';
import { goalRepository } from './store/goal-repository.ts';
import { metricRepository } from './store/metric-repository.ts';
import { readRecordsOfType } from './store/record-reader.ts';
import { recordRepository } from './store/record-repository.ts';
import { resultRepository } from './store/result-repository.ts';
import { liveRepository } from './store/live-repository.ts';
import { runRepository } from './store/run-repository.ts';
import { settingsRepository } from './store/settings-repository.ts';
import { skippedRecordRepository } from './store/skipped-record-repository.ts';
import { unitRepository } from './store/unit-repository.ts';
import { userRepository } from './store/user-repository.ts';
import type { AppPorts } from './use-cases/ports.ts';

/**
 * Every port, backed by DynamoDB and AWS: what the rollup worker runs with, and — with single
 * ports replaced by `overrides` (worker processes as dispatcher, a test's clock) — the local
 * gateway and the tests. A route group's Lambda wires only its own (functions/api/<group>/handler.ts).
 */
export function cloudPorts(overrides: Partial<AppPorts> = {}): AppPorts {
  const env = config();
  return composePorts('cloud', {
    goals: goalRepository,
    metrics: metricRepository,
    units: unitRepository,
    users: userRepository,
    settings: settingsRepository,
    exchangeRates: exchangeRateRepository,
    records: recordRepository,
    recordPages: readRecordsOfType,
    runs: runRepository,
    live: liveRepository,
    results: resultRepository,
    skipped: skippedRecordRepository,
    dispatcher: dispatcherFrom(env),
    scheduler: schedulerFrom(env),
    ...overrides,
  });
}
