import type { DatasetDiff, DatasetVersion } from '@aistudio/contracts';
import { useState } from 'react';
import { useDatasetDiff } from '../../api/datasets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge } from '../../components/ui/Badge';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { TableSkeleton } from '../../components/ui/Skeleton';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatCount, formatPercent, formatStat } from '../../format/numbers';

interface VersionDiffCardProps {
  datasetId: string;
  /** Ready versions, newest first: only their data can be compared. */
  versions: DatasetVersion[];
  selected: DatasetVersion;
}

/** Compares two ready versions: schema, row counts, rows added and removed, column profiles. */
export function VersionDiffCard({ datasetId, versions, selected }: VersionDiffCardProps) {
  const numbers = versions.map((version) => version.number);
  const to0 = numbers.includes(selected.number) ? selected.number : numbers[0]!;
  const [to, setTo] = useState(to0);
  const [from, setFrom] = useState(numbers.find((n) => n < to0) ?? numbers[numbers.length - 1]!);
  const diff = useDatasetDiff(datasetId, from, to, from !== to);

  const picker = (label: string, value: number, onChange: (n: number) => void) => (
    <div className="flex items-center gap-2">
      <Label htmlFor={`diff-${label}`}>{label}</Label>
      <Select
        id={`diff-${label}`}
        className="w-24"
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {numbers.map((n) => (
          <option key={n} value={n}>
            v{n}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <Card aria-label="Compare versions">
      <CardHeader className="flex-row flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <CardTitle>Compare versions</CardTitle>
          <CardDescription>
            Schema, rows and column statistics from one version to another.
          </CardDescription>
        </div>
        <div className="flex gap-3">
          {picker('From', from, setFrom)}
          {picker('To', to, setTo)}
        </div>
      </CardHeader>
      <CardContent>
        {from === to ? (
          <p className="text-sm text-zinc-500">Pick two different versions.</p>
        ) : diff.isPending ? (
          <TableSkeleton />
        ) : diff.isError ? (
          <ProblemAlert error={diff.error} />
        ) : (
          <DiffBody diff={diff.data} />
        )}
      </CardContent>
    </Card>
  );
}

function DiffBody({ diff }: { diff: DatasetDiff }) {
  const { schema, rows } = diff;
  const noSchemaChange = schema.added.length + schema.removed.length + schema.changed.length === 0;
  return (
    <div className="flex flex-col gap-5 text-sm">
      <section aria-label="Row changes" className="flex flex-col gap-1">
        <h3 className="font-medium">Rows</h3>
        <p className="tabular-nums">
          {formatCount(diff.from.rowCount)} → {formatCount(diff.to.rowCount)}
        </p>
        {rows.compared ? (
          <p className="flex flex-wrap gap-2">
            <Badge variant="green">+{formatCount(rows.added)} added</Badge>
            <Badge variant="red">−{formatCount(rows.removed)} removed</Badge>
            <Badge>{formatCount(rows.unchanged)} unchanged</Badge>
          </p>
        ) : (
          <p className="text-zinc-500">Rows not compared: {rows.reason}.</p>
        )}
        {rows.compared && rows.comparedColumns.length < diff.to.columnCount && (
          <p className="text-xs text-zinc-500">
            Compared over the columns both versions have: {rows.comparedColumns.join(', ')}.
          </p>
        )}
      </section>
      <section aria-label="Schema changes" className="flex flex-col gap-1">
        <h3 className="font-medium">Schema</h3>
        {noSchemaChange ? (
          <p className="text-zinc-500">No column added, removed or changed.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {schema.added.map((column) => (
              <li key={`+${column.name}`}>
                <Badge variant="green">added</Badge> {column.name}{' '}
                <span className="text-zinc-500">({column.type})</span>
              </li>
            ))}
            {schema.removed.map((column) => (
              <li key={`-${column.name}`}>
                <Badge variant="red">removed</Badge> {column.name}{' '}
                <span className="text-zinc-500">({column.type})</span>
              </li>
            ))}
            {schema.changed.map((change) => (
              <li key={`~${change.name}`}>
                <Badge variant="amber">changed</Badge> {change.name}:{' '}
                <span className="text-zinc-600">
                  {change.from.type}, {change.from.role} → {change.to.type}, {change.to.role}
                  {change.from.storageType !== change.to.storageType &&
                    ` (stored as ${change.from.storageType} → ${change.to.storageType})`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {diff.columns.length > 0 && (
        <Table aria-label="Column changes">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Column</TableHead>
              <TableHead className="text-right">Missing</TableHead>
              <TableHead className="text-right">Mean</TableHead>
              <TableHead className="text-right">Distinct</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {diff.columns.map((column) => (
              <TableRow key={column.name}>
                <TableCell className="font-medium">{column.name}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {moved(column.missingShare, (share) => formatPercent(share))}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {column.mean ? moved(column.mean, formatStat) : '—'}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {moved(column.distinct, formatCount)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function moved(
  { from, to, delta }: { from: number | null; to: number | null; delta: number | null },
  format: (value: number) => string,
): string {
  const show = (value: number | null) => (value === null ? '—' : format(value));
  return delta === 0 ? show(to) : `${show(from)} → ${show(to)}`;
}
