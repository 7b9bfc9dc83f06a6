import { z } from 'zod';
import { storableNumber } from '../values/storable-number.ts';
import { COMPARISON_OPS, type Condition } from './condition.ts';

/** Bounds that keep a condition cheap to store and to evaluate per record. */
export const CONDITION_LIMITS = Object.freeze({
  maxDepth: 8,
  maxNodes: 100,
  maxListItems: 100,
  maxStringLength: 1000,
  maxFieldLength: 128,
  /** Numbers compare with record field numbers, which are bounded the same way (and stored: 0 or ≥ 1e-130 in magnitude). */
  maxNumber: 1e15,
});

const scalarSchema = z.union([
  z.string().max(CONDITION_LIMITS.maxStringLength),
  storableNumber(-CONDITION_LIMITS.maxNumber, CONDITION_LIMITS.maxNumber),
  z.boolean(),
  z.null(),
]);

const objectPrototypeNames: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Whether `name` is a member of every plain object (`constructor`, `toString`, `__proto__`, …).
 * Such a name is no field name: a record without it would still "have" it, and a record with it
 * cannot be stored (the DynamoDB marshaller takes an own `constructor` for a class instance).
 */
export function isObjectPrototypeName(name: string): boolean {
  return objectPrototypeNames.has(name);
}
export const prototypeNameMessage = 'constructor, toString, __proto__ and the other Object.prototype names are not field names';

const comparisonSchema = z
  .strictObject({
    field: z
      .string()
      .min(1)
      .max(CONDITION_LIMITS.maxFieldLength)
      .refine((name) => !isObjectPrototypeName(name), prototypeNameMessage),
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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Measures the raw input's nesting (through `all`, `any` and `not`) without recursion, stopping as
 * soon as it is over a limit: zod's parse of the recursive schema would otherwise recurse once per
 * level and overflow the stack on a body of nothing but `{"not":{"not":…}}`.
 */
function rawTreeProblem(input: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: input, depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    nodes += 1;
    if (depth > CONDITION_LIMITS.maxDepth) return `condition is nested more than ${CONDITION_LIMITS.maxDepth} levels deep`;
    if (nodes > CONDITION_LIMITS.maxNodes) return `condition has more than ${CONDITION_LIMITS.maxNodes} nodes`;
    if (!isObject(value)) continue;
    for (const key of ['all', 'any'] as const) {
      const children = value[key];
      if (Array.isArray(children)) for (const child of children) stack.push({ value: child, depth: depth + 1 });
    }
    if ('not' in value) stack.push({ value: value.not, depth: depth + 1 });
  }
  return null;
}

/**
 * The zod schema of a condition tree (metric rollup `where`, goal `filter`), bounded to a depth of
 * 8 and 100 nodes, lists of 100 values, strings of 1000 characters and numbers within ±10^15 that
 * DynamoDB can store (0 or at least 1e-130 in magnitude).
 * The bounds are checked on the raw input first, so no input makes the parse itself expensive.
 *
 * @example conditionSchema.parse({ all: [{ field: 'status', op: 'eq', value: 'won' }] })
 */
export const conditionSchema: z.ZodType<Condition> = z.preprocess((input, ctx) => {
  const problem = rawTreeProblem(input);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input });
  return input;
}, treeSchema);
