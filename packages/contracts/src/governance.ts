import { z } from 'zod';
import { Id, Text, Timestamp } from './common.js';
import { DatasetName } from './datasets.js';
import { MaskingMethod, PiiKindId, VersionLineage } from './lineage.js';

export const PiiRule = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('block') }),
  z.strictObject({ action: z.literal('review') }),
  z.strictObject({ action: z.literal('mask'), method: MaskingMethod }),
]);
export type PiiRule = z.infer<typeof PiiRule>;

export const CopyrightAction = z
  .enum(['flag', 'review'])
  .describe('`flag` reports copyright notices; `review` also holds the version for an admin.');

export const UpdatePiiPolicyBody = z.strictObject({
  kinds: z
    .partialRecord(PiiKindId, PiiRule)
    .default({})
    .describe('Per kind: block, review, or mask with a method. Kinds not listed use the default.'),
  copyright: CopyrightAction.optional(),
});
export type UpdatePiiPolicyBody = z.infer<typeof UpdatePiiPolicyBody>;

export const PiiPolicy = z.object({
  orgId: Id,
  kinds: z.record(PiiKindId, PiiRule).describe('The effective rule of every kind.'),
  copyright: CopyrightAction,
  /** The org's own rules, as last saved; the rest are defaults. */
  overrides: UpdatePiiPolicyBody,
  defaults: z.object({ kinds: z.record(PiiKindId, PiiRule), copyright: CopyrightAction }),
});
export type PiiPolicy = z.infer<typeof PiiPolicy>;

export const MaskColumnsBody = z.strictObject({
  columns: z
    .array(z.strictObject({ name: z.string().min(1), method: MaskingMethod }))
    .min(1)
    .max(1000)
    .describe(
      'Columns to rewrite whole: `redact` → [REDACTED], `partial` stars out detected personal data, `hash` → keyed HMAC-SHA256.',
    ),
});
export type MaskColumnsBody = z.infer<typeof MaskColumnsBody>;

export const SaveSqlBody = z
  .strictObject({
    query: Text().trim().min(1).max(100_000),
    datasetName: DatasetName.optional().describe(
      'A new dataset (or an existing one) of this name.',
    ),
    datasetId: Id.optional().describe('An existing dataset of the project, to add a version to.'),
    description: Text().max(2000).default(''),
  })
  .refine((b) => (b.datasetName === undefined) !== (b.datasetId === undefined), {
    error: 'send exactly one of datasetName or datasetId',
    path: ['datasetName'],
  });
export type SaveSqlBody = z.infer<typeof SaveSqlBody>;

export const DerivedVersionAccepted = z.object({
  datasetId: Id,
  versionId: Id,
  version: z.number().int(),
  jobId: Id,
  lineage: VersionLineage,
  createdAt: Timestamp,
});
export type DerivedVersionAccepted = z.infer<typeof DerivedVersionAccepted>;
