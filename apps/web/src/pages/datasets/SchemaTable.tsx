import type { DatasetVersion } from '@aistudio/contracts';
import { useState } from 'react';
import type { ColumnRole, ColumnType, SchemaColumn } from '../../api/dataset-reports';
import { useUpdateSchema } from '../../api/datasets';
import { fieldErrors } from '../../api/problems';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Select } from '../../components/ui/Select';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { changedOverrides, draftOf, type SchemaDraft } from './schema-draft';

const TYPES: ColumnType[] = [
  'integer',
  'float',
  'boolean',
  'date',
  'datetime',
  'categorical',
  'text',
  'identifier',
];
const ROLES: ColumnRole[] = ['feature', 'target', 'identifier', 'time', 'ignore'];

interface SchemaTableProps {
  version: DatasetVersion;
  /** Editors of a ready version may override types and roles. */
  editable: boolean;
}

/**
 * The effective schema (inferred, with the user's overrides): logical type and role per column,
 * the storage type, and why. Editors change types and roles here; the server checks each new
 * type against the data and names the column whose values cannot take it.
 */
export function SchemaTable({ version, editable }: SchemaTableProps) {
  const columns = (version.schema ?? []) as unknown as SchemaColumn[];
  const [draft, setDraft] = useState<SchemaDraft>(() => draftOf(columns));
  const update = useUpdateSchema(version);
  const overridden = new Set(version.schemaOverrides.map((override) => override.column));
  const changes = changedOverrides(columns, draft);
  const sent = update.variables?.overrides ?? [];
  // Errors name body.overrides.<i>.<field>; <i> indexes the overrides sent.
  const errorFor = (column: string, field: 'type' | 'role') => {
    const errors = fieldErrors(update.error);
    const index = sent.findIndex((override) => override.column === column);
    return index < 0 ? undefined : errors[`overrides.${index}.${field}`];
  };

  const pick = (column: string, change: Partial<SchemaDraft[string]>) =>
    setDraft((current) => {
      const next = { ...current, [column]: { ...current[column]!, ...change } };
      // One target: picking a new one makes the old one a feature, as the server will.
      if (change.role === 'target') {
        for (const name of Object.keys(next)) {
          if (name !== column && next[name]!.role === 'target') {
            next[name] = { ...next[name]!, role: 'feature' };
          }
        }
      }
      return next;
    });
  const save = (overrides = changes) =>
    update.mutate(
      { overrides },
      {
        onSuccess: (updated) =>
          setDraft(draftOf((updated.schema ?? []) as unknown as SchemaColumn[])),
      },
    );

  return (
    <div className="flex flex-col gap-3">
      <Table aria-label="Schema">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Column</TableHead>
            <TableHead>Type</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Stored as</TableHead>
            <TableHead>Why this type</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {columns.map((column) => {
            const picked = draft[column.name] ?? column;
            const typeError = errorFor(column.name, 'type');
            const roleError = errorFor(column.name, 'role');
            return (
              <TableRow key={column.name}>
                <TableCell className="font-medium">
                  <span className="flex items-center gap-2">
                    {column.name}
                    {overridden.has(column.name) && <Badge variant="amber">overridden</Badge>}
                  </span>
                </TableCell>
                <TableCell>
                  {editable ? (
                    <Select
                      aria-label={`Type of ${column.name}`}
                      aria-invalid={typeError ? true : undefined}
                      value={picked.type}
                      onChange={(event) =>
                        pick(column.name, { type: event.target.value as ColumnType })
                      }
                      className="w-36"
                    >
                      {TYPES.map((type) => (
                        <option key={type}>{type}</option>
                      ))}
                    </Select>
                  ) : (
                    <Badge>{column.type}</Badge>
                  )}
                  {typeError && <p className="mt-1 text-xs text-red-600">{typeError}</p>}
                </TableCell>
                <TableCell>
                  {editable ? (
                    <Select
                      aria-label={`Role of ${column.name}`}
                      aria-invalid={roleError ? true : undefined}
                      value={picked.role}
                      onChange={(event) =>
                        pick(column.name, { role: event.target.value as ColumnRole })
                      }
                      className="w-32"
                    >
                      {ROLES.map((role) => (
                        <option key={role}>{role}</option>
                      ))}
                    </Select>
                  ) : (
                    <Badge variant={column.role === 'target' ? 'blue' : 'default'}>
                      {column.role}
                    </Badge>
                  )}
                  {roleError && <p className="mt-1 text-xs text-red-600">{roleError}</p>}
                </TableCell>
                <TableCell className="font-mono text-xs text-zinc-600">
                  {column.storageType}
                </TableCell>
                <TableCell className="text-zinc-600">
                  <span className="flex items-center gap-2">
                    {column.reason}
                    {editable && overridden.has(column.name) && (
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Revert ${column.name} to the inferred type and role`}
                        disabled={update.isPending}
                        onClick={() => save([{ column: column.name }])}
                      >
                        Revert
                      </Button>
                    )}
                  </span>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {editable && (
        <div className="flex flex-col gap-3 px-4 pb-4">
          {update.isError && <ProblemAlert error={update.error} title="Schema not saved" />}
          {update.isSuccess && changes.length === 0 && (
            <Alert variant="success" title="Schema saved">
              Training reads these types and roles.
            </Alert>
          )}
          <div className="flex items-center justify-between gap-3">
            <p className="text-xs text-zinc-500">
              The target column is what training predicts unless told otherwise; ignored columns are
              left out.
            </p>
            <div className="flex gap-2">
              <Button
                variant="ghost"
                disabled={changes.length === 0 || update.isPending}
                onClick={() => setDraft(draftOf(columns))}
              >
                Discard changes
              </Button>
              <Button disabled={changes.length === 0 || update.isPending} onClick={() => save()}>
                {update.isPending ? 'Saving…' : 'Save schema'}
              </Button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
