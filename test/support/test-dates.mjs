#!/usr/bin/env node
// `npm run test:dates [-- vitest args…]`: runs the suite (or the given test files) once per date
// below, with the wall clock of every process in the run moved to that date (shifted-clock.mjs),
// so a test that only passes on some days of the year fails here. Exit code: the first failure's.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dates = (process.env.ATTAIN_TEST_DATES ?? '2027-01-01T00:30:00+01:00,2028-02-29T12:00:00Z,2026-12-31T23:30:00Z').split(',');
const preload = fileURLToPath(new URL('./shifted-clock.mjs', import.meta.url));
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const summary = [];
let failed = 0;
for (const date of dates) {
  const at = Date.parse(date);
  if (!Number.isFinite(at)) throw new Error(`Not an instant: ${date}`);
  const offset = at - Date.now();
  console.log(`\n=== clock set to ${date} ===`);
  const env = {
    ...process.env,
    ATTAIN_TEST_CLOCK_OFFSET_MS: String(offset),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(),
  };
  const { status, signal } = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit', env });
  const ok = status === 0;
  summary.push(`${date}: ${ok ? 'passed' : `failed (${signal ?? status})`}`);
  if (!ok && !failed) failed = status ?? 1;
}
console.log(`\ntest:dates\n${summary.join('\n')}`);
process.exit(failed);
