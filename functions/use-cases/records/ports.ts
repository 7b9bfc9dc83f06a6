import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';

/** `current: null`: the record was deleted after the upsert's `updatedAt`. */
export type UpsertOutcome = { applied: true; created: boolean } | { applied: false; current: StoredRecord | null };

/** How one record of {@link RecordStore.upsertMany} went: as {@link UpsertOutcome}, or the error that stopped it. */
export type BatchUpsertOutcome = { applied: true; created: boolean } | { applied: false } | { error: unknown };

/**
 * The tenant's CRM records (functions/store/record-repository.ts in AWS; test/support/memory/records.ts
 * in tests). `nowMs` is the use case's clock: when a delete happened, and whether a tombstone expired.
 */
export interface RecordStore {
  get(tenant: string, recordType: string, id: string): Promise<StoredRecord | undefined>;
  /**
   * The record's current image and server revision, read consistently: `record: null` for a deleted
   * one whose tombstone is kept; undefined when there is no item (or one from before revisions).
   */
  image(tenant: string, recordType: string, id: string): Promise<{ rev: number; record: StoredRecord | null } | undefined>;
  /**
   * Stores the record unless the stored one has a newer `updatedAt` (out-of-order delivery never
   * rolls data back); an equal `updatedAt` is applied again, so a retried delivery is harmless.
   * A deleted record is re-created only by an `updatedAt` after the delete (or once its tombstone expired).
   */
  upsert(tenant: string, record: StoredRecord, nowMs: number): Promise<UpsertOutcome>;
  /**
   * {@link upsert} for many records, with the same guarantees for each and one outcome per record,
   * in order. The same record twice is written in the given order (the later one sees the earlier).
   * Never throws: a record that could not be written gets the error as its outcome.
   */
  upsertMany(tenant: string, records: readonly StoredRecord[], nowMs: number): Promise<BatchUpsertOutcome[]>;
  /**
   * Replaces the record by a tombstone, dated `nowMs` and kept {@link tombstoneDays} days, that no
   * read returns, so a delayed upsert from before the delete cannot bring it back. False when there
   * was no such record.
   */
  delete(tenant: string, recordType: string, id: string, nowMs: number): Promise<boolean>;
}

/** How long a deleted record's tombstone refuses upserts older than the delete. */
export const tombstoneDays = 30;
