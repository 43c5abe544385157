import type { AlertChannel } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { useCreateAlertChannel, useUpdateAlertChannel } from './alerts-queries';
import {
  CHANNEL_KINDS,
  channelBody,
  channelDraftErrors,
  channelFieldOf,
  channelUpdateBody,
  draftOfChannel,
  type ChannelDraft,
  type ChannelKind,
} from './channel-form';

/**
 * Adds a webhook, Slack or e-mail channel (a webhook's secret is handed back to show once), or
 * edits one: its kind stays, and an empty URL keeps the saved one.
 */
export function ChannelFormDialog(props: {
  projectId: string;
  /** The channel to edit; null adds one. */
  channel: AlertChannel | null;
  onClose: () => void;
  onCreated: (created: { secret: string | null }) => void;
}) {
  const { channel } = props;
  const [draft, setDraft] = useState<ChannelDraft>(() =>
    channel ? draftOfChannel(channel) : { kind: 'webhook', name: '', url: '', recipients: '' },
  );
  const [checked, setChecked] = useState(false);
  const create = useCreateAlertChannel(props.projectId);
  const update = useUpdateAlertChannel(props.projectId);
  const mutation = channel ? update : create;
  const server: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(mutation.error))) {
    server[channelFieldOf(field)] ??= message;
  }
  const errors = { ...server, ...(checked ? channelDraftErrors(draft, channel !== null) : {}) };
  const set = (change: Partial<ChannelDraft>) => {
    mutation.reset();
    setDraft((current) => ({ ...current, ...change }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(channelDraftErrors(draft, channel !== null)).length > 0) return;
    if (channel) {
      update.mutate(
        { channelId: channel.id, body: channelUpdateBody(draft) },
        { onSuccess: props.onClose },
      );
    } else {
      create.mutate(channelBody(draft), { onSuccess: props.onCreated });
    }
  };
  return (
    <Dialog
      open
      onClose={props.onClose}
      title={channel ? `Edit “${channel.name}”` : 'New alert channel'}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormField
          label="Kind"
          error={errors.kind}
          hint={CHANNEL_KINDS.find((k) => k.value === draft.kind)?.hint}
        >
          {(control) => (
            <Select
              {...control}
              disabled={channel !== null}
              value={draft.kind}
              onChange={(e) => set({ kind: e.target.value as ChannelKind })}
            >
              {CHANNEL_KINDS.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Channel name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              autoFocus
              maxLength={100}
              value={draft.name}
              onChange={(e) => set({ name: e.target.value })}
            />
          )}
        </FormField>
        {draft.kind === 'email' ? (
          <FormField
            label="Recipients"
            error={errors.recipients}
            hint="Addresses separated by commas or spaces."
          >
            {(control) => (
              <Input
                {...control}
                value={draft.recipients}
                onChange={(e) => set({ recipients: e.target.value })}
              />
            )}
          </FormField>
        ) : (
          <FormField
            label="URL"
            error={errors.url}
            hint={
              channel
                ? `Leave empty to keep sending to ${channel.url ?? 'the saved URL'}…`
                : undefined
            }
          >
            {(control) => (
              <Input
                {...control}
                type="url"
                value={draft.url}
                onChange={(e) => set({ url: e.target.value })}
              />
            )}
          </FormField>
        )}
        {Object.keys(server).length === 0 && <ProblemAlert error={mutation.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : channel ? 'Save channel' : 'Add channel'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
