import type { RegisteredModel } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useCreateDeployment, type DeploymentSummary } from '../../api/deployments';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { LicenseRestrictedAlert } from '../models/LicenseRestrictedAlert';
import { routeErrorsByIndex } from './route-errors';
import { RoutesEditor, routesBody, type RouteDraft } from './RoutesEditor';

interface CreateDeploymentDialogProps {
  projectId: string;
  models: readonly RegisteredModel[];
  /** The model to start from (the model page's "Deploy"). */
  initialModelId: string | null;
  open: boolean;
  onClose: () => void;
  onCreated: (deployment: DeploymentSummary) => void;
}

/** Names a deployment and routes its traffic to model versions (or aliases). */
export function CreateDeploymentDialog(props: CreateDeploymentDialogProps) {
  const { projectId, models, initialModelId, open, onClose, onCreated } = props;
  const [name, setName] = useState('');
  const [routes, setRoutes] = useState<RouteDraft[] | null>(null);
  const create = useCreateDeployment(projectId);
  const { routes: routeErrors, rest } = routeErrorsByIndex(fieldErrors(create.error));
  const startModel = initialModelId ?? models[0]?.id ?? '';
  const drafts = routes ?? [
    {
      modelId: startModel,
      version: String(models.find((m) => m.id === startModel)?.latestVersion ?? ''),
      weight: 100,
    },
  ];
  const close = () => {
    setName('');
    setRoutes(null);
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), routes: routesBody(drafts) },
      {
        onSuccess: (deployment) => {
          close();
          onCreated(deployment);
        },
      },
    );
  };
  const complete = drafts.every((r) => r.modelId !== '' && r.version !== '');
  return (
    <Dialog
      open={open}
      onClose={close}
      className="max-w-3xl"
      title="New deployment"
      description="One endpoint in front of model versions; the traffic split decides which version answers each request."
    >
      {models.length === 0 ? (
        <p className="text-sm text-zinc-500">Register a model version first.</p>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4">
          <FormField label="Deployment name" error={rest.name}>
            {(control) => (
              <Input
                {...control}
                required
                autoFocus
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </FormField>
          <RoutesEditor models={models} routes={drafts} onChange={setRoutes} errors={routeErrors} />
          {rest.routes && <p className="text-xs font-medium text-red-600">{rest.routes}</p>}
          {Object.keys(rest).length === 0 && Object.keys(routeErrors).length === 0 && (
            <ProblemAlert error={create.error} />
          )}
          <LicenseRestrictedAlert
            error={create.error}
            projectId={projectId}
            models={models.filter((m) => drafts.some((d) => d.modelId === m.id))}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending || !name.trim() || !complete}>
              {create.isPending ? 'Deploying…' : 'Deploy'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
