import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conditionSchema } from '../../core/queries/condition-schema.ts';
import type { Condition } from '../../core/queries/condition.ts';

function nested(depth: number): Condition {
  let condition: Condition = { field: 'status', op: 'eq', value: 'won' };
  for (let i = 1; i < depth; i++) condition = { not: condition };
  return condition;
}

describe('conditionSchema', () => {
  it('accepts the condition trees of the API contract', () => {
    const condition = {
      all: [
        { field: 'status', op: 'eq', value: 'won' },
        { any: [{ field: 'zone', op: 'in', value: ['north', 'west'] }, { not: { field: 'amount', op: 'lt', value: '100.00' } }] },
        { field: 'closedAt', op: 'exists' },
        { field: 'name', op: 'contains', value: 'renewal' },
      ],
    };
    expect(conditionSchema.parse(condition)).toEqual(condition);
  });

  it('rejects unknown operators and mixed node shapes', () => {
    expect(conditionSchema.safeParse({ field: 'a', op: 'like', value: 'x' }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', op: 'eq', value: 'x', all: [] }).success).toBe(false);
    expect(conditionSchema.safeParse({ all: [] }).success).toBe(false);
  });

  it('checks the value against the operator', () => {
    expect(conditionSchema.safeParse({ field: 'a', op: 'in', value: 'x' }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', op: 'gt', value: true }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', op: 'eq' }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', op: 'exists', value: 'yes' }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', op: 'contains', value: 3 }).success).toBe(false);
  });

  it('bounds depth to 8 levels', () => {
    expect(conditionSchema.safeParse(nested(8)).success).toBe(true);
    expect(conditionSchema.safeParse(nested(9)).success).toBe(false);
  });

  it('bounds a tree to 100 nodes', () => {
    const leaves = (n: number) => Array.from({ length: n }, () => ({ field: 'a', op: 'eq', value: 1 }));
    expect(conditionSchema.safeParse({ all: leaves(99) }).success).toBe(true);
    expect(conditionSchema.safeParse({ all: [{ all: leaves(60) }, { any: leaves(60) }] }).success).toBe(false);
  });

  it('bounds list and string sizes', () => {
    expect(conditionSchema.safeParse({ field: 'a', op: 'in', value: Array.from({ length: 101 }, (_, i) => i) }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', op: 'eq', value: 'x'.repeat(1001) }).success).toBe(false);
  });

  it('converts to JSON Schema for the OpenAPI document', () => {
    expect(JSON.stringify(z.toJSONSchema(conditionSchema))).toContain('"additionalProperties":false');
  });
});
