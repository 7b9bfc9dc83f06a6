/**
 * `npm run bench:import`: `attain import` of a 100,000-line CRM export against the local stack (an
 * in-memory DynamoDB Local and start.ts on 127.0.0.1 with the demo tenant, its live consumer and
 * worker, as `npm start` runs them). The file is written here the way Salesforce exports
 * opportunities (owners by name, US numbers and dates, quoted descriptions) and imported with
 * `--preset salesforce` by the real CLI binary in a child process, after a `--dry-run` of it (the
 * CLI's own share: `import dry-run lines=… seconds=… lines_per_s=…`). Last line:
 * `import lines=100000 seconds=<n> lines_per_s=<n>`.
 *
 *   ATTAIN_BENCH_IMPORT_LINES   lines in the file (default 100000)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUsers } from '../../infra/local/demo/demo-organization.ts';
import { startLoadStack } from './load-stack.ts';

const lines = Number(process.env.ATTAIN_BENCH_IMPORT_LINES ?? 100_000);
const bin = fileURLToPath(new URL('../../infra/cli/attain.mjs', import.meta.url));
const reps = demoUsers.filter((u) => u.role === 'member');
const stages = ['Closed Won', 'Closed Lost', 'Prospecting', 'Negotiation/Review'];

/** A Salesforce opportunity report as its CSV export writes it. */
function salesforceExport(count: number): string {
  const out = ['"Opportunity ID","Opportunity Name","Opportunity Owner","Amount","Amount Currency","Close Date","Stage","Lead Source","Description","Last Modified Date"'];
  for (let i = 0; i < count; i++) {
    const rep = reps[i % reps.length]!;
    const cents = 100_000 + ((i * 7919) % 9_000_000);
    const amount = `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
    const day = 1 + (i % 28);
    const month = 1 + (i % 12);
    out.push(
      `"006${String(i).padStart(12, '0')}","Deal ${i}","${rep.name}","${amount}","EUR","${month}/${day}/2026","${stages[i % stages.length]}","Web","Call back, then ""close""","${month}/${day}/2026 ${1 + (i % 12)}:${String(i % 60).padStart(2, '0')} ${i % 2 ? 'PM' : 'AM'}"`,
    );
  }
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'attain-bench-import-'));
const file = join(dir, 'opportunities.csv');
writeFileSync(file, salesforceExport(lines));

/** Runs the real CLI binary against the stack; answers its output and the seconds it took. */
function attain(url: string, token: string, args: string[]) {
  const started = performance.now();
  return new Promise<{ code: number; stdout: string; stderr: string; seconds: number }>((resolve) =>
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ATTAIN_URL: url, ATTAIN_TOKEN: token }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, seconds: (performance.now() - started) / 1000 }),
    ),
  );
}

const stack = await startLoadStack({ scheduler: false });
try {
  // The CLI's own share: reading, mapping and checking every line, with nothing written.
  const dry = await attain(stack.url, stack.integrationToken, ['import', file, '--preset', 'salesforce', '--dry-run']);
  process.stdout.write(dry.stdout.split('\n')[0] + '\n');
  console.log(`import dry-run lines=${lines} seconds=${dry.seconds.toFixed(1)} lines_per_s=${Math.round(lines / dry.seconds)}`);

  const result = await attain(stack.url, stack.integrationToken, ['import', file, '--preset', 'salesforce']);
  process.stderr.write(`${result.stderr.split(/\r|\n/).filter(Boolean).slice(-2).join('\n')}\n`);
  process.stdout.write(`${result.stdout.split('\n').slice(0, 12).join('\n')}\n`);
  if (result.code !== 0 || dry.code !== 0) {
    process.stderr.write(`attain import exited ${dry.code} (dry run), ${result.code}\n`);
    process.exitCode = 1;
  }
  console.log(`import lines=${lines} seconds=${result.seconds.toFixed(1)} lines_per_s=${Math.round(lines / result.seconds)}`);
} finally {
  await stack.stop();
}
