import { z } from 'zod';
import { parseEnvironment } from '../../functions/shared/config.ts';
import { defaultDevSecret } from './dev-token.ts';

// An empty variable (`PORT=`) means "not set", as in most shells' habits.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const localEnvSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65_535).default(3000)),
  ATTAIN_DEV_SECRET: optional(z.string().min(1).default(defaultDevSecret)),
  ATTAIN_DATA_DIR: optional(z.string().min(1).default('.attain')),
  ATTAIN_DYNAMODB_ENDPOINT: optional(z.url().optional()),
  ATTAIN_NO_DEMO: optional(z.enum(['1', 'true', '0', 'false']).optional()).transform((v) => v === '1' || v === 'true'),
  ATTAIN_NO_SCHEDULER: optional(z.enum(['1', 'true', '0', 'false']).optional()).transform((v) => v === '1' || v === 'true'),
  ATTAIN_TABLE: optional(z.string().min(3).max(255).default('attain')),
  AWS_REGION: optional(z.string().min(1).default('eu-north-1')),
});

export type LocalConfig = z.infer<typeof localEnvSchema>;

/** The configuration of `npm start`, validated once; a bad variable fails with its name (a ConfigError). */
export const loadLocalConfig = (env: NodeJS.ProcessEnv): LocalConfig => parseEnvironment(localEnvSchema, env, 'Invalid environment for npm start');
