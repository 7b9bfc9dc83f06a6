import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import { RecordChecks, recordOwnerIds, type RecordWarning } from '../../../core/rollup/record-warnings.ts';
import type { AppPorts } from '../ports.ts';
import { rateTable } from '../../../core/values/exchange.ts';

/** What checking records reads: the tenant's metrics, its settings and the users the records name. */
export type RecordWarningPorts = Pick<AppPorts, 'metrics' | 'settings' | 'users' | 'exchangeRates' | 'clock'>;

/** A record's warnings, as an answer carries them: present only when there is at least one. */
export type Warned = { warnings?: RecordWarning[] };

const none = (): Warned => ({});

/**
 * Loads, once for all the records of one request, what telling their warnings takes (API.md,
 * records: Warnings): the tenant's metrics, then — only when a metric reads one of the records'
 * types — the settings and the users those records name (one batched read, never one per record).
 * The answer is core's {@link RecordChecks} for each record.
 */
export async function recordWarnings(ports: RecordWarningPorts, tenant: string, records: readonly StoredRecord[]): Promise<(record: StoredRecord) => Warned> {
  const types = new Set(records.map((record) => record.recordType));
  if (types.size === 0) return none;
  const metrics = (await ports.metrics.all(tenant)).filter((metric) => types.has(metric.recordType));
  if (metrics.length === 0) return none;
  const read = new Set(metrics.map((metric) => metric.recordType));
  const owners = records.filter((record) => read.has(record.recordType)).flatMap(recordOwnerIds);
  // Exchange rates only when a metric that reads them converts.
  const converts = metrics.some((metric) => metric.currencyMode === 'convert');
  const [settings, users, rates] = await Promise.all([ports.settings.get(tenant), ports.users.existing(tenant, owners), converts ? ports.exchangeRates.all(tenant) : []]);
  const checks = new RecordChecks(metrics, settings, { rates: rateTable(rates), nowMs: ports.clock.now() });
  return (record) => {
    const warnings = checks.warnings(record, (id) => users.has(id));
    return warnings.length > 0 ? { warnings } : {};
  };
}
