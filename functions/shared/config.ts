import { z } from 'zod';

/** A lease shorter than this could not be renewed (every third of it) before it ran out. */
const minLeaseSeconds = 3;

const scheduleVariables = ['ATTAIN_SCHEDULE_GROUP', 'ATTAIN_WORKER_ARN', 'ATTAIN_SCHEDULER_ROLE_ARN'] as const;

const envSchema = z
  .object({
    ATTAIN_TABLE: z.string().min(3).max(255).default('attain'),
    ATTAIN_DYNAMODB_ENDPOINT: z.url().optional(),
    AWS_REGION: z.string().min(1).default('eu-north-1'),
    /** The rollup worker POST /rollups invokes (set on the rollups function). */
    ATTAIN_WORKER_FUNCTION: z.string().min(1).optional(),
    /** How long a run's lease lasts, in whole seconds. */
    ATTAIN_ROLLUP_LEASE_SECONDS: z.coerce.number().int().min(minLeaseSeconds).max(900).default(120),
    /** EventBridge Scheduler: all three or none (none: no cloud schedules, e.g. on a laptop). */
    ATTAIN_SCHEDULE_GROUP: z.string().min(1).optional(),
    ATTAIN_WORKER_ARN: z.string().startsWith('arn:').optional(),
    ATTAIN_SCHEDULER_ROLE_ARN: z.string().startsWith('arn:').optional(),
    ATTAIN_SCHEDULE_DLQ_ARN: z.string().startsWith('arn:').optional(),
  })
  .superRefine((env, ctx) => {
    const set = scheduleVariables.filter((name) => env[name] !== undefined);
    if (set.length > 0 && set.length < scheduleVariables.length) {
      for (const name of scheduleVariables.filter((n) => env[n] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is required with ${set.join(', ')}` });
      }
    }
  });

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates an environment against `schema`; a bad or missing variable throws a ConfigError naming it. */
export function parseEnvironment<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv, what = 'Invalid environment'): z.output<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`${what}:\n  ${problems.join('\n  ')}`);
}

/** The functions' configuration from an environment (Lambda's, or npm start's). */
export const parseConfig = (env: NodeJS.ProcessEnv): Config => parseEnvironment(envSchema, env);

let cached: Config | undefined;

/** The process's configuration, validated once; a bad variable fails fast with its name. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
