import { z } from 'zod';

const storageAttributes = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'ttl', 'entity']);

/** The entity as the API shows it: the stored item without its key and bookkeeping attributes. */
export function entityOf<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!storageAttributes.has(name)) entity[name] = value;
  }
  return entity as T;
}

/** A stored item that does not have the shape of the domain model (written around the API). */
export class StoredItemError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoredItemError';
  }
}

/**
 * The entity of a stored item, parsed with its core/model schema: an object schema drops the key
 * and bookkeeping attributes. An item that does not parse is a StoredItemError (a 500), never a
 * ZodError, which would answer the caller's request with a 400.
 */
export function parseItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const where = `${String(item.entity ?? 'item')} ${String(item.pk)} / ${String(item.sk)}`;
  throw new StoredItemError(`The stored ${where} does not match the model: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
}
