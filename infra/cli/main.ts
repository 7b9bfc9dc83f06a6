/**
 * `attain` — the command line for the Attain API. URL and token from --url/--token or
 * ATTAIN_URL/ATTAIN_TOKEN. Exit codes: 0 done, 1 failed (API error, failed run, rejected lines), 2 usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dropOutputOnceClosed } from '../local/closed-output.ts';
import { ApiError, attainClient, ConnectionError, type AttainClient } from '../client/attain-client.ts';
import { CommandFailedError, exportCommand, goalsCommand, rollupCommand, tokenCommand, tokenRoles, UsageError, type Io } from './commands.ts';
import { importCommand } from './import-command.ts';
import { ImportStoppedError } from './import-records.ts';
import { MapError } from './import-map.ts';
import { HeaderError } from './read-records.ts';
import { ratesCommand } from './import-rates.ts';

const connection = `Connection (every command but token):
  --url URL        the API (default $ATTAIN_URL, else http://localhost:3000)
  --token TOKEN    a bearer token (default $ATTAIN_TOKEN); locally: attain token`;

const help: Record<string, string> = {
  main: `Usage: attain <command> [options]

Commands:
  token                     print a dev token for the local API (npm start)
  rollup [--goal ID] [--wait]
                            start a rollup; --wait shows its progress until it ends
  import FILE [--map M | --preset P]
                            import records from NDJSON or CSV (a CRM's own export with a map)
  export results --format csv|json
                            the current results of every goal you may see
  goals tree ID             a goal and its descendants with their progress
  rates import FILE         load exchange rates from a CSV of currency,from,rate

${connection}

attain <command> --help shows a command's options. Exit codes: 0 done, 1 failed, 2 wrong usage.`,
  token: `Usage: attain token [--tenant demo] [--user u-admin] [--role admin] [--expires-in 12h]

Prints an HS256 token the local API (npm start) accepts, signed with $ATTAIN_DEV_SECRET
(default attain-local-dev-secret). Roles: ${tokenRoles.join(', ')}.
Example: export ATTAIN_TOKEN=$(npx attain token --role admin)`,
  rollup: `Usage: attain rollup [--goal ID] [--wait] [--timeout SECONDS]

Starts a manual rollup (POST /rollups; admin, or a manager with --goal) and prints its run id.
  --goal ID        recompute only that goal's whole hierarchy
  --wait           follow the run (progress on stderr) until it succeeds (exit 0) or fails (exit 1)
  --timeout S      stop waiting after S seconds (default 900; exit 1)

${connection}`,
  import: `Usage: attain import FILE [--format csv|ndjson] [--type T] [--map MAP.json | --preset salesforce|hubspot|pipedrive] [--dry-run]

Streams records to POST /records/batch in batches of up to 500 (a few in flight), with a progress
bar on stderr (lines/s, time left), then prints how many were imported, unchanged (updatedAt older
than the stored one), rejected and warned, every rejected line with its line number and reason,
and the warnings by code with example lines. Exit 1 if any line was rejected.
  NDJSON (.ndjson, .jsonl): one record a line, {"recordType","id","ownerId","updatedAt",...fields}
  CSV (.csv): a header row, then one record a row (RFC 4180: quoted cells may hold commas, "" and
       line breaks; a BOM and CRLF are fine). Without a map the header names the API's fields:
       empty cells are left out, whole numbers and true/false are typed, decimals stay exact text;
       a splits column takes owner:percent pairs (ann:60;bob:40)
  --map MAP.json   how a CRM's own CSV export becomes records: columns to fields, owners looked up
                   by user name or email, numbers in a locale's format, date patterns in the
                   tenant's time zone, value maps, constants, ignored columns (see the README)
  --preset P       a shipped map for a CRM's standard deal export: salesforce (an opportunity
                   report), hubspot (deals), pipedrive (deals)
  --dry-run        read and check the whole file as the API would, and write nothing
  --format F       csv or ndjson when the file name does not tell
  --type T         recordType of lines that have none (e.g. deal); over the map's
A line without updatedAt gets the time the import started. A header the import cannot use is one
error for the file, before anything is sent.

${connection}`,
  export: `Usage: attain export results [--format csv|json] [--output FILE]

The results of the current run for every goal you may see (GET /goals, then each goal's progress):
one row per goal with its period, status, target, actual, in progress, percent, remaining, pace,
milestones, currency, run id and asOf. Values stay exact decimals (1234.50), their currency in its
own column; instants are UTC. Goals without results yet are left out.
  --format F       csv (default) or json
  --output FILE    write to FILE instead of stdout

${connection}`,
  goals: `Usage: attain goals tree ID [--json]

Prints a goal and its descendants with progress bars (█ actual, ▒ in progress), percent,
values in their currency (€ 1,234.50, ¥ 1,235, as the page writes them), remaining, status and
pace; the time of the results in the tenant's time zone. --json prints the API's tree as it is.

${connection}`,
  rates: `Usage: attain rates import FILE

Loads exchange rates (admins) from a CSV whose header is currency,from,rate (in any order), one
rate a line: units of the tenant's default currency for one unit of the currency, from that date
(YYYY-MM-DD) until the currency's next one, as a decimal with up to 10 digits after the point.
  USD,2026-01-01,0.9237
Each currency's lines replace all its rates (PUT /exchange-rates/{currency} with the version just
read). Prints each currency stored, then every rejected line with its number (exit 1 if any): a
currency with a rejected line keeps the rates it had. A line that cannot be read stops the import
before anything is sent.

${connection}`,
};

const common = { url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsConfig['options'];

const options = {
  token: { tenant: { type: 'string' }, user: { type: 'string' }, role: { type: 'string' }, 'expires-in': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  rollup: { ...common, goal: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' } },
  import: { ...common, format: { type: 'string' }, type: { type: 'string' }, map: { type: 'string' }, preset: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  export: { ...common, format: { type: 'string' }, output: { type: 'string', short: 'o' } },
  goals: { ...common, json: { type: 'boolean' } },
  rates: common,
} as const satisfies Record<string, ParseArgsConfig['options']>;

function connect(values: { url?: string; token?: string }): AttainClient {
  const url = values.url ?? process.env.ATTAIN_URL ?? 'http://localhost:3000';
  const token = values.token ?? process.env.ATTAIN_TOKEN;
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--url: "${url}" is not an http(s) URL`);
  if (!token) throw new UsageError('No token: pass --token or set ATTAIN_TOKEN (locally: export ATTAIN_TOKEN=$(npx attain token))');
  return attainClient(url, token);
}

/** What went wrong, for a person: the API's answer with a hint, or no answer at all. */
function failure(error: unknown): string {
  if (error instanceof ApiError) {
    const hint = error.status === 401 ? ' (is the token valid for this API? locally: attain token)' : error.status === 403 ? ' (your role may not do this)' : '';
    const details = (error.details ?? []).map((d) => `\n  ${JSON.stringify(d)}`).join('');
    return `the API answered ${error.status} ${error.code}: ${error.reason}${hint}${details}`;
  }
  if (error instanceof ConnectionError) return `${error.message} (is npm start running? set --url or ATTAIN_URL)`;
  return (error as Error).message ?? String(error);
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(`${help.main}\n`);
    return command ? 0 : 2;
  }
  if (!(command in options)) {
    io.err(`Unknown command "${command}"\n\n${help.main}\n`);
    return 2;
  }
  const name = command as keyof typeof options;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: options[name], allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const values = parsed.values as Record<string, string | boolean | undefined> & { help?: boolean };
    const positionals = parsed.positionals;
    if (values.help) {
      io.out(`${help[name]}\n`);
      return 0;
    }
    const maxPositionals = { token: 0, rollup: 0, import: 1, export: 1, goals: 2, rates: 2 }[name];
    if (positionals.length > maxPositionals) throw new UsageError(`Unexpected argument "${positionals[maxPositionals]}"`);
    if (name === 'token') await tokenCommand(values as never, io);
    else {
      const api = connect(values as { url?: string; token?: string });
      if (name === 'rollup') await rollupCommand(api, values as never, io);
      if (name === 'import') await importCommand(api, positionals[0], values as never, io);
      if (name === 'export') await exportCommand(api, positionals[0], values as never, io);
      if (name === 'goals') await goalsCommand(api, positionals[0], positionals[1], values as never, io);
      if (name === 'rates') await ratesCommand(api, positionals[0], positionals[1], io);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`attain ${name}: ${error.message}\n\n${help[name]}\n`);
      return 2;
    }
    if (error instanceof MapError) {
      io.err(`attain ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof HeaderError) {
      io.err(`attain ${name}: ${error.message}; nothing was sent\n`);
      return 1;
    }
    if (error instanceof ImportStoppedError) {
      io.err(`attain ${name}: ${failure(error.cause)}; ${error.message}\n`);
      return 1;
    }
    if (error instanceof ApiError || error instanceof ConnectionError || error instanceof CommandFailedError) {
      io.err(`attain ${name}: ${failure(error)}\n`);
      return 1;
    }
    io.err(`attain ${name}: ${(error as Error).message ?? error}\n`);
    return 1;
  }
}

// `attain … | head -1`: once the reader is gone, the rest of the output is dropped (no EPIPE stack
// trace) and the command ends as it would have, with its usual exit code.
dropOutputOnceClosed();
const io: Io = { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) };
process.exitCode = await run(process.argv.slice(2), io);
