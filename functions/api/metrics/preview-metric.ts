import { createRollup } from '../../../core/rollup/rollup-tenant.ts';
import type { GoalProgress } from '../../../core/model/goal-progress.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { readRecordsOfType } from '../../store/record-reader.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import type { Goal } from '../goals/goal-schema.ts';
import type { Metric } from './metric-schema.ts';

export const maxPreviewRecordIds = 50;

export interface MetricPreview {
  metricId: string;
  owner: Goal['owner'];
  period: Goal['period'];
  actual: string | null;
  inProgress: string | null;
  custom: string | null;
  skippedRecords: number;
  recordsRead: number;
  /** Up to 50 ids of the records that counted, in the order they were read. */
  recordIds: string[];
}

/**
 * What the metric would measure for an owner over a period, computed by the same core rollup as
 * the nightly run, over the metric's record type — nothing is stored.
 */
export async function previewMetric(tenant: string, metric: Metric, owner: Goal['owner'], period: Goal['period'], now: number): Promise<MetricPreview> {
  const [settings, units, users] = await Promise.all([settingsRepository.get(tenant), unitRepository.all(tenant), userRepository.all(tenant)]);
  const recordIds = new Set<string>();
  const goal = { id: 'preview', name: 'preview', metricId: metric.id, owner, period, target: '0', rollupMode: 'owner' as const, filter: null };
  const session = createRollup({ settings, units, users, metrics: [metric], goals: [goal], now }, (_slot, record: RecordInput) => {
    if (recordIds.size < maxPreviewRecordIds) recordIds.add(record.id);
  });
  const recordsRead = await readRecordsOfType(tenant, metric.recordType, (records) => session.addAll(records));
  const output = session.finish();
  const progress = output.results[0] as GoalProgress | undefined;
  return {
    metricId: metric.id,
    owner,
    period,
    actual: progress?.actual ?? null,
    inProgress: progress?.inProgress ?? null,
    custom: progress?.custom ?? null,
    skippedRecords: progress?.skippedRecords ?? 0,
    recordsRead,
    recordIds: [...recordIds],
  };
}
