import { z } from 'zod';
import { Id, PageQuery, Text, Timestamp } from './common.js';
import { LicenseTier } from './datasets.js';
import { Task } from './runs.js';

const Tags = z
  .record(Text().min(1).max(100), Text().max(500))
  .refine((tags) => Object.keys(tags).length <= 50, { error: 'at most 50 tags' });

export const ModelName = Text().trim().min(1).max(100);

export const RegisteredModel = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  description: z.string(),
  tags: z.record(z.string(), z.string()),
  latestVersion: z.number().int().nullable().describe('The highest version number, if any.'),
  aliases: z.record(z.string(), z.number().int()).describe('Alias → version number.'),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RegisteredModel = z.infer<typeof RegisteredModel>;

export const CreateModelBody = z.strictObject({
  name: ModelName,
  description: Text().max(5000).default(''),
  tags: Tags.default({}),
});
export type CreateModelBody = z.input<typeof CreateModelBody>;

export const UpdateModelBody = z.strictObject({
  name: ModelName.optional(),
  description: Text().max(5000).optional(),
  tags: Tags.optional().describe('Replaces the tags.'),
});
export type UpdateModelBody = z.infer<typeof UpdateModelBody>;

export const ListModelsQuery = PageQuery.extend({
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Matches name, description and tag values, case-insensitively.'),
});
export type ListModelsQuery = z.infer<typeof ListModelsQuery>;

export const ModelParams = z.strictObject({ modelId: Id });

/** An alias: lower-case, starting with a letter, so it never reads as a version number. */
export const AliasName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, {
    error: 'use 1–63 lower-case letters, digits, "_" or "-", starting with a letter',
  })
  .describe('e.g. `champion`, `challenger`.');

export const VersionRef = z
  .string()
  .regex(/^(\d{1,9}|[a-z][a-z0-9_-]{0,62})$/, {
    error: 'is a version number (1, 2, …) or an alias (champion, …)',
  })
  .describe('A version number or an alias.');

export const ModelVersionParams = z.strictObject({ modelId: Id, version: VersionRef });
export const ModelAliasParams = z.strictObject({ modelId: Id, alias: AliasName });

export const ModelVersionStatus = z
  .enum(['pending', 'ready', 'failed'])
  .describe('`pending` while files are copied; `failed` carries `error`.');

export const ModelInputField = z.object({
  name: z.string(),
  kind: z
    .enum(['numeric', 'categorical', 'text'])
    .describe('How the model reads the column (numbers, categories, free text).'),
  type: z
    .string()
    .nullable()
    .describe('The ONNX element type of the input tensor (`float`, `string`, …), when known.'),
  categories: z.array(z.string()).optional().describe('Categories seen in training.'),
});
export type ModelInputField = z.infer<typeof ModelInputField>;

export const ModelInputSchema = z.array(ModelInputField).max(10_000);

/** The licence a version inherits from its training data: the strictest of them. */
export const ModelLicense = z.object({
  licenseIds: z.array(z.string()).describe('Every licence of the training data, deduplicated.'),
  spdx: z
    .string()
    .describe('The Hugging Face / SPDX id used in the card (`other` when several apply).'),
  tier: LicenseTier,
  allowsCommercialUse: z.boolean(),
  allowsDerivatives: z.boolean(),
  requiresAttribution: z.boolean(),
  shareAlike: z.boolean(),
  researchOnly: z.boolean(),
  attribution: z.array(z.string()).describe('Attribution lines carried from the training data.'),
  reasons: z.array(z.string()).describe('Why the restrictions apply, one line per licence.'),
});
export type ModelLicense = z.infer<typeof ModelLicense>;

export const LicenseOverride = z.object({
  reason: z.string(),
  by: Id.nullable(),
  byName: z.string(),
  at: Timestamp,
});

export const ModelVersion = z.object({
  id: Id,
  modelId: Id,
  projectId: Id,
  version: z.number().int(),
  status: ModelVersionStatus,
  source: z.enum(['run', 'onnx']).describe('Registered from a run, or an uploaded ONNX file.'),
  runId: Id.nullable().describe('Null for an ONNX upload, or when the run was deleted since.'),
  datasetVersionIds: z.array(Id),
  task: Task.nullable(),
  algorithm: z.string().nullable(),
  target: z.string().nullable(),
  metrics: z.record(z.string(), z.number()),
  params: z.record(z.string(), z.unknown()),
  inputSchema: ModelInputSchema,
  engineVersion: z.string().nullable(),
  license: ModelLicense,
  licenseOverride: LicenseOverride.nullable(),
  aliases: z.array(z.string()),
  artifacts: z.array(
    z.object({ name: z.string(), contentType: z.string(), sizeBytes: z.number().int() }),
  ),
  description: z.string(),
  tags: z.record(z.string(), z.string()),
  error: z.string().nullable(),
  createdBy: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const CreateModelVersionBody = z.strictObject({
  runId: Id.describe('A succeeded training run of the same project (a sweep: its best trial).'),
  description: Text().max(5000).default(''),
  tags: Tags.default({}),
});
export type CreateModelVersionBody = z.input<typeof CreateModelVersionBody>;

export const UpdateModelVersionBody = z.strictObject({
  description: Text().max(5000).optional(),
  tags: Tags.optional().describe('Replaces the tags.'),
});
export type UpdateModelVersionBody = z.infer<typeof UpdateModelVersionBody>;

export const SetAliasBody = z.strictObject({
  version: z.number().int().min(1).describe('The version number the alias points to.'),
});

export const ModelAlias = z.object({
  alias: z.string(),
  version: z.number().int(),
  updatedAt: Timestamp,
});

export const AliasHistoryEntry = z.object({
  id: Id,
  alias: z.string(),
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int().nullable().describe('Null when the alias was removed.'),
  actor: z.object({ type: z.enum(['user', 'api_key']), id: Id.nullable(), name: z.string() }),
  at: Timestamp,
});

export const ModelCard = z.object({
  markdown: z.string(),
  updatedAt: Timestamp.nullable().describe('Null while the card is as generated.'),
});

export const UpdateModelCardBody = z.strictObject({
  markdown: Text().min(1).max(200_000),
});

export const LicenseOverrideBody = z.strictObject({
  reason: Text()
    .trim()
    .min(10)
    .max(2000)
    .describe('Why the export is allowed despite the licence.'),
});

export const DownloadQuery = z.strictObject({
  format: z
    .enum(['json', 'onnx', 'bundle'])
    .default('json')
    .describe(
      'Engine JSON, ONNX, or `bundle`: a zip that runs the model in a browser, offline (ONNX + onnxruntime-web + a demo page).',
    ),
});

export const LineageNode = z.object({
  id: Id,
  type: z.enum(['dataset_version', 'run', 'model_version', 'deployment']),
  label: z.string(),
  projectId: Id,
  status: z.string().nullable(),
  /**
   * Type-specific: the dataset, number and licence; the run's algorithm; the model and version; a
   * deployment's routes (model, version, weight) and shadow.
   */
  details: z.record(z.string(), z.unknown()),
});
export type LineageNode = z.infer<typeof LineageNode>;

export const LineageRelation = z
  .enum(['trained', 'registered', 'serves', 'shadows', 'scored'])
  .describe(
    '`trained`: data → run (or → version when the run is gone); `registered`: run → version; ' +
      '`serves` / `shadows`: version → deployment (a route, or its shadow); `scored`: version and ' +
      'input data → the dataset version a batch scoring wrote.',
  );
export type LineageRelation = z.infer<typeof LineageRelation>;

export const Lineage = z
  .object({
    nodes: z.array(LineageNode),
    edges: z.array(z.object({ from: Id, to: Id, relation: LineageRelation })),
  })
  .describe(
    'A graph: dataset versions → runs → model versions → deployments, and batch scoring outputs.',
  );
export type Lineage = z.infer<typeof Lineage>;
