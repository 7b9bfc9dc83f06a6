import { z } from 'zod';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { cascadeGoal } from '../../use-cases/goals/cascade-goal.ts';
import { generateGoalPeriods } from '../../use-cases/goals/generate-periods.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { goalSchema } from '../../../core/model/goal.ts';
import { cascadeBodySchema, periodsBodySchema } from '../../use-cases/goals/goal-inputs.ts';

/** The children as written, or with `?dryRun=true` as they would be (new ones with provisional ids), and their targets' exact sum. */
const childrenResponseSchema = z.object({ parentId: z.string(), items: z.array(goalSchema), sum: z.string(), fellBackToEqual: z.boolean().optional() });

/** `?dryRun=true`: the same checks and answer, nothing stored (the page's preview). */
const dryRunQuerySchema = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false').transform((value) => value === 'true') });
const dryRunNote = '; with ?dryRun=true the same checks and answer (the children as they would be, their targets\' sum), and nothing is stored';

export const cascadeRoute = route({
  key: 'POST /goals/{id}/cascade',
  summary: `Create or update one child goal per assignee with the parent's metric and period; equal and weighted targets add up exactly to the parent's${dryRunNote}`,
  params: idParamsSchema,
  query: dryRunQuerySchema,
  body: cascadeBodySchema,
  response: childrenResponseSchema,
  handle: async ({ principal, params, query, body, ports }) => {
    const { parent, children, sum, fellBackToEqual } = await cascadeGoal(ports, principal, { id: params.id, request: body, dryRun: query.dryRun });
    return ok({ parentId: parent.id, items: children, sum, fellBackToEqual });
  },
});

export const periodsRoute = route({
  key: 'POST /goals/{id}/periods',
  summary: `Create or update one child goal per week, month or quarter of the parent's period, for the same owner, adding up exactly to its target${dryRunNote}`,
  params: idParamsSchema,
  query: dryRunQuerySchema,
  body: periodsBodySchema,
  response: childrenResponseSchema,
  handle: async ({ principal, params, query, body, ports }) => {
    const { parent, children, sum } = await generateGoalPeriods(ports, principal, { id: params.id, request: body, dryRun: query.dryRun });
    return ok({ parentId: parent.id, items: children, sum });
  },
});
