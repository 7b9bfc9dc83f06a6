import type { Role } from '../../../core/model/primitives.ts';
import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

export const tenant = 't-records';

export const as = (role: Role, inTenant = tenant): Principal => ({ tenant: inTenant, userId: `u-${role}`, role });

/** The deal `d-1` at `updatedAt` (stored 2026-03-01 12:00+01:00 unless said otherwise). */
export const deal = (overrides: Partial<StoredRecord> = {}, fields: StoredRecord['fields'] = {}): StoredRecord => ({
  recordType: 'deal',
  id: 'd-1',
  ownerId: 'u-1',
  updatedAt: '2026-03-01T12:00:00+01:00',
  splits: null,
  ...overrides,
  fields: { status: 'won', amount: '1200.50', closedAt: '2026-02-27T16:30:00Z', ...fields },
});

/** An ISO instant `seconds` after the ports' clock. */
export const after = (nowMs: number, seconds: number) => new Date(nowMs + seconds * 1000).toISOString();

/** Every port in memory, the clock at 1 April 2026: after the versions the tests write (a delete is newer than them). */
export const recordPorts = (): MemoryPorts => memoryPorts({ clock: manualClock(Date.UTC(2026, 3, 1)) }) as MemoryPorts;
