import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The process's one logger, metrics buffer and tracer (Powertools). The service is the function's:
 * CDK sets POWERTOOLS_SERVICE_NAME (`attain-<group>`, `attain-rollup-worker`) and
 * POWERTOOLS_METRICS_NAMESPACE on every function; outside Lambda they default to `attain` and `Attain`.
 *
 * Metrics go out as CloudWatch EMF lines on stdout when `logMetrics` flushes them, with the `service`
 * dimension only. The tracer is off outside Lambda (no AWS_EXECUTION_ENV) and wherever
 * POWERTOOLS_TRACE_ENABLED is `false`; then capturing a client returns it untouched.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'attain';

export const logger = new Logger({ serviceName });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'Attain',
  // "No application metrics to publish" (an invocation that ran nothing) as a structured log line.
  logger,
});

export const tracer = new Tracer({ serviceName });
