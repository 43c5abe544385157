import { COLUMN_TYPES, type ColumnType } from '../datasets/ingest/index.js';
import type { TrainingColumn } from './read-training-table.js';

interface SchemaEntry {
  readonly name: string;
  readonly type: ColumnType;
  readonly role: string;
}

export type ColumnPlan =
  | {
      readonly ok: true;
      /** What to read: the features, the target and the fairness column. */
      readonly columns: TrainingColumn[];
      readonly features: string[];
    }
  | { readonly ok: false; readonly error: string };

/**
 * Decides what a run reads from its version's effective schema: the features asked for, or every
 * column whose role is `feature` (identifiers, time and ignored columns are left out by default).
 */
export function trainingColumns(
  schema: unknown,
  run: { target: string; features: string[] | null; fairnessColumn: string | null },
): ColumnPlan {
  const entries = readSchema(schema);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const target = byName.get(run.target);
  if (!target) return { ok: false, error: `target: the version has no column "${run.target}"` };
  const features =
    run.features ??
    entries.filter((e) => e.role === 'feature' && e.name !== run.target).map((e) => e.name);
  for (const name of features) {
    if (!byName.has(name))
      return { ok: false, error: `features: the version has no column "${name}"` };
    if (name === run.target) return { ok: false, error: 'features: must not include the target' };
  }
  if (features.length === 0) {
    return {
      ok: false,
      error: 'features: no feature columns (every other column is an identifier, time or ignored)',
    };
  }
  if (run.fairnessColumn !== null && !byName.has(run.fairnessColumn)) {
    return {
      ok: false,
      error: `fairnessColumn: the version has no column "${run.fairnessColumn}"`,
    };
  }
  const names = new Set([
    ...features,
    run.target,
    ...(run.fairnessColumn ? [run.fairnessColumn] : []),
  ]);
  return {
    ok: true,
    features,
    columns: [...names].map((name) => {
      const { type } = byName.get(name)!;
      return { name, type };
    }),
  };
}

function readSchema(schema: unknown): SchemaEntry[] {
  if (!Array.isArray(schema)) return [];
  return schema.flatMap((entry: unknown) => {
    const e = entry as Partial<SchemaEntry>;
    return typeof e.name === 'string' && COLUMN_TYPES.includes(e.type as ColumnType)
      ? [{ name: e.name, type: e.type as ColumnType, role: String(e.role ?? 'feature') }]
      : [];
  });
}
