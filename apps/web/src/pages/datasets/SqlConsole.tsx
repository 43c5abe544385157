import type { SqlResult } from '@aistudio/contracts';
import { Play, Save } from 'lucide-react';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { useRunSql, type SqlRequest } from '../../api/datasets';
import { useSaveSqlAsVersion } from '../../api/governance';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { Input, Textarea } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatCount } from '../../format/numbers';
import { cellText } from './cell-value';
import { sqlSaveBody } from './sql-save';

const PAGE_ROWS = 100;

/** One read-only query over the project's datasets (tables named after them), paged. */
export function SqlConsole({
  projectId,
  initialQuery = '',
}: {
  projectId: string;
  initialQuery?: string;
}) {
  const [query, setQuery] = useState(initialQuery);
  const [ran, setRan] = useState<{ request: SqlRequest; result: SqlResult } | null>(null);
  const run = useRunSql(projectId);
  const queryId = useId();

  const execute = (request: SqlRequest) =>
    run.mutate(request, { onSuccess: (result) => setRan({ request, result }) });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (query.trim()) execute({ query, limit: PAGE_ROWS, offset: 0 });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardContent className="pt-5">
          <form onSubmit={submit} className="flex flex-col gap-3">
            <Label htmlFor={queryId}>SQL query</Label>
            <Textarea
              id={queryId}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={onKeyDown}
              spellCheck={false}
              rows={5}
              placeholder="select * from my_dataset limit 10"
              className="font-mono text-xs"
            />
            <div className="flex items-center justify-between gap-2">
              <p className="text-xs text-zinc-500">
                One read-only SELECT. Each dataset is a table named after it (its latest ready
                version); <code>name@3</code> reads version 3. Ctrl+Enter runs.
              </p>
              <Button type="submit" disabled={run.isPending || !query.trim()}>
                <Play aria-hidden />
                {run.isPending ? 'Running…' : 'Run query'}
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      <ProblemAlert error={run.error} title="The query failed" />
      {ran && <SqlResultCard ran={ran} busy={run.isPending} onPage={execute} />}
      {ran && <SaveAsVersionCard projectId={projectId} query={ran.request.query} />}
    </div>
  );
}

/** Saves the whole result of the last query run (not only the page shown) as a dataset version. */
function SaveAsVersionCard({ projectId, query }: { projectId: string; query: string }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useSaveSqlAsVersion(projectId);
  const nameId = useId();
  const descriptionId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = sqlSaveBody(query, name, description);
    setInvalid('error' in request ? request.error : null);
    if ('body' in request) save.mutate(request.body);
  };
  return (
    <Card>
      <CardContent className="pt-5">
        <form
          onSubmit={submit}
          aria-label="Save result as a version"
          className="flex flex-col gap-3"
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={nameId}>Dataset for the result</Label>
              <Input
                id={nameId}
                value={name}
                maxLength={100}
                placeholder="new or existing dataset name"
                onChange={(event) => setName(event.target.value)}
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={descriptionId}>Description</Label>
              <Input
                id={descriptionId}
                value={description}
                maxLength={2000}
                onChange={(event) => setDescription(event.target.value)}
              />
            </div>
          </div>
          <div className="flex items-center justify-between gap-2">
            <p className="text-xs text-zinc-500">
              Runs the query in full and keeps every row as the dataset's next version, with the
              query and the versions it read as lineage; the licence is the strictest of theirs.
            </p>
            <Button type="submit" variant="secondary" disabled={save.isPending}>
              <Save aria-hidden />
              {save.isPending ? 'Saving…' : 'Save as version'}
            </Button>
          </div>
          {invalid && <p className="text-sm text-red-700">{invalid}</p>}
          <ProblemAlert error={save.error} title="The result was not saved" />
          {save.data && (
            <p role="status" className="text-sm text-zinc-700">
              Saved as version {save.data.version} —{' '}
              <Link to={`/datasets/${save.data.datasetId}`} className="underline">
                open the dataset
              </Link>{' '}
              (profiling runs now).
            </p>
          )}
        </form>
      </CardContent>
    </Card>
  );
}

function SqlResultCard({
  ran: { request, result },
  busy,
  onPage,
}: {
  ran: { request: SqlRequest; result: SqlResult };
  busy: boolean;
  onPage: (request: SqlRequest) => void;
}) {
  const first = result.offset + 1;
  const last = result.offset + result.rows.length;
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-100 px-4 py-2 text-xs text-zinc-500">
        <span role="status">
          {result.rows.length === 0 ? 'No rows' : `Rows ${formatCount(first)}–${formatCount(last)}`}{' '}
          · {Math.round(result.elapsedMs)} ms
          {result.sources.length > 0 &&
            ` · read ${result.sources.map((source) => source.table).join(', ')}`}
        </span>
        <span className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={busy || result.offset === 0}
            onClick={() =>
              onPage({ ...request, offset: Math.max(0, result.offset - request.limit) })
            }
          >
            Previous page
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={busy || result.nextOffset === null}
            onClick={() => onPage({ ...request, offset: result.nextOffset! })}
          >
            Next page
          </Button>
        </span>
      </div>
      <div className="max-h-[28rem] overflow-auto">
        <Table aria-label="Query result">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              {result.columns.map((column, i) => (
                <TableHead key={i} className="normal-case">
                  {column.name}{' '}
                  <span className="font-normal text-zinc-400 lowercase">{column.type}</span>
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.rows.map((row, r) => (
              <TableRow key={result.offset + r}>
                {row.map((value, c) => (
                  <TableCell
                    key={c}
                    className={value === null ? 'py-1.5 text-zinc-400 italic' : 'py-1.5'}
                  >
                    {cellText(value)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}
