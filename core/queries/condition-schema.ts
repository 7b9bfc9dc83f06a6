import { z } from 'zod';
import { COMPARISON_OPS, type Condition } from './condition.ts';

/** Bounds that keep a condition cheap to store and to evaluate per record. */
export const CONDITION_LIMITS = Object.freeze({
  maxDepth: 8,
  maxNodes: 100,
  maxListItems: 100,
  maxStringLength: 1000,
  maxFieldLength: 128,
});

const scalarSchema = z.union([
  z.string().max(CONDITION_LIMITS.maxStringLength),
  z.number().refine(Number.isFinite, 'must be a finite number'),
  z.boolean(),
  z.null(),
]);

const comparisonSchema = z
  .strictObject({
    field: z.string().min(1).max(CONDITION_LIMITS.maxFieldLength),
    op: z.enum(COMPARISON_OPS),
    value: z.union([scalarSchema, z.array(scalarSchema).max(CONDITION_LIMITS.maxListItems)]).optional(),
  })
  .superRefine((comparison, ctx) => {
    const { op, value } = comparison;
    const problem = valueProblem(op, value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

function valueProblem(op: (typeof COMPARISON_OPS)[number], value: unknown): string | null {
  switch (op) {
    case 'in':
    case 'nin':
      return Array.isArray(value) ? null : `"${op}" needs an array value`;
    case 'exists':
      return value === undefined || typeof value === 'boolean' ? null : '"exists" takes true, false or no value';
    case 'contains':
      return typeof value === 'string' ? null : '"contains" needs a string value';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'string' || typeof value === 'number' ? null : `"${op}" needs a number, decimal string or date`;
    default:
      return value === undefined || Array.isArray(value) ? `"${op}" needs a single value` : null;
  }
}

const treeSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(treeSchema).min(1).max(CONDITION_LIMITS.maxNodes) }),
    z.strictObject({ any: z.array(treeSchema).min(1).max(CONDITION_LIMITS.maxNodes) }),
    z.strictObject({ not: treeSchema }),
    comparisonSchema,
  ]),
);

/** The depth (a leaf is 1) and node count of a condition tree. */
export function measureCondition(condition: Condition): { depth: number; nodes: number } {
  if ('all' in condition || 'any' in condition) {
    const children = 'all' in condition ? condition.all : condition.any;
    let depth = 0;
    let nodes = 1;
    for (const child of children) {
      const measured = measureCondition(child);
      depth = Math.max(depth, measured.depth);
      nodes += measured.nodes;
    }
    return { depth: depth + 1, nodes };
  }
  if ('not' in condition) {
    const measured = measureCondition(condition.not);
    return { depth: measured.depth + 1, nodes: measured.nodes + 1 };
  }
  return { depth: 1, nodes: 1 };
}

/**
 * The zod schema of a condition tree (metric rollup `where`, goal `filter`), bounded to a depth of
 * 8 and 100 nodes, lists of 100 values and strings of 1000 characters.
 *
 * @example conditionSchema.parse({ all: [{ field: 'status', op: 'eq', value: 'won' }] })
 */
export const conditionSchema: z.ZodType<Condition> = treeSchema.superRefine((condition, ctx) => {
  const { depth, nodes } = measureCondition(condition);
  if (depth > CONDITION_LIMITS.maxDepth) {
    ctx.addIssue({ code: 'custom', message: `condition is nested ${depth} levels deep (limit ${CONDITION_LIMITS.maxDepth})` });
  }
  if (nodes > CONDITION_LIMITS.maxNodes) {
    ctx.addIssue({ code: 'custom', message: `condition has ${nodes} nodes (limit ${CONDITION_LIMITS.maxNodes})` });
  }
});
