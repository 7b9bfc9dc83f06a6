import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { definitionChange, streamChange } from '../../functions/live/stream-images.ts';
import { exchangeRatesKey, goalKey, leaseKey, liveKey, metricKey, recordKey, settingsKey, unitKey, userKey } from '../../functions/store/keys.ts';

const key = recordKey('acme', 'deal', 'd-1');
const record = { recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt: '2026-03-01T12:00:00Z', fields: { amount: '10.00' } };
const item = (extra: Record<string, unknown>) => marshall({ ...key, entity: 'record', ...record, ...extra }, { removeUndefinedValues: true }) as never;
const tombstone = (rev: number) => marshall({ ...key, entity: 'record-tombstone', recordType: 'deal', id: 'd-1', deletedAtMs: 1, ttl: 2, rev }) as never;
const at = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', NewImage?: unknown, OldImage?: unknown): DynamoDBRecord =>
  ({ eventName, dynamodb: { ...(NewImage ? { NewImage } : {}), ...(OldImage ? { OldImage } : {}) } }) as DynamoDBRecord;

describe('streamChange (a stream record → the record change it carries)', () => {
  it('reads the tenant, the record and its revision; a tombstone is the record deleted', () => {
    expect(streamChange(at('INSERT', item({ rev: 7 })))).toEqual({ tenant: 'acme', image: { recordType: 'deal', id: 'd-1', rev: 7, record: { ...record, splits: null, rev: 7 } } });
    expect(streamChange(at('MODIFY', tombstone(8), item({ rev: 7 })))).toEqual({ tenant: 'acme', image: { recordType: 'deal', id: 'd-1', rev: 8, record: null } });
  });

  it('carries a record written around the API as it is (core skips a bad one alone): a strict check would fail the batch on it', () => {
    const bad = { splits: [{ ownerId: 'u-1', percent: '50' }, { ownerId: 'u-1', percent: '50' }], rev: 3 };
    expect(streamChange(at('INSERT', item(bad)))?.image.record).toEqual({ ...record, ...bad });
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

describe('definitionChange (a stream record → the recomputation a definition change asks for)', () => {
  const goal = (id: string, parentId: string | null) => marshall({ ...goalKey('acme', id), entity: 'goal', id, parentId }) as never;
  const entityItem = (k: { pk: string; sk: string }, entity: string) => marshall({ ...k, entity }) as never;

  it("asks for a goal's hierarchy, and for the one it left when its parent changed or it was deleted", () => {
    expect(definitionChange(at('INSERT', goal('g-2', 'g-1')))).toEqual({ tenant: 'acme', scope: { goalIds: ['g-1', 'g-2'] } });
    expect(definitionChange(at('MODIFY', goal('g-2', 'g-9'), goal('g-2', 'g-1')))).toEqual({ tenant: 'acme', scope: { goalIds: ['g-1', 'g-2', 'g-9'] } });
    expect(definitionChange(at('REMOVE', undefined, goal('g-2', 'g-1')))).toEqual({ tenant: 'acme', scope: { goalIds: ['g-1', 'g-2'] } });
    expect(definitionChange(at('INSERT', goal('g-3', null)))).toEqual({ tenant: 'acme', scope: { goalIds: ['g-3'] } });
  });

  it('asks for the whole tenant after a metric, unit, user or settings change', () => {
    expect(definitionChange(at('MODIFY', entityItem(metricKey('acme', 'm'), 'metric')))).toEqual({ tenant: 'acme', scope: { all: true } });
    expect(definitionChange(at('INSERT', entityItem(unitKey('acme', 'u'), 'unit')))).toEqual({ tenant: 'acme', scope: { all: true } });
    expect(definitionChange(at('REMOVE', undefined, entityItem(userKey('acme', 'u'), 'user')))).toEqual({ tenant: 'acme', scope: { all: true } });
    expect(definitionChange(at('MODIFY', marshall({ ...settingsKey('acme'), timezone: 'UTC' }) as never))).toEqual({ tenant: 'acme', scope: { all: true } });
  });

  it("asks for the whole tenant when a currency's exchange rates are created, replaced or deleted (any money metric may convert)", () => {
    const rates = (rate: string) => marshall({ ...exchangeRatesKey('acme', 'USD'), entity: 'exchange-rates', currency: 'USD', rates: [{ from: '2026-01-01', rate }], version: 1 }) as never;
    expect(definitionChange(at('INSERT', rates('1.0825')))).toEqual({ tenant: 'acme', scope: { all: true } });
    expect(definitionChange(at('MODIFY', rates('1.09'), rates('1.0825')))).toEqual({ tenant: 'acme', scope: { all: true } });
    expect(definitionChange(at('REMOVE', undefined, rates('1.09')))).toEqual({ tenant: 'acme', scope: { all: true } });
  });

  it('asks for nothing for records, runs, live values and the lease', () => {
    expect(definitionChange(at('INSERT', item({ rev: 1 })))).toBeNull();
    expect(definitionChange(at('MODIFY', entityItem(leaseKey('acme'), 'lease')))).toBeNull();
    expect(definitionChange(at('MODIFY', marshall({ ...leaseKey('acme'), runId: 'r' }) as never))).toBeNull();
    expect(definitionChange(at('INSERT', entityItem(liveKey('acme', 'g-1'), 'live')))).toBeNull();
  });
});
