import { writeFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { Goal as CoreGoal } from '../../core/model/goal.ts';
import type { StoredProgress } from '../../core/model/goal-result.ts';
import { roles } from '../../core/model/primitives.ts';
import { mapWithConcurrency } from '../../functions/shared/concurrency.ts';
import { defaultDevSecret, devClaimsSchema, signDevToken } from '../local/dev-token.ts';
import { listAll, type AttainClient } from '../client/attain-client.ts';
// The page's one formatting rule for values and percents (plain JS, shared with the browser).
import { money, percentText } from '../../web/format.js';

/** A mistake in how the command was called: exit code 2 with the command's help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran but did not succeed (a failed run, rejected lines): exit code 1. */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError';
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

// ---- token -----------------------------------------------------------------------------------

export async function tokenCommand(values: { tenant?: string; user?: string; role?: string; 'expires-in'?: string }, io: Io): Promise<void> {
  const claims = devClaimsSchema.safeParse({ sub: values.user ?? 'u-admin', tenant: values.tenant ?? 'demo', role: values.role ?? 'admin' });
  if (!claims.success) throw new UsageError(claims.error.issues.map((i) => `${({ sub: '--user', tenant: '--tenant', role: '--role' } as Record<string, string>)[String(i.path[0])]}: ${i.message}`).join('\n'));
  let expiresInSeconds: number | undefined;
  if (values['expires-in'] !== undefined) {
    const match = /^(\d{1,9})([smhd]?)$/.exec(values['expires-in']);
    if (!match || Number(match[1]) === 0) throw new UsageError(`--expires-in: "${values['expires-in']}" is not a duration like 30m, 12h or 7d`);
    expiresInSeconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  }
  const secret = process.env.ATTAIN_DEV_SECRET || defaultDevSecret;
  io.out(`${await signDevToken(claims.data, { secret, ...(expiresInSeconds ? { expiresInSeconds } : {}) })}\n`);
}
export const tokenRoles = roles;

// ---- rollup ----------------------------------------------------------------------------------

interface Run {
  runId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  startedAt?: string;
  finishedAt?: string;
  goalsComputed?: number;
  recordsRead?: number;
  skippedRecords?: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function rollupCommand(api: AttainClient, values: { goal?: string; wait?: boolean; timeout?: string }, io: Io): Promise<void> {
  const trigger = await api.call<Run>('POST', '/rollups', values.goal ? { goalId: values.goal } : {});
  io.err(`Run ${trigger.runId} ${trigger.status}${values.goal ? ` for the hierarchy of goal ${values.goal}` : ''}\n`);
  if (!values.wait) return io.out(`${trigger.runId}\n`);
  const timeoutMs = Number(values.timeout ?? 900) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError(`--timeout: "${values.timeout}" is not a number of seconds`);
  const started = Date.now();
  let last = '';
  for (;;) {
    const run = await api.call<Run>('GET', `/rollups/${encodeURIComponent(trigger.runId)}`);
    const line = `Run ${run.runId} ${run.status}: ${run.goalsComputed ?? 0} goals computed, ${run.recordsRead ?? 0} records read`;
    if (line !== last) io.err(`${line}\n`);
    last = line;
    if (run.status === 'succeeded') {
      io.out(`${run.runId} succeeded: ${run.goalsComputed ?? 0} goals computed, ${run.recordsRead ?? 0} records read, ${run.skippedRecords ?? 0} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      return;
    }
    if (run.status === 'failed') throw new CommandFailedError(`Run ${run.runId} failed${run.error ? `: ${run.error}` : ''}; the previous results stay current`);
    if (Date.now() - started > timeoutMs) throw new CommandFailedError(`Run ${run.runId} still ${run.status} after ${values.timeout ?? 900} s; stopped waiting`);
    await sleep(500);
  }
}

// ---- export results --------------------------------------------------------------------------

/** What the export reads of each goal (GET /goals). */
type Goal = Pick<CoreGoal, 'id' | 'name' | 'metricId' | 'owner' | 'parentId'>;
/** The contract's progress object (GET /goals/{id}/progress), as the read side serves it. */
type Progress = StoredProgress;

/** The columns of `export results --format csv`, one row per goal with results. */
export const resultColumns = [
  'goalId', 'name', 'metricId', 'ownerType', 'ownerId', 'parentId', 'periodStart', 'periodEnd', 'status', 'target', 'stretchTarget',
  'actual', 'inProgress', 'custom', 'percent', 'stretchPercent', 'remaining', 'paceExpected', 'paceStatus', 'paceProjected',
  'milestones', 'childrenTargetSum', 'childrenTargetMismatch', 'skippedRecords', 'currency', 'runId', 'updatedAt', 'asOf',
] as const;

export function resultRow(goal: Goal, p: Progress): Record<(typeof resultColumns)[number], string> {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    goalId: goal.id, name: goal.name, metricId: goal.metricId, ownerType: goal.owner.type, ownerId: goal.owner.id, parentId: text(goal.parentId),
    periodStart: p.period.start, periodEnd: p.period.end, status: p.status, target: p.target, stretchTarget: text(p.stretchTarget),
    actual: text(p.actual), inProgress: text(p.inProgress), custom: text(p.custom), percent: text(p.percent), stretchPercent: text(p.stretchPercent),
    remaining: p.remaining, paceExpected: text(p.pace?.expected), paceStatus: text(p.pace?.status), paceProjected: text(p.pace?.projected),
    milestones: p.milestones.join(' '), childrenTargetSum: text(p.childrenTargetSum), childrenTargetMismatch: text(p.childrenTargetMismatch),
    skippedRecords: text(p.skippedRecords), currency: text(p.currency), runId: text(p.runId), updatedAt: p.updatedAt, asOf: p.asOf,
  };
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export async function exportCommand(api: AttainClient, what: string | undefined, values: { format?: string; output?: string }, io: Io): Promise<void> {
  if (what !== 'results') throw new UsageError(what ? `Cannot export "${what}": only "results"` : 'export needs what to export: results');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: "${format}" is not csv or json`);
  const goals = await listAll<Goal>(api, '/goals');
  const results = await mapWithConcurrency(goals, 8, async (goal) => {
    try {
      return { goal, progress: await api.call<Progress>('GET', `/goals/${encodeURIComponent(goal.id)}/progress`) };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined; // no results yet
      throw error;
    }
  });
  const found = results.filter((r): r is { goal: Goal; progress: Progress } => r !== undefined);
  if (goals.length && found.length === 0) throw new CommandFailedError('No results yet: run `attain rollup --wait` first');
  const text =
    format === 'json'
      ? `${JSON.stringify(found.map(({ goal, progress }) => ({ ...progress, name: goal.name, metricId: goal.metricId, owner: goal.owner, parentId: goal.parentId })), null, 2)}\n`
      : [resultColumns.join(','), ...found.map(({ goal, progress }) => resultColumns.map((c) => csvCell(resultRow(goal, progress)[c])).join(','))].join('\n') + '\n';
  if (values.output) await writeFile(values.output, text);
  else io.out(text);
  io.err(`Exported the results of ${found.length} goals${goals.length > found.length ? ` (${goals.length - found.length} without results)` : ''}\n`);
}

// ---- goals tree ------------------------------------------------------------------------------

interface TreeNode extends Progress {
  name?: string;
  owner?: { type: string; id: string };
  children: TreeNode[];
}

/** The tenant's time zone (everyone may read the settings); UTC when they cannot be read. */
async function timeZoneOf(api: AttainClient): Promise<string> {
  try {
    return (await api.call<{ timezone?: string }>('GET', '/settings')).timezone ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

/** An instant as the tenant's local date and time: "2026-05-14 12:30 Europe/Oslo". */
export function localTime(instant: string, zone: string): string {
  const at = DateTime.fromISO(instant).setZone(zone);
  return at.isValid ? `${at.toFormat('yyyy-MM-dd HH:mm')} ${zone}` : instant;
}

function bar(node: Pick<Progress, 'target' | 'actual' | 'inProgress'>, width = 20): string {
  const target = Number(node.target);
  const share = (v: string | null) => (target > 0 && v !== null ? Math.max(0, Math.min(1, Number(v) / target)) : 0);
  const actual = Math.round(share(node.actual) * width);
  const inProgress = Math.min(width - actual, Math.round(share(node.inProgress) * width));
  return `${'█'.repeat(actual)}${'▒'.repeat(inProgress)}${'·'.repeat(width - actual - inProgress)}`;
}

/**
 * A goal's second line: its bar, percent and values in the metric's currency, as the page writes
 * them (web/format.js): "████···· 42.4%  € 1,234.50 of € 2,910.00, € 1,675.50 to go, active, pace behind".
 */
export function progressLine(node: Progress): string {
  const value = (v: string | null) => money(v, node.currency);
  const inProgress = node.inProgress !== null && node.inProgress !== undefined ? ` (${value(node.inProgress)} in progress)` : '';
  const pace = node.pace ? `, pace ${node.pace.status.replace('_', ' ')}` : '';
  return `${bar(node)} ${percentText(node.percent)}  ${value(node.actual)}${inProgress} of ${value(node.target)}, ${value(node.remaining)} to go, ${node.status}${pace}`;
}

export async function goalsCommand(api: AttainClient, sub: string | undefined, id: string | undefined, values: { json?: boolean }, io: Io): Promise<void> {
  if (sub !== 'tree') throw new UsageError(sub ? `Unknown goals command "${sub}": only "tree"` : 'goals needs a command: tree ID');
  if (!id) throw new UsageError('goals tree needs a goal ID');
  const [tree, zone] = await Promise.all([api.call<TreeNode>('GET', `/goals/${encodeURIComponent(id)}/tree`), values.json ? 'UTC' : timeZoneOf(api)]);
  if (values.json) return io.out(`${JSON.stringify(tree, null, 2)}\n`);
  io.out(`As of ${localTime(tree.asOf, zone)} (run ${tree.runId ?? 'none yet'})\n`);
  const print = (node: TreeNode, depth: number): void => {
    // As on the page: "target reached" once achieved (a snapshot such as open pipeline: only when its period has ended).
    const done = node.status === 'achieved' ? ' ★ target reached' : '';
    io.out(`${'  '.repeat(depth)}${node.name ?? node.goalId} [${node.goalId}]${done}\n`);
    io.out(`${'  '.repeat(depth)}  ${progressLine(node)}\n`);
    for (const child of node.children) print(child, depth + 1);
  };
  print(tree, 0);
}
