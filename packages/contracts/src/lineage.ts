import { z } from 'zod';
import { Id } from './common.js';

/** The kinds of personal data the PII scan finds. */
export const PII_KIND_IDS = [
  'email',
  'phone',
  'payment_card',
  'iban',
  'us_ssn',
  'ipv4',
  'ipv6',
] as const;
export const PiiKindId = z.enum(PII_KIND_IDS);

/** How masked values are rewritten: a marker, partly starred out, or a keyed hash (joins still work). */
export const MaskingMethod = z.enum(['redact', 'partial', 'hash']);
export type MaskingMethod = z.infer<typeof MaskingMethod>;

/** Where a derived version came from: the SQL and each version it read, or the masked columns. */
export const VersionLineage = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('sql'),
    query: z.string(),
    inputs: z.array(
      z.object({ table: z.string(), datasetId: Id, versionId: Id, license: z.string() }),
    ),
  }),
  z.object({
    source: z.literal('mask'),
    parentVersionId: Id,
    trigger: z.enum(['policy', 'request']),
    columns: z.array(
      z.object({
        name: z.string(),
        method: MaskingMethod,
        scope: z.enum(['value', 'spans']),
        kinds: z.array(PiiKindId),
      }),
    ),
    hashKeyId: z
      .string()
      .nullable()
      .describe('Which hashing key was used (its fingerprint); the key itself is never stored.'),
  }),
]);
export type VersionLineage = z.infer<typeof VersionLineage>;
