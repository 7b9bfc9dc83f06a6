// Imported first by the local entry points (after quiet-sdk-warning.ts). X-Ray is Lambda's: the
// Powertools Tracer is off outside Lambda anyway (no AWS_EXECUTION_ENV), and this keeps it off where
// a machine sets that variable itself (CloudShell, ECS), so no local run tries to send segments.
// Set before any module constructs the tracer; worker processes inherit it.
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
