import type { DatasetVersion } from '@aistudio/contracts';

/** A column of a version's effective schema, as the wizard offers it. */
export interface TrainableColumn {
  readonly name: string;
  readonly type: string;
  /** feature, target, identifier, time or ignore (the dataset's schema overrides applied). */
  readonly role: string;
}

/** The columns of a version's effective schema (empty before ingest has inferred one). */
export function trainableColumns(version: DatasetVersion): TrainableColumn[] {
  return (version.schema ?? []).flatMap((entry) =>
    typeof entry.name === 'string'
      ? [
          {
            name: entry.name,
            type: typeof entry.type === 'string' ? entry.type : 'unknown',
            role: typeof entry.role === 'string' ? entry.role : 'feature',
          },
        ]
      : [],
  );
}
