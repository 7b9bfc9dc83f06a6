import { z } from 'zod';
import { runStatuses, type RollupRun } from '../../../core/model/rollup-run.ts';
import { SKIPPED_GOAL_IDS_LIMIT, SKIPPED_LIST_LIMIT, skipReasons } from '../../../core/model/skipped-record.ts';
import { idSchema } from '../../../core/model/primitives.ts';
import { readers } from '../../use-cases/access/roles.ts';
import { accepted, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { getRun } from '../../use-cases/rollups/get-run.ts';
import { listRuns } from '../../use-cases/rollups/list-runs.ts';
import { listSkippedRecords } from '../../use-cases/rollups/list-skipped-records.ts';
import { triggerRollupFor } from '../../use-cases/rollups/trigger-rollup.ts';
import { listQuerySchema, listResponse } from '../common-schemas.ts';

const runSchema = z.object({
  runId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  status: z.enum(runStatuses),
  goalId: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  goalsComputed: z.number().int(),
  recordsRead: z.number().int(),
  skippedRecords: z.number().int().describe('Distinct records that matched a query but could not count, in all'),
  skippedRecordsListed: z.number().int().describe(`How many of them GET /rollups/{runId}/skipped lists (a full run keeps at most ${SKIPPED_LIST_LIMIT.toLocaleString('en-US')})`),
  skippedRecordsTruncated: z.boolean().describe('Whether more records were skipped than the run keeps'),
  goalsFailed: z.number().int().describe('Goals the run could not compute or store; each kept its previous result'),
  verification: z
    .object({
      goalsVerified: z.number().int().describe('Goals whose live values equalled the recomputation'),
      goalsDrifted: z.number().int().describe('Goals whose live values differed (0 unless something went wrong)'),
      goalsRepaired: z.number().int().describe('Drifted goals the run set right'),
      goalsUnverified: z.number().int().describe('Goals that changed while the run read; compared the next time'),
    })
    .describe('How the live values compared with the recomputation'),
  error: z.string().optional(),
});

/** The contract's run object, fields in its order. */
const runView = (run: RollupRun) => ({
  runId: run.runId,
  trigger: run.trigger,
  status: run.status,
  goalId: run.goalId,
  queuedAt: run.queuedAt,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  goalsComputed: run.goalsComputed,
  recordsRead: run.recordsRead,
  skippedRecords: run.skippedRecords,
  skippedRecordsListed: run.skippedRecordsListed ?? 0,
  skippedRecordsTruncated: run.skippedRecordsTruncated ?? false,
  goalsFailed: run.goalsFailed ?? 0,
  verification: run.verification ?? { goalsVerified: 0, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 },
  ...(run.error ? { error: run.error } : {}),
});

const skippedRecordSchema = z.object({
  recordType: z.string(),
  id: z.string(),
  reason: z
    .enum(skipReasons)
    .describe('The first reason found: currency (another currency than the metric\'s), bad_value, bad_date (not a date), bad_splits (percents not adding up to 100); no_rate comes with exchange rates'),
  detail: z.string().describe('What was wrong, e.g. closedAt "11/29/2026" is not a date'),
  metricId: z.string().describe('The metric whose query matched the record'),
  goalIds: z.array(z.string()).max(SKIPPED_GOAL_IDS_LIMIT).describe(`Up to ${SKIPPED_GOAL_IDS_LIMIT} of the metric's goals that would have counted it (none for bad_date: no period can be told)`),
});

export const rollupRoutes = [
  route({
    key: 'POST /rollups',
    summary:
      "Queue a rollup of the tenant (admin), of one goal's hierarchy, or of every hierarchy the calling manager may see: 202 with the new run, or 200 with the run already queued or running",
    successStatus: [202, 200],
    body: z.strictObject({ goalId: idSchema.optional() }).optional(),
    response: z.object({ runId: z.string(), status: z.enum(runStatuses) }),
    handle: async ({ principal, body, ports }) => {
      const { runId, status, created } = await triggerRollupFor(ports, principal, body?.goalId);
      return created ? accepted({ runId, status }) : ok({ runId, status });
    },
  }),
  route({
    key: 'GET /rollups',
    summary: 'Recent runs, newest first',
    allow: readers,
    query: listQuerySchema,
    response: listResponse(runSchema),
    handle: async ({ principal, query, ports }) => {
      const page = await sealedPage(principal, 'GET /rollups', query, (cursor) => listRuns(ports, principal, { limit: query.limit, cursor }));
      return ok({ items: page.items.map(runView), nextCursor: page.nextCursor });
    },
  }),
  route({
    key: 'GET /rollups/{runId}',
    summary: 'One run: status, times and counts',
    params: z.strictObject({ runId: idSchema }),
    response: runSchema,
    handle: async ({ principal, params, ports }) => ok(runView(await getRun(ports, principal, params.runId))),
  }),
  route({
    key: 'GET /rollups/{runId}/skipped',
    summary: `The records a full run skipped and why, by record type and id (admin, integration; at most ${SKIPPED_LIST_LIMIT.toLocaleString('en-US')} a run: the run says how many there were in all)`,
    params: z.strictObject({ runId: idSchema }),
    query: listQuerySchema,
    response: listResponse(skippedRecordSchema),
    handle: async ({ principal, params, query, ports }) =>
      ok(await sealedPage(principal, `GET /rollups/${params.runId}/skipped`, query, (cursor) => listSkippedRecords(ports, principal, params.runId, { limit: query.limit, cursor }))),
  }),
];
