import type { Webhook } from '@aistudio/contracts';
import { KeyRound, Send } from 'lucide-react';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { DeliveryLog } from './DeliveryLog';
import { useRotateWebhookSecret, useSendWebhookTest, useUpdateWebhook } from './webhooks-queries';
import { webhookStatus } from './webhook-view';

/** One subscription: its state (with the reason when the server disabled it), actions and log. */
export function WebhookCard(props: {
  projectId: string;
  webhook: Webhook;
  onSecret: (secret: string) => void;
  onDelete: () => void;
}) {
  const { webhook } = props;
  const [showLog, setShowLog] = useState(false);
  const test = useSendWebhookTest(props.projectId);
  const rotate = useRotateWebhookSecret(props.projectId);
  const update = useUpdateWebhook(props.projectId);
  const status = webhookStatus(webhook);
  return (
    <Card aria-label={`Webhook ${webhook.url}`}>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <CardTitle className="flex items-center gap-2 break-all">
            {webhook.url}
            <Badge variant={status.variant} data-testid="webhook-status">
              {status.label}
            </Badge>
          </CardTitle>
          {webhook.description && <p className="text-sm text-zinc-500">{webhook.description}</p>}
          <p className="flex flex-wrap gap-1">
            {webhook.events.map((event) => (
              <Badge key={event}>{event}</Badge>
            ))}
          </p>
        </div>
        <div className="flex flex-wrap gap-1">
          <Button
            variant="secondary"
            size="sm"
            disabled={test.isPending}
            onClick={() => test.mutate(webhook.id, { onSuccess: () => setShowLog(true) })}
          >
            <Send aria-hidden /> Send test
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => setShowLog(!showLog)}
            aria-expanded={showLog}
          >
            {showLog ? 'Hide deliveries' : 'Deliveries'}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            disabled={rotate.isPending}
            onClick={() =>
              rotate.mutate(webhook.id, { onSuccess: (rotated) => props.onSecret(rotated.secret) })
            }
          >
            <KeyRound aria-hidden /> Rotate secret
          </Button>
          {webhook.enabled ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => update.mutate({ webhookId: webhook.id, body: { enabled: false } })}
            >
              Pause
            </Button>
          ) : (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => update.mutate({ webhookId: webhook.id, body: { enabled: true } })}
            >
              Re-enable
            </Button>
          )}
          <Button variant="ghost" size="sm" onClick={props.onDelete}>
            Delete
          </Button>
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {status.detail && (
          <Alert variant={webhook.enabled ? 'warning' : 'error'} title={status.label}>
            {status.detail}
            {!webhook.enabled && ' Re-enabling resets the failure count.'}
          </Alert>
        )}
        <ProblemAlert error={test.error ?? rotate.error ?? update.error} />
        {showLog && <DeliveryLog projectId={props.projectId} webhookId={webhook.id} />}
      </CardContent>
    </Card>
  );
}
