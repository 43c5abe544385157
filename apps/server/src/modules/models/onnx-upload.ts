import { ModelInputSchema, type ModelInputField } from '@aistudio/contracts';
import { z } from 'zod';
import { ValidationError } from '../../http/errors.js';
import { classifyLicense } from '../governance/licenses.js';
import type { OnnxInspection } from './onnx-inspection.js';
import { invalid } from './models.service.js';

const Tags = z.record(z.string().min(1).max(100), z.string().max(500));

/** The text fields of an ONNX upload (multipart sends only strings; JSON fields are parsed here). */
const UploadFields = z.strictObject({
  license: z.string().trim().min(1, {
    error: 'is required: the SPDX id of the licence of the data the model was trained on',
  }),
  description: z.string().max(5000).optional(),
  tags: z.string().max(30_000).optional(),
  inputSchema: z.string().max(1_000_000).optional(),
});

export interface OnnxUploadFields {
  licenseId: string;
  description: string;
  tags: Record<string, string>;
  /** The uploader's corrections to the schema read from the graph, by input name. */
  inputSchema: ModelInputField[] | null;
}

/** Checks the upload's fields; a prohibited licence is refused before anything is kept. */
export function parseOnnxUploadFields(fields: Readonly<Record<string, string>>): OnnxUploadFields {
  const parsed = UploadFields.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.join('.');
    throw ValidationError.field(field || 'body', issue.message);
  }
  const licence = classifyLicense(parsed.data.license, { attested: true });
  if (licence.tier === 'prohibited') {
    throw invalid('license', `${licence.reason}; nothing was stored`);
  }
  return {
    licenseId: licence.licenseId,
    description: parsed.data.description ?? '',
    tags: parseJsonField('tags', parsed.data.tags, Tags) ?? {},
    inputSchema: parseJsonField('inputSchema', parsed.data.inputSchema, ModelInputSchema),
  };
}

function parseJsonField<T>(name: string, text: string | undefined, schema: z.ZodType<T>): T | null {
  if (text === undefined || text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw ValidationError.field(name, 'must be JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('');
    throw ValidationError.field(`${name}${path}`, issue.message);
  }
  return parsed.data;
}

/**
 * The graph's inputs with the uploader's corrections applied: an override may change an input's
 * kind or categories, but must name inputs the graph has (the runtime feeds tensors by name).
 */
export function applyInputOverrides(
  graph: OnnxInspection['inputs'],
  overrides: ModelInputField[] | null,
): ModelInputField[] {
  if (!overrides) return graph;
  const names = new Set(graph.map((g) => g.name));
  overrides.forEach((o, i) => {
    if (!names.has(o.name)) {
      throw invalid(
        `inputSchema[${i}].name`,
        `the graph has no input "${o.name}"; its inputs are ${[...names].join(', ')}`,
      );
    }
  });
  const byName = new Map(overrides.map((o) => [o.name, o]));
  return graph.map((g) => {
    const o = byName.get(g.name);
    return o ? { ...o, type: g.type } : g;
  });
}
