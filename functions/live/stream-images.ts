import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { recordSchema } from '../../core/model/record-input.ts';
import type { RecordImage } from '../use-cases/live/ports.ts';
import { parseEntitySk, parseRecordPartition } from '../store/keys.ts';
import { parseItem } from '../store/items.ts';

/** A record change read off the table's stream: the tenant and the record's image at its revision. */
export interface StreamChange {
  tenant: string;
  image: RecordImage;
}

type Image = Record<string, AttributeValue>;
const isRecordItem = (image: Image | undefined): image is Image =>
  image?.entity?.S === 'record' || image?.entity?.S === 'record-tombstone';
const revOf = (image: Image): number | undefined => (image.rev?.N === undefined ? undefined : Number(image.rev.N));

/**
 * The record change a stream record carries, or null when it carries none to apply: an item that is
 * no record, a write that did not raise the revision, a tombstone expiring (its record already
 * counts nothing), or an item from before revisions (the next full run counts it).
 *
 * A tombstone's image is the record deleted (`record: null`); a live record removed around the API
 * counts as deleted at the revision after its last.
 */
export function streamChange(streamRecord: DynamoDBRecord): StreamChange | null {
  const { NewImage, OldImage } = (streamRecord.dynamodb ?? {}) as { NewImage?: Image; OldImage?: Image };
  if (streamRecord.eventName === 'REMOVE') {
    if (!isRecordItem(OldImage) || OldImage.entity?.S !== 'record') return null;
    const rev = revOf(OldImage);
    return rev === undefined ? null : change(OldImage, rev + 1, true);
  }
  if (!isRecordItem(NewImage)) return null;
  const rev = revOf(NewImage);
  if (rev === undefined || (OldImage !== undefined && revOf(OldImage) === rev)) return null;
  return change(NewImage, rev, NewImage.entity?.S === 'record-tombstone');
}

function change(image: Image, rev: number, deleted: boolean): StreamChange {
  const { tenant, recordType } = parseRecordPartition(image.pk?.S ?? '');
  const id = parseEntitySk(image.sk?.S ?? '', 'rec');
  const record = deleted ? null : parseItem(recordSchema, unmarshall(image) as Record<string, unknown>);
  return { tenant, image: { recordType, id, rev, record } };
}
