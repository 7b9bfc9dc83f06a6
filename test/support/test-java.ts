/**
 * JVM options for the DynamoDB Locals the tests start: the C1 compiler only and the serial
 * collector. On this 2-core machine such a JVM accepts connections in about half the time, and
 * over a test run's few thousand requests it spends about half the CPU: C2's optimising
 * compilations do not pay for themselves in runs this short. What the tests check (answers,
 * stored data, signals, exits) does not depend on the JIT. npm start and the benchmarks keep the
 * JVM's defaults.
 */
export const testJavaOptions: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * DynamoDB Local's telemetry off (its documented switch; a setting already made is kept): collecting
 * and sending it cost each DynamoDB Local about 0.6 CPU-seconds of its start-up on this machine (1.9 →
 * 1.4 s to the first requests answered; 0.7 s sooner up), and the suite starts some twenty of them.
 * Nothing a test checks comes from it.
 */
export const testDynamoDbLocalEnv: { readonly DDB_LOCAL_TELEMETRY: string } = { DDB_LOCAL_TELEMETRY: process.env.DDB_LOCAL_TELEMETRY ?? '0' };

/**
 * The same options for a JVM that another process starts (npm start, a fixture): Java reads
 * JAVA_TOOL_OPTIONS itself; options already set there are kept, ahead of these.
 */
export function testJavaEnv(): { JAVA_TOOL_OPTIONS: string; DDB_LOCAL_TELEMETRY: string } {
  return { JAVA_TOOL_OPTIONS: [process.env.JAVA_TOOL_OPTIONS, ...testJavaOptions].filter(Boolean).join(' '), ...testDynamoDbLocalEnv };
}
