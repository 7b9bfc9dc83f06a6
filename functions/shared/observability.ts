import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The process's one logger, metrics buffer and tracer (Powertools). The service is the function's:
 * CDK sets POWERTOOLS_SERVICE_NAME (`attain-<group>`, `attain-rollup-worker`) and
 * POWERTOOLS_METRICS_NAMESPACE on every function; outside Lambda they default to `attain` and `Attain`.
 *
 * Metrics go out as CloudWatch EMF lines on stdout when `logMetrics` flushes them, with the `service`
 * dimension only. The tracer is off outside Lambda (no AWS_EXECUTION_ENV) and wherever
 * POWERTOOLS_TRACE_ENABLED is `false`; then `traced` returns a client untouched.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'attain';

export const logger = new Logger({ serviceName });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'Attain',
  // "No application metrics to publish" (an invocation that ran nothing) as a structured log line.
  logger,
});

const tracingOn = Boolean(process.env.AWS_EXECUTION_ENV) && process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

// Loaded only where it traces: importing the tracer loads the X-Ray SDK, whose async hook costs about
// 8 % of the CPU of every request even with tracing off (measured on the fuzz, see the README).
const tracer = tracingOn ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName }) : undefined;

/** The client with its calls captured as X-Ray subsegments where tracing is on; otherwise the client itself. */
export function traced<T>(client: T): T {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
