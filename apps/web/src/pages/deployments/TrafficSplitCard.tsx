import type { RegisteredModel } from '@aistudio/contracts';
import { Undo2 } from 'lucide-react';
import { useState } from 'react';
import { useRollback, useUpdateRoutes, type DeploymentSummary } from '../../api/deployments';
import { fieldErrors } from '../../api/problems';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { seriesColor } from '../../components/charts/palette';
import { LicenseRestrictedAlert } from '../models/LicenseRestrictedAlert';
import { licenseRefusal } from '../models/license-restriction';
import { routeErrorsByIndex } from './route-errors';
import { RoutesEditor, routesBody, type RouteDraft } from './RoutesEditor';

function draftsOf(deployment: DeploymentSummary): RouteDraft[] {
  return deployment.routes.map((r) => ({
    modelId: r.modelId,
    version: String(r.version),
    weight: r.weight,
  }));
}

/** The live split as a bar, sliders to change it, and one-step rollback. */
export function TrafficSplitCard(props: {
  deployment: DeploymentSummary;
  models: RegisteredModel[];
}) {
  const { deployment, models } = props;
  const [draft, setDraft] = useState<RouteDraft[] | null>(null);
  const update = useUpdateRoutes(deployment.id);
  const rollback = useRollback(deployment.id);
  const { routes: routeErrors, rest } = routeErrorsByIndex(fieldErrors(update.error));
  const names = new Map(models.map((m) => [m.id, m.name]));
  const used = models.filter((m) => (draft ?? deployment.routes).some((r) => r.modelId === m.id));
  const save = () => draft && update.mutate(routesBody(draft), { onSuccess: () => setDraft(null) });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Traffic split</CardTitle>
        <CardDescription>
          Each request is answered by one route, picked by weight; a canary takes a small share.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div
          className="flex h-7 overflow-hidden rounded-md text-xs font-medium text-white"
          role="list"
          aria-label="Current traffic split"
        >
          {deployment.routes
            .filter((r) => r.weight > 0)
            .map((r, i) => (
              <div
                key={`${r.modelVersionId}-${i}`}
                role="listitem"
                className="flex items-center justify-center truncate px-2"
                style={{ width: `${r.weight}%`, background: seriesColor(i) }}
                title={`${names.get(r.modelId) ?? 'model'} v${r.version}`}
              >
                v{r.version} {r.weight} %
              </div>
            ))}
        </div>
        <ul className="flex flex-col gap-1 text-sm" aria-label="Routes">
          {deployment.routes.map((r, i) => (
            <li key={`${r.modelVersionId}-${i}`} className="tabular-nums">
              {names.get(r.modelId) ?? 'model'} v{r.version}
              {r.ref !== String(r.version) && ` (via ${r.ref})`}: {r.weight} %
            </li>
          ))}
        </ul>
        {draft ? (
          <RoutesEditor models={models} routes={draft} onChange={setDraft} errors={routeErrors} />
        ) : null}
        {rest.routes && <p className="text-xs font-medium text-red-600">{rest.routes}</p>}
        {Object.keys(rest).length === 0 && Object.keys(routeErrors).length === 0 && (
          <ProblemAlert error={update.error} />
        )}
        <LicenseRestrictedAlert
          error={update.error}
          projectId={deployment.projectId}
          models={used}
        />
        {licenseRefusal(rollback.error) ? (
          <LicenseRestrictedAlert
            error={rollback.error}
            projectId={deployment.projectId}
            models={models.filter((m) =>
              deployment.previousRoutes?.some((r) => r.modelId === m.id),
            )}
          />
        ) : (
          <ProblemAlert error={rollback.error} />
        )}
      </CardContent>
      <CardFooter>
        {deployment.previousRoutes && !draft && (
          <Button
            variant="secondary"
            disabled={rollback.isPending}
            onClick={() => rollback.mutate()}
          >
            <Undo2 aria-hidden /> {rollback.isPending ? 'Rolling back…' : 'Roll back'}
          </Button>
        )}
        {draft ? (
          <>
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(null);
                update.reset();
              }}
            >
              Cancel
            </Button>
            <Button
              onClick={save}
              disabled={update.isPending || draft.some((r) => r.version === '')}
            >
              {update.isPending ? 'Saving…' : 'Save split'}
            </Button>
          </>
        ) : (
          <Button onClick={() => setDraft(draftsOf(deployment))}>Change split</Button>
        )}
      </CardFooter>
    </Card>
  );
}
