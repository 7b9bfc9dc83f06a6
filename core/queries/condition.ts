/** A scalar a condition compares against. */
export type ConditionScalar = string | number | boolean | null;

/** The comparison operators of API.md's condition tree. */
export const COMPARISON_OPS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists', 'contains'] as const;
/** One of {@link COMPARISON_OPS}. */
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** A leaf of the condition tree: one record field compared with a value. */
export interface Comparison {
  field: string;
  op: ComparisonOp;
  /** An array for `in`/`nin`; optional boolean for `exists` (default true); a scalar otherwise. */
  value?: ConditionScalar | readonly ConditionScalar[];
}

/**
 * A condition tree over a record's fields (API.md, metrics):
 * `{all: [c…]}`, `{any: [c…]}`, `{not: c}` or a {@link Comparison}.
 */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;
