import type { SchemaOverride } from '@aistudio/contracts';
import type { ColumnRole, ColumnType, SchemaColumn } from '../../api/dataset-reports';

/** The type and role the user has picked per column, before saving. */
export type SchemaDraft = Record<string, { type: ColumnType; role: ColumnRole }>;

export function draftOf(columns: SchemaColumn[]): SchemaDraft {
  return Object.fromEntries(columns.map(({ name, type, role }) => [name, { type, role }]));
}

/**
 * The overrides to send: per changed column, only what changed. A new target replaces the
 * old one on the server, so the old target's demotion is not sent as a change of its own.
 */
export function changedOverrides(columns: SchemaColumn[], draft: SchemaDraft): SchemaOverride[] {
  const newTarget = columns.some(
    (column) => draft[column.name]?.role === 'target' && column.role !== 'target',
  );
  return columns.flatMap((column) => {
    const picked = draft[column.name];
    if (!picked) return [];
    const type = picked.type !== column.type ? picked.type : undefined;
    const demoted = newTarget && column.role === 'target' && picked.role === 'feature';
    const role = picked.role !== column.role && !demoted ? picked.role : undefined;
    return type || role
      ? [{ column: column.name, ...(type && { type }), ...(role && { role }) }]
      : [];
  });
}
