import type { Run } from '@aistudio/contracts';
import { Trash2 } from 'lucide-react';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { isFinal, useDeleteRun, useExperiments, useUpdateRun } from '../../api/runs';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';

/** Moves a run to another experiment, or deletes a finished run with its files. */
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
        <CardTitle>Experiment</CardTitle>
        <CardDescription>Where this run is listed; moving it changes nothing else.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-end justify-between gap-4">
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
