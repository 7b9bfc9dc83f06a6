import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { streamChange } from '../../functions/live/stream-images.ts';
import { recordKey } from '../../functions/store/keys.ts';

const key = recordKey('acme', 'deal', 'd-1');
const record = { recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt: '2026-03-01T12:00:00Z', fields: { amount: '10.00' } };
const item = (extra: Record<string, unknown>) => marshall({ ...key, entity: 'record', ...record, ...extra }, { removeUndefinedValues: true }) as never;
const tombstone = (rev: number) => marshall({ ...key, entity: 'record-tombstone', recordType: 'deal', id: 'd-1', deletedAtMs: 1, ttl: 2, rev }) as never;
const at = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', NewImage?: unknown, OldImage?: unknown): DynamoDBRecord =>
  ({ eventName, dynamodb: { ...(NewImage ? { NewImage } : {}), ...(OldImage ? { OldImage } : {}) } }) as DynamoDBRecord;

describe('streamChange (a stream record → the record change it carries)', () => {
  it('reads the tenant, the record and its revision; a tombstone is the record deleted', () => {
    expect(streamChange(at('INSERT', item({ rev: 7 })))).toEqual({ tenant: 'acme', image: { recordType: 'deal', id: 'd-1', rev: 7, record: { ...record, splits: undefined, rev: 7 } } });
    expect(streamChange(at('MODIFY', tombstone(8), item({ rev: 7 })))).toEqual({ tenant: 'acme', image: { recordType: 'deal', id: 'd-1', rev: 8, record: null } });
  });

  it('counts a record removed around the API as deleted at the revision after its last', () => {
    expect(streamChange(at('REMOVE', undefined, item({ rev: 7 })))?.image).toEqual({ recordType: 'deal', id: 'd-1', rev: 8, record: null });
  });

  it('carries nothing for other items, writes that kept the revision, expiring tombstones and items from before revisions', () => {
    expect(streamChange(at('INSERT', marshall({ pk: 't#acme#goals', sk: 'goal#g', entity: 'goal' }) as never))).toBeNull();
    expect(streamChange(at('MODIFY', item({ rev: 7, note: 'x' }), item({ rev: 7 })))).toBeNull();
    expect(streamChange(at('REMOVE', undefined, tombstone(8)))).toBeNull();
    expect(streamChange(at('INSERT', item({})))).toBeNull();
  });
});
