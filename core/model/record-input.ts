/** One owner's share of a record, in percent (all shares of a record sum to 100). */
export interface RecordSplit {
  ownerId: string;
  percent: number | string;
}

/** A value of a record's own field: string, number, boolean, decimal string or ISO instant. */
export type FieldValue = string | number | boolean | null;

/** A CRM record as the store returns it. */
export interface RecordInput {
  recordType: string;
  id: string;
  ownerId: string;
  /** ISO-8601 instant of the last change; not used by the calculation. */
  updatedAt: string;
  splits?: RecordSplit[] | null;
  /** The record's own fields (everything but the reserved ones). */
  fields: Readonly<Record<string, FieldValue | undefined>>;
}
