import { previewMetric as computePreview } from '../../../core/rollup/preview-metric.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { readRecordsOfType } from '../../store/record-reader.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import type { Goal } from '../../../core/model/goal.ts';
import type { Metric } from '../../../core/model/metric.ts';

/**
 * What the metric would measure for an owner over a period, computed by core over the metric's
 * record type (read once, in parallel partitions) — nothing is stored.
 */
export async function previewMetric(tenant: string, metric: Metric, owner: Goal['owner'], period: Goal['period'], now: number) {
  const [settings, units, users] = await Promise.all([settingsRepository.get(tenant), unitRepository.all(tenant), userRepository.all(tenant)]);
  const records: RecordInput[] = [];
  await readRecordsOfType(tenant, metric.recordType, (page) => records.push(...page));
  return { metricId: metric.id, ...computePreview({ settings, units, users, metric, owner, period, records, now }) };
}
