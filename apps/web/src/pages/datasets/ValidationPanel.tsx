import type { DatasetVersion, ValidationRuleResult } from '@aistudio/contracts';
import { Play, Trash2 } from 'lucide-react';
import { useDeleteValidationRule, useRunValidation, useValidationRules } from '../../api/datasets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { TableSkeleton } from '../../components/ui/Skeleton';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatDateTime } from '../../format/dates';
import { formatCount, formatPercent } from '../../format/numbers';
import { describeRule } from './rule-form';
import { RuleForm } from './RuleForm';

interface ValidationPanelProps {
  version: DatasetVersion;
  /** Editors may add and remove rules and run them. */
  canWrite: boolean;
}

/** The dataset's rules (evaluated on every new version) and their results on this version. */
export function ValidationPanel({ version, canWrite }: ValidationPanelProps) {
  const columns = ((version.schema ?? []) as { name: string }[]).map((column) => column.name);
  return (
    <div className="flex flex-col gap-4">
      <RulesCard datasetId={version.datasetId} columns={columns} canWrite={canWrite} />
      <ResultsCard version={version} canWrite={canWrite} />
    </div>
  );
}

function RulesCard({
  datasetId,
  columns,
  canWrite,
}: {
  datasetId: string;
  columns: string[];
  canWrite: boolean;
}) {
  const rules = useValidationRules(datasetId);
  const remove = useDeleteValidationRule(datasetId);
  return (
    <Card aria-label="Validation rules">
      <CardHeader>
        <CardTitle>Rules</CardTitle>
        <CardDescription>
          Checked on every new version of this dataset. A rule passes when at least its share of
          values does.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {rules.isPending ? (
          <TableSkeleton />
        ) : rules.isError ? (
          <ProblemAlert error={rules.error} />
        ) : rules.data.length === 0 ? (
          <p className="text-sm text-zinc-500">No rules yet.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-zinc-100 text-sm">
            {rules.data.map(({ id, rule }) => (
              <li key={id} className="flex items-center justify-between gap-3 py-2">
                <span>{describeRule(rule)}</span>
                {canWrite && (
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Delete rule: ${describeRule(rule)}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(id)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {remove.isError && <ProblemAlert error={remove.error} />}
        {canWrite && columns.length > 0 && <RuleForm datasetId={datasetId} columns={columns} />}
      </CardContent>
    </Card>
  );
}

function ResultsCard({ version, canWrite }: { version: DatasetVersion; canWrite: boolean }) {
  const run = useRunValidation(version);
  const validation = version.validation;
  return (
    <Card aria-label={`Validation of version ${version.number}`}>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="flex flex-col gap-1">
          <CardTitle>Results on version {version.number}</CardTitle>
          <CardDescription>
            {validation
              ? `${validation.passed} of ${validation.results.length} rules pass · ${
                  validation.trigger === 'ingest' ? 'checked at ingest' : 'checked on request'
                }, ${formatDateTime(validation.evaluatedAt)}`
              : 'Not checked yet.'}
          </CardDescription>
        </div>
        {canWrite && version.status === 'ready' && (
          <Button variant="secondary" disabled={run.isPending} onClick={() => run.mutate()}>
            <Play aria-hidden /> {run.isPending ? 'Checking…' : 'Run rules now'}
          </Button>
        )}
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {run.isError && <ProblemAlert error={run.error} />}
        {validation && validation.results.length > 0 && (
          <Table aria-label="Validation results">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Rule</TableHead>
                <TableHead>Result</TableHead>
                <TableHead className="text-right">Passing</TableHead>
                <TableHead className="text-right">Checked</TableHead>
                <TableHead>Failing examples</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {validation.results.map((result, i) => (
                <ResultRow key={`${result.ruleId}-${i}`} result={result} />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function ResultRow({ result }: { result: ValidationRuleResult }) {
  return (
    <TableRow>
      <TableCell>{describeRule(result.rule)}</TableCell>
      <TableCell>
        <Badge variant={result.success ? 'green' : 'red'}>{result.success ? 'pass' : 'fail'}</Badge>
      </TableCell>
      <TableCell className="text-right tabular-nums">
        {result.error ? '—' : formatPercent(result.observedShare)}
      </TableCell>
      <TableCell className="text-right tabular-nums">{formatCount(result.evaluated)}</TableCell>
      <TableCell className="text-xs text-zinc-600">
        {result.error ??
          (result.failingExamples.length === 0
            ? '—'
            : result.failingExamples
                .map(({ row, value }) => `row ${row}: ${value === null ? 'missing' : `“${value}”`}`)
                .join(' · '))}
      </TableCell>
    </TableRow>
  );
}
