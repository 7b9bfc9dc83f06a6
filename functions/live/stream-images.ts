import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { storedRecord } from '../../core/model/record-input.ts';
import type { RecordImage } from '../use-cases/live/ports.ts';
import type { RecomputeScope } from '../use-cases/rollups/ports.ts';
import { parseEntitySk, parseRecordPartition } from '../store/keys.ts';
import { definitionEntities } from './definition-entities.ts';

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
  // As stored, unchecked: core skips a bad record alone (a strict parse would fail the batch on it).
  const record = deleted ? null : storedRecord(unmarshall(image) as Record<string, unknown>);
  return { tenant, image: { recordType, id, rev, record } };
}

/** A change of a tenant's definitions read off the stream, and what it asks to be recomputed. */
export interface DefinitionChange {
  tenant: string;
  scope: RecomputeScope;
}

const isDefinitionEntity = (entity: string): boolean => (definitionEntities as readonly string[]).includes(entity);

/**
 * The definition change a stream record carries, or null for any other item: a goal's asks for its
 * hierarchy and the one it left (its parent before and after); a metric's, a unit's, a user's
 * (memberships), a currency's exchange rates or the settings' ask for the whole tenant.
 */
export function definitionChange(streamRecord: DynamoDBRecord): DefinitionChange | null {
  const { NewImage, OldImage, Keys } = (streamRecord.dynamodb ?? {}) as { NewImage?: Image; OldImage?: Image; Keys?: Image };
  const pk = Keys?.pk?.S ?? NewImage?.pk?.S ?? OldImage?.pk?.S ?? '';
  const sk = Keys?.sk?.S ?? NewImage?.sk?.S ?? OldImage?.sk?.S ?? '';
  const tenant = /^t#([^#]+)(#goals)?$/.exec(pk)?.[1];
  if (tenant === undefined) return null;
  if (sk === 'settings') return { tenant, scope: { all: true } };
  const entity = NewImage?.entity?.S ?? OldImage?.entity?.S;
  if (entity === undefined || !isDefinitionEntity(entity)) return null;
  if (entity !== 'goal') return { tenant, scope: { all: true } };
  const ids = new Set<string>();
  for (const image of [NewImage, OldImage]) {
    for (const id of [image?.id?.S, image?.parentId?.S]) if (id) ids.add(id);
  }
  return { tenant, scope: { goalIds: [...ids].sort() } };
}
