import { z } from 'zod';

const envSchema = z.object({
  ATTAIN_TABLE: z.string().min(3).max(255).default('attain'),
  ATTAIN_DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-north-1'),
});

export type Config = z.infer<typeof envSchema>;

let cached: Config | undefined;

/** The process's configuration, validated once; a bad variable fails fast with its name. */
export function config(): Config {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
