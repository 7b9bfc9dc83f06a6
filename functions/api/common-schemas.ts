import { z } from 'zod';
import { idSchema } from '../../core/model/primitives.ts';

/** `limit` (1–500, default 100) and `cursor` of every list. */
export const listQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(2048).optional(),
};
export const listQuerySchema = z.strictObject(listQueryShape);

export const idParamsSchema = z.strictObject({ id: idSchema });

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
