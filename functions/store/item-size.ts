/**
 * DynamoDB's limits on one write, as its documentation states them: an item holds at most 400 KB,
 * a TransactWriteItems call at most 100 actions and 4 MB of items in all.
 */
export const DYNAMODB_LIMITS = Object.freeze({
  itemBytes: 400 * 1024,
  transactionActions: 100,
  transactionBytes: 4 * 1024 * 1024,
});

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * "Approximately 1 byte per two significant digits plus 1": the digits pair up around the decimal
 * point, so one more byte is counted to stay on the safe side (`1.5` takes 3 bytes, not 2).
 */
function numberBytes(value: number | bigint): number {
  const mantissa = String(value).replace('-', '').split('e')[0]!.replace('.', '');
  const digits = mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
  return Math.ceil(digits / 2) + 2;
}

/** The size DynamoDB counts for one attribute value (its name not included). */
function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(value);
  if (Array.isArray(value)) {
    // A list: 3 bytes, plus 1 byte and the size of each element.
    return value.reduce<number>((sum, element) => (element === undefined ? sum : sum + 1 + valueBytes(element)), 3);
  }
  if (typeof value === 'object') return 3 + mapBytes(value as Record<string, unknown>, 1);
  return 0;
}

/** The attributes of an item or a map: each name's UTF-8 bytes, its value, and `perEntry` bytes. */
function mapBytes(map: Readonly<Record<string, unknown>>, perEntry: number): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(map)) {
    if (value === undefined) continue; // removed by the marshaller
    bytes += utf8Bytes(name) + valueBytes(value) + perEntry;
  }
  return bytes;
}

/**
 * The size DynamoDB counts for an item (a plain object as the document client marshals it), by
 * its documented rules: names and strings in UTF-8 bytes, numbers by their significant digits,
 * lists and maps 3 bytes plus 1 byte per element. Never less than DynamoDB counts: DynamoDB Local
 * refuses an item or a transaction exactly one byte past the limits as measured here.
 *
 * @example dynamoItemSize({ pk: 'a', n: 12 }) // ('pk' + 'a') 3 + ('n' + 12) 1 + 3 = 7
 */
export function dynamoItemSize(item: Readonly<Record<string, unknown>>): number {
  return mapBytes(item, 0);
}
