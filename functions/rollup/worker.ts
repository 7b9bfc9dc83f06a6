import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { composePorts, readOnly } from '../compose.ts';
import { goalRepository } from '../store/goal-repository.ts';
import { metricRepository } from '../store/metric-repository.ts';
import { readRecordsOfType, recordImage } from '../store/record-reader.ts';
import { resultRepository } from '../store/result-repository.ts';
import { liveRepository } from '../store/live-repository.ts';
import { runRepository } from '../store/run-repository.ts';
import { settingsRepository } from '../store/settings-repository.ts';
import { skippedRecordRepository } from '../store/skipped-record-repository.ts';
import { unitRepository } from '../store/unit-repository.ts';
import { userRepository } from '../store/user-repository.ts';
import { logger, metrics } from '../shared/observability.ts';
import { assertNoDevSecretInLambda } from '../shared/runtime-guard.ts';
import type { AppPorts } from '../use-cases/ports.ts';
import { rollupEventSchema } from '../use-cases/rollups/rollup-event.ts';
import { runRollup } from '../use-cases/rollups/run-rollup.ts';
import { exchangeRateReader } from '../store/exchange-rate-reader.ts';

assertNoDevSecretInLambda();

export class RollupRunFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollupRunFailedError';
  }
}

/**
 * The rollup worker Lambda: EventBridge Scheduler's nightly event and POST /rollups' asynchronous
 * invoke both land here and run the same use case. A failed run is recorded first, then reported
 * as an invocation error so the worker's error alarm sees it (a retried delivery finds the run
 * finished and does nothing).
 */
export const workerWith = (ports: AppPorts) =>
  middy<unknown, RollupOutcome, Error, Context>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async (event) => {
      const startedMs = ports.clock.now();
      const outcome = await runRollup(ports, rollupEventSchema.parse(event));
      addRunMetrics(outcome, ports.clock.now() - startedMs);
      if (outcome.outcome === 'failed') throw new RollupRunFailedError(`Rollup run ${outcome.runId ?? ''} failed`);
      return outcome;
    });

type RollupOutcome = Awaited<ReturnType<typeof runRollup>>;

/**
 * A run's metrics (EMF, flushed by `logMetrics` after the invocation, also when it throws), with the
 * service as the one dimension: its duration, and for a run that finished its counts; a
 * recomputation's duration. A delivery that ran nothing (a duplicate, a tenant busy with another run) adds none.
 */
function addRunMetrics(outcome: RollupOutcome, durationMs: number): void {
  // A definition change's recomputation: how long it held the tenant's lease.
  if (outcome.outcome === 'recomputed') return void metrics.addMetric('RecomputeDurationMs', MetricUnit.Milliseconds, durationMs);
  if (!('runId' in outcome)) return;
  metrics.addMetric('RunDurationMs', MetricUnit.Milliseconds, durationMs);
  if (!('counts' in outcome)) return;
  metrics.addMetric('RecordsRead', MetricUnit.Count, outcome.counts.recordsRead);
  metrics.addMetric('GoalsComputed', MetricUnit.Count, outcome.counts.goalsComputed);
  metrics.addMetric('GoalsFailed', MetricUnit.Count, outcome.counts.goalsFailed);
  // Drift: live values the run found different from its recomputation (the drift alarm's metric).
  metrics.addMetric('GoalsDrifted', MetricUnit.Count, outcome.counts.verification.goalsDrifted);
  metrics.addMetric('GoalsUnverified', MetricUnit.Count, outcome.counts.verification.goalsUnverified);
}

export const handler = workerWith(
  composePorts('worker', {
    settings: settingsRepository,
    units: unitRepository,
    users: userRepository,
    metrics: metricRepository,
    goals: goalRepository,
    exchangeRates: readOnly('exchangeRates', { all: exchangeRateReader.all }),
    recordPages: readRecordsOfType,
    records: readOnly('records', { image: recordImage }),
    runs: runRepository,
    live: liveRepository,
    results: resultRepository,
    skipped: skippedRecordRepository,
  }),
);
