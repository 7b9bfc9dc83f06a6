import { z } from 'zod';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { cascadeGoal } from '../../use-cases/goals/cascade-goal.ts';
import { generateGoalPeriods } from '../../use-cases/goals/generate-periods.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { goalSchema } from '../../../core/model/goal.ts';
import { cascadeBodySchema, periodsBodySchema } from '../../use-cases/goals/goal-inputs.ts';

const childrenResponseSchema = z.object({ parentId: z.string(), items: z.array(goalSchema), fellBackToEqual: z.boolean().optional() });

export const cascadeRoute = route({
  key: 'POST /goals/{id}/cascade',
  summary: "Create or update one child goal per assignee with the parent's metric and period; equal and weighted targets add up exactly to the parent's",
  params: idParamsSchema,
  body: cascadeBodySchema,
  response: childrenResponseSchema,
  handle: async ({ principal, params, body, ports }) => {
    const { parent, children, fellBackToEqual } = await cascadeGoal(ports, principal, { id: params.id, request: body });
    return ok({ parentId: parent.id, items: children, fellBackToEqual });
  },
});

export const periodsRoute = route({
  key: 'POST /goals/{id}/periods',
  summary: "Create or update one child goal per week, month or quarter of the parent's period, for the same owner, adding up exactly to its target",
  params: idParamsSchema,
  body: periodsBodySchema,
  response: childrenResponseSchema,
  handle: async ({ principal, params, body, ports }) => {
    const { parent, children } = await generateGoalPeriods(ports, principal, { id: params.id, request: body });
    return ok({ parentId: parent.id, items: children });
  },
});
