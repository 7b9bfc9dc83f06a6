import { skippedRecordSchema, type SkippedRecord } from '../../core/model/skipped-record.ts';
import type { Page } from '../use-cases/ports.ts';
import type { SkippedRecordStore } from '../use-cases/rollups/ports.ts';
import { parseItem } from './items.ts';
import { skippedPk, tenantPk } from './keys.ts';
import { queryPage } from './query-pages.ts';

/** Reading a run's skipped records (a module of its own: read-only rights). */
export const skippedRecordReader: Pick<SkippedRecordStore, 'list'> = {
  list: (tenant: string, runId: string, limit: number, cursor?: string): Promise<Page<SkippedRecord>> =>
    queryPage(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': skippedPk(tenant, runId) } },
      { limit, cursor, tenantPrefix: tenantPk(tenant) },
      (item) => parseItem(skippedRecordSchema, item),
    ),
};
