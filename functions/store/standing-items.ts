import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { resultGoalSchema } from '../../core/model/goal-result.ts';
import type { GoalStanding } from '../../core/rollup/progress-basis.ts';
import { parseItem } from './items.ts';
import { liveKey, liveLeaderboardIndexPk, liveOwnerIndexPk, liveTreeIndexPk } from './keys.ts';

/** An exact integer kept as a string (a DynamoDB number would be read back as a double by the document client). */
const bigintText = z.string().regex(/^-?\d+$/).transform((s) => BigInt(s));

/** What a run writes of a goal besides its live values (`head` on the goal's live item). */
const headSchema = z.object({
  goal: resultGoalSchema,
  treeRoot: z.string(),
  treePath: z.string(),
  ownerUnitIds: z.array(z.string()),
  runId: z.string().nullable(),
  basis: z.object({
    period: z.object({ start: z.string(), end: z.string() }),
    startMs: z.number(),
    endMs: z.number(),
    scale: z.number().int(),
    target: bigintText,
    stretchTarget: bigintText.nullable(),
    kinds: z.tuple([z.boolean(), z.boolean(), z.boolean()]),
    childrenTargetSum: bigintText.nullable(),
    snapshot: z.boolean(),
    currency: z.string().nullable(),
    tolerancePercentE4: bigintText,
  }),
});

/** The number of a raw attribute, exactly (live values are DynamoDB numbers: exact decimals of up to 38 digits). */
export const exactNumber = (attribute: AttributeValue | undefined): bigint => (attribute?.N === undefined ? 0n : BigInt(attribute.N));

/**
 * The goal's live item as a run writes it whole: the index attributes, the head and the live values.
 * One item per goal: the live consumer adds to its values, runs rewrite it under the lease.
 */
export function standingItem(tenant: string, standing: GoalStanding): Record<string, unknown> {
  const { goal, basis } = standing;
  const key = liveKey(tenant, goal.id);
  const text = (v: bigint | null) => (v === null ? null : v.toString());
  return {
    ...key,
    entity: 'live',
    gsi1pk: liveOwnerIndexPk(tenant, goal.owner.id),
    gsi1sk: key.sk,
    gsi2pk: liveTreeIndexPk(tenant, standing.treeRoot),
    gsi2sk: `${standing.treePath}/`,
    ...(goal.owner.type === 'user' ? { gsi3pk: liveLeaderboardIndexPk(tenant, goal.metricId, basis.period.start, basis.period.end), gsi3sk: key.sk } : {}),
    ownerType: goal.owner.type,
    periodStart: basis.period.start,
    periodEnd: basis.period.end,
    ownerUnitIds: standing.ownerUnitIds,
    head: {
      goal,
      treeRoot: standing.treeRoot,
      treePath: standing.treePath,
      ownerUnitIds: standing.ownerUnitIds,
      runId: standing.runId,
      basis: {
        ...basis,
        target: text(basis.target),
        stretchTarget: text(basis.stretchTarget),
        childrenTargetSum: text(basis.childrenTargetSum),
        tolerancePercentE4: text(basis.tolerancePercentE4),
      },
    },
    actual: standing.values[0],
    inProgress: standing.values[1],
    custom: standing.values[2],
    skipped: standing.skipped,
    updatedAt: standing.updatedAt,
  };
}

/** A raw live item as a standing; undefined for one no run has written yet (live values only). */
export function standingFrom(raw: Record<string, AttributeValue>): GoalStanding | undefined {
  if (raw.head?.M === undefined) return undefined;
  const head = parseItem(headSchema, { ...(unmarshall(raw.head.M) as Record<string, unknown>), pk: raw.pk?.S, sk: raw.sk?.S, entity: 'live' });
  return {
    ...head,
    values: [exactNumber(raw.actual), exactNumber(raw.inProgress), exactNumber(raw.custom)],
    skipped: Number(exactNumber(raw.skipped)),
    updatedAt: raw.updatedAt?.S ?? '',
  };
}
