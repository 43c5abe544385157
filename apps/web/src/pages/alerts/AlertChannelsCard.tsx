import type { AlertChannel, AlertChannelTestResult } from '@aistudio/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { Plus, Send } from 'lucide-react';
import { useState } from 'react';
import { problemDetail } from '../../api/problems';
import type { Page } from '../../api/pagination';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopySecretDialog } from '../../components/CopySecretDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { useDeleteAlertChannel, useTestAlertChannel } from './alerts-queries';
import { ChannelFormDialog } from './ChannelFormDialog';
import { channelTarget, describeTestResult } from './channel-form';

/** The project's alert channels: add, edit, send a test and see how it went, delete. */
export function AlertChannelsCard(props: {
  projectId: string;
  channels: UseQueryResult<Page<AlertChannel>>;
}) {
  // null: closed; 'new': adding one; a channel: editing it.
  const [editing, setEditing] = useState<AlertChannel | 'new' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AlertChannel | null>(null);
  const remove = useDeleteAlertChannel(props.projectId);
  const items = props.channels.data?.items ?? [];
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between">
        <CardTitle>Channels</CardTitle>
        <Button variant="secondary" size="sm" onClick={() => setEditing('new')}>
          <Plus aria-hidden /> New channel
        </Button>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {props.channels.isError && <ProblemAlert error={props.channels.error} />}
        {props.channels.isSuccess && items.length === 0 && (
          <p className="text-sm text-zinc-500">
            No channels yet. A webhook, a Slack incoming webhook or e-mail recipients hear about
            every rule that names them.
          </p>
        )}
        <ul className="flex flex-col divide-y divide-zinc-100" aria-label="Alert channels">
          {items.map((channel) => (
            <ChannelRow
              key={channel.id}
              channel={channel}
              onEdit={() => setEditing(channel)}
              onDelete={() => setDeleting(channel)}
            />
          ))}
        </ul>
      </CardContent>
      {editing && (
        <ChannelFormDialog
          projectId={props.projectId}
          channel={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null);
            if (created.secret) setSecret(created.secret);
          }}
        />
      )}
      <CopySecretDialog
        open={secret !== null}
        onClose={() => setSecret(null)}
        title="Channel signing secret"
        label="Signing secret"
        secret={secret ?? ''}
        warning="Verify x-aistudio-signature on the receiver with this secret. It is shown only once."
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={deleting?.id ?? ''}
        title="Delete channel"
        confirmLabel="Delete channel"
      >
        <p>Rules that name “{deleting?.name}” stop notifying it.</p>
      </ConfirmDialog>
    </Card>
  );
}

function ChannelRow(props: { channel: AlertChannel; onEdit: () => void; onDelete: () => void }) {
  const { channel } = props;
  const test = useTestAlertChannel();
  const [result, setResult] = useState<AlertChannelTestResult | null>(null);
  const send = () => {
    setResult(null);
    test.mutate(channel.id, { onSuccess: setResult });
  };
  return (
    <li className="flex flex-col gap-2 py-3" aria-label={`Channel ${channel.name}`}>
      <div className="flex items-center gap-3">
        <div className="flex min-w-0 flex-1 flex-col">
          <span className="flex items-center gap-2 font-medium">
            {channel.name} <Badge>{channel.kind}</Badge>
          </span>
          <span className="truncate text-xs text-zinc-500">{channelTarget(channel)}</span>
        </div>
        <Button variant="secondary" size="sm" onClick={send} disabled={test.isPending}>
          <Send aria-hidden /> {test.isPending ? 'Sending…' : 'Send test'}
        </Button>
        <Button variant="ghost" size="sm" onClick={props.onEdit}>
          Edit
        </Button>
        <Button variant="ghost" size="sm" onClick={props.onDelete}>
          Delete
        </Button>
      </div>
      {result && (
        <Alert variant={result.delivered ? 'success' : 'error'} title={describeTestResult(result)}>
          {result.response && <code className="text-xs break-all">{result.response}</code>}
        </Alert>
      )}
      {test.isError && (
        <Alert variant="error" title="The test could not be sent">
          {problemDetail(test.error)}
        </Alert>
      )}
    </li>
  );
}
