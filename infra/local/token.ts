/**
 * `npm run token -- --tenant demo --user u-admin --role admin` prints a dev token (and nothing else)
 * that the local gateway accepts, signed with ATTAIN_DEV_SECRET.
 */
import { parseArgs } from 'node:util';
import { roles } from '../../core/model/primitives.ts';
import { defaultDevSecret, devClaimsSchema, signDevToken } from './dev-token.ts';

const usage = `Usage: npm run token -- --tenant <id> --user <id> --role <${roles.join('|')}> [--expires-in <n>[s|m|h|d]]

Prints an HS256 token for the local gateway (npm start), signed with ATTAIN_DEV_SECRET
(default ${defaultDevSecret}). Ids are 1-128 characters of A-Z a-z 0-9 . _ : -
The token expires after 12h unless --expires-in says otherwise.

Example: curl -H "Authorization: Bearer $(npm run -s token -- --tenant demo --user u-admin --role admin)" localhost:3000/goals`;

class UsageError extends Error {
  override name = 'UsageError';
}

function lifetimeSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,9})([smhd]?)$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new UsageError(`--expires-in: "${text}" is not a duration like 30m, 12h or 7d`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

async function main(argv: string[]): Promise<string | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string' },
        user: { type: 'string' },
        role: { type: 'string' },
        'expires-in': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  const claims = devClaimsSchema.safeParse({ sub: values.user, tenant: values.tenant, role: values.role });
  if (!claims.success) {
    const flag = { sub: '--user', tenant: '--tenant', role: '--role' } as Record<string, string>;
    const problems = claims.error.issues.map((issue) => {
      const name = flag[String(issue.path[0])] ?? String(issue.path[0]);
      const given = (values as Record<string, unknown>)[name.slice(2)];
      return given === undefined ? `${name} is required` : `${name}: ${issue.message}`;
    });
    throw new UsageError(problems.join('\n'));
  }
  const secret = process.env.ATTAIN_DEV_SECRET || defaultDevSecret;
  const expiresInSeconds = lifetimeSeconds(values['expires-in']);
  return signDevToken(claims.data, { secret, ...(expiresInSeconds ? { expiresInSeconds } : {}) });
}

try {
  const token = await main(process.argv.slice(2));
  process.stdout.write(token === undefined ? `${usage}\n` : `${token}\n`);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${usage}\n`);
  process.exitCode = 2;
}
