import type { RecordInput } from '../../../core/model/record-input.ts';

/** A deal-count tenant for run tests: won deals counted per owner by their close date, goals over 2026. */
export const year = { start: '2026-01-01', end: '2026-12-31' };
export const metric = {
  id: 'deals', name: 'Deals won', kind: 'count', dataType: 'integer', currency: null, recordType: 'deal', dateField: 'closedAt', valueField: null,
  actual: { where: { field: 'status', op: 'eq', value: 'won' } }, inProgress: null, custom: null, version: 1,
};
export const goal = (id: string, ownerId: string) => ({
  id, name: id, metricId: 'deals', owner: { type: 'user', id: ownerId }, period: year, target: '10', stretchTarget: null, parentId: null, rollupMode: 'owner', filter: null, version: 1,
});
export const deal = (id: string, ownerId: string, updatedAt = '2026-01-10T10:00:00Z'): RecordInput => ({
  recordType: 'deal', id, ownerId, updatedAt, fields: { status: 'won', closedAt: '2026-01-10T10:00:00Z' },
});
