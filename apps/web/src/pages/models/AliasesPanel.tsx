import type { ModelVersion, RegisteredModel } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useAliasHistory, useDeleteAlias, useSetAlias } from '../../api/models';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatDateTime } from '../../format/dates';

/** Current aliases with who moved them where and when, and a form to set or move one. */
export function AliasesPanel({
  model,
  versions,
}: {
  model: RegisteredModel;
  versions: ModelVersion[];
}) {
  const aliases = Object.entries(model.aliases).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="flex flex-col gap-6">
      <SetAliasForm model={model} versions={versions} />
      {aliases.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No aliases yet. Point one (e.g. <code>champion</code>) at a version, then deploy the alias
          instead of a number.
        </p>
      ) : (
        aliases.map(([alias, version]) => (
          <AliasHistory key={alias} model={model} alias={alias} version={version} />
        ))
      )}
    </div>
  );
}

function SetAliasForm({ model, versions }: { model: RegisteredModel; versions: ModelVersion[] }) {
  const ready = versions.filter((v) => v.status === 'ready');
  const [alias, setAlias] = useState('champion');
  const [version, setVersion] = useState<number | null>(null);
  const setAliasMutation = useSetAlias(model);
  const errors = fieldErrors(setAliasMutation.error);
  const chosen = version ?? ready[0]?.version ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen === null) return;
    setAliasMutation.mutate({ alias: alias.trim(), version: chosen });
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Set an alias">
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-56">
          <FormField label="Alias" error={errors.alias} hint="Lower-case letters, digits, _ or -">
            {(control) => (
              <Input
                {...control}
                required
                maxLength={63}
                value={alias}
                onChange={(e) => setAlias(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <div className="w-40">
          <FormField label="Points to" error={errors.version}>
            {(control) => (
              <Select
                {...control}
                value={chosen ?? ''}
                onChange={(e) => setVersion(Number(e.target.value))}
              >
                {ready.map((v) => (
                  <option key={v.id} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <Button
          type="submit"
          className="mt-6"
          disabled={setAliasMutation.isPending || chosen === null || alias.trim() === ''}
        >
          {setAliasMutation.isPending ? 'Saving…' : 'Set alias'}
        </Button>
      </div>
      {!errors.alias && !errors.version && <ProblemAlert error={setAliasMutation.error} />}
    </form>
  );
}

function AliasHistory(props: { model: RegisteredModel; alias: string; version: number }) {
  const { model, alias, version } = props;
  const history = useAliasHistory(model.id, alias);
  const remove = useDeleteAlias(model);
  return (
    <section className="flex flex-col gap-2" aria-label={`Alias ${alias}`}>
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        <Badge variant="dark">{alias}</Badge> → v{version}
        <Button
          variant="ghost"
          size="sm"
          disabled={remove.isPending}
          onClick={() => remove.mutate(alias)}
        >
          Remove
        </Button>
      </h3>
      <ProblemAlert error={remove.error} />
      {history.isError && <ProblemAlert error={history.error} />}
      {history.data && (
        <Table aria-label={`History of ${alias}`}>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>When</TableHead>
              <TableHead>Who</TableHead>
              <TableHead>Change</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {history.data.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell>{formatDateTime(entry.at)}</TableCell>
                <TableCell>
                  {entry.actor.name}
                  {entry.actor.type === 'api_key' && ' (API key)'}
                </TableCell>
                <TableCell className="tabular-nums">
                  {entry.fromVersion === null ? 'set' : `v${entry.fromVersion}`} →{' '}
                  {entry.toVersion === null ? 'removed' : `v${entry.toVersion}`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
