import { z } from 'zod';

/** Text a user writes: PostgreSQL cannot store NUL characters, so they are refused up front. */
export const Text = () =>
  z
    .string()
    .refine((value) => !value.includes('\u0000'), { error: 'must not contain NUL characters' });

/** A UUIDv7 resource id, as issued by the server. */
export const Id = z.uuid();

/** Path parameters `{orgId}`, `{projectId}`, … are all UUIDs. */
export const OrgParams = z.strictObject({ orgId: Id });
export const ProjectParams = z.strictObject({ projectId: Id });

/** Cursor pagination query shared by every list endpoint. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of items, newest first; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** RFC 9457 problem details, as every 4xx/5xx answers. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  requestId: z.string(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('One entry per invalid field, with a dotted path such as `body.email`.'),
});
export type Problem = z.infer<typeof Problem>;

export const Timestamp = z.iso.datetime();
