import type { Run } from '@aistudio/contracts';
import { Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { isFinal, useDeleteRun, useExperiments, useUpdateRun } from '../../api/runs';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Textarea } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { tagsToText, textToTags } from './run-tags';

/** Edits a run's notes and tags, moves it to another experiment, or deletes it when finished. */
export function RunManageCard({ run }: { run: Run }) {
  const experiments = useExperiments(run.projectId);
  const update = useUpdateRun(run);
  const remove = useDeleteRun(run);
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const selectId = useId();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Notes, tags and experiment</CardTitle>
        <CardDescription>
          What you know about this run; its parameters and results stay as they are.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-end justify-between gap-4">
        <NotesForm run={run} />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={selectId}>Experiment</Label>
          <Select
            id={selectId}
            className="w-56"
            value={run.experimentId}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ experimentId: e.target.value })}
          >
            {experiments.data?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </Select>
        </div>
        <Button
          variant="secondary"
          disabled={!isFinal(run.status)}
          title={isFinal(run.status) ? undefined : 'Cancel the run first'}
          onClick={() => setConfirming(true)}
        >
          <Trash2 aria-hidden /> Delete run
        </Button>
        <div className="basis-full">
          <ProblemAlert error={update.error} />
        </div>
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        mutation={remove}
        variables={undefined}
        onDone={() => void navigate(`/projects/${run.projectId}/runs`)}
        title={`Delete ${run.name}?`}
        confirmLabel="Delete run"
      >
        <p>The run, its metrics, model files and evaluation are removed for good.</p>
      </ConfirmDialog>
    </Card>
  );
}

/** Notes and tags (one `key=value` per line; tags feed the runs filter as tags.key). */
function NotesForm({ run }: { run: Run }) {
  const update = useUpdateRun(run);
  const [notes, setNotes] = useState(run.notes);
  const [tags, setTags] = useState(tagsToText(run.tags));
  const parsed = textToTags(tags);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (parsed.ok) update.mutate({ notes, tags: parsed.tags });
  };
  return (
    <form onSubmit={submit} aria-label="Notes and tags" className="flex basis-full flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Notes">
          {(field) => (
            <Textarea
              {...field}
              value={notes}
              maxLength={10_000}
              onChange={(e) => setNotes(e.target.value)}
            />
          )}
        </FormField>
        <FormField
          label="Tags"
          error={parsed.ok ? undefined : parsed.error}
          hint="One key=value per line; filter on them with tags.key = 'value'."
        >
          {(field) => (
            <Textarea
              {...field}
              className="font-mono"
              value={tags}
              onChange={(e) => setTags(e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="flex items-center justify-end gap-3">
        {update.isSuccess && <span className="text-sm text-emerald-700">Saved</span>}
        <ProblemAlert error={update.error} />
        <Button type="submit" variant="secondary" disabled={!parsed.ok || update.isPending}>
          Save notes and tags
        </Button>
      </div>
    </form>
  );
}
