import type { Webhook } from '@aistudio/contracts';
import { Plus, Webhook as WebhookIcon } from 'lucide-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useProject } from '../../api/projects';
import { BackLink } from '../../components/BackLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopySecretDialog } from '../../components/CopySecretDialog';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Button } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { CreateWebhookDialog } from './CreateWebhookDialog';
import { WebhookCard } from './WebhookCard';
import { useDeleteWebhook, useWebhooks } from './webhooks-queries';

/** /projects/:projectId/webhooks — URLs subscribed to the project's events, with their delivery logs. */
export function WebhooksPage() {
  const { projectId } = useParams() as { projectId: string };
  const project = useProject(projectId);
  const webhooks = useWebhooks(projectId);
  const remove = useDeleteWebhook(projectId);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const items = webhooks.data?.items ?? [];

  return (
    <AppShell orgId={project.data?.orgId}>
      <BackLink to={`/projects/${projectId}`}>{project.data?.name ?? 'Project'}</BackLink>
      <PageHeader
        title="Webhooks"
        description="Signed HTTP callbacks for the project's events, retried with backoff and logged."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden /> New webhook
          </Button>
        }
      />
      <div className="flex flex-col gap-6">
        {webhooks.isError && (
          <ProblemAlert error={webhooks.error} title="The webhooks could not be listed" />
        )}
        {webhooks.isSuccess && items.length === 0 && (
          <Card>
            <CardContent className="pt-5">
              <EmptyState icon={WebhookIcon} title="No webhooks yet">
                Subscribe a URL to events such as run.succeeded or alert.firing.
              </EmptyState>
            </CardContent>
          </Card>
        )}
        {items.map((webhook) => (
          <WebhookCard
            key={webhook.id}
            projectId={projectId}
            webhook={webhook}
            onSecret={setSecret}
            onDelete={() => setDeleting(webhook)}
          />
        ))}
      </div>
      {creating && (
        <CreateWebhookDialog
          projectId={projectId}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSecret(created.secret);
          }}
        />
      )}
      <CopySecretDialog
        open={secret !== null}
        onClose={() => setSecret(null)}
        title="Webhook signing secret"
        label="Signing secret"
        secret={secret ?? ''}
        warning="Verify x-aistudio-signature (t=<unix>,v1=<HMAC-SHA256 of “t.body”>) with this secret. It is shown only once."
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={deleting?.id ?? ''}
        title="Delete webhook"
        confirmLabel="Delete webhook"
      >
        <p>{deleting?.url} stops receiving events; its delivery log is deleted too.</p>
      </ConfirmDialog>
    </AppShell>
  );
}
