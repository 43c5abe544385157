import { useId } from 'react';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { formatCount } from '../../format/numbers';
import { BUNDLED_DATASETS } from './bundled-datasets';
import type { ParsedTable } from './parse-table-file';

const OWN_FILE = 'file';

interface DataSourceCardProps {
  source: string;
  onSource: (source: string) => void;
  onFile: (file: File) => void;
  table: ParsedTable | null;
  loading: boolean;
  disabled: boolean;
}

/** A bundled dataset or the visitor's own file, read here; uploaded only when a run is saved. */
export function DataSourceCard({
  source,
  onSource,
  onFile,
  table,
  loading,
  disabled,
}: DataSourceCardProps) {
  const selectId = useId();
  const fileId = useId();
  const bundled = BUNDLED_DATASETS.find((d) => d.id === source);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Data</CardTitle>
        <CardDescription>Stays in this browser tab: nothing is sent to a server.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={selectId}>Dataset</Label>
          <Select
            id={selectId}
            value={source}
            disabled={disabled}
            onChange={(e) => onSource(e.target.value)}
          >
            {BUNDLED_DATASETS.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
            <option value={OWN_FILE}>Your own file…</option>
          </Select>
          {bundled && (
            <p className="text-xs text-zinc-500">
              {bundled.about} Licence: {bundled.licence}.
            </p>
          )}
        </div>
        {source === OWN_FILE && (
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={fileId}>Data file</Label>
            <Input
              id={fileId}
              type="file"
              className="py-1.5"
              accept=".csv,.tsv,.json,.jsonl,.ndjson"
              disabled={disabled}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) onFile(file);
              }}
            />
            <p className="text-xs text-zinc-500">
              CSV or TSV with a header row, a JSON array of objects, or JSON Lines; up to 20 MB.
            </p>
          </div>
        )}
        <p role="status" className="text-sm text-zinc-600">
          {loading
            ? 'Reading…'
            : table
              ? `${formatCount(table.rows.length)} rows, ${formatCount(table.columns.length)} columns`
              : 'No data yet'}
        </p>
      </CardContent>
    </Card>
  );
}
