import type { WebhookWithSecret } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { useCreateWebhook } from './webhooks-queries';
import {
  emptyWebhookDraft,
  eventGroups,
  webhookDraftErrors,
  webhookFieldOf,
  type WebhookDraft,
} from './webhook-view';

/** Subscribes a URL to chosen events; the created webhook's secret goes back to be shown once. */
export function CreateWebhookDialog(props: {
  projectId: string;
  onClose: () => void;
  onCreated: (created: WebhookWithSecret) => void;
}) {
  const [draft, setDraft] = useState<WebhookDraft>(emptyWebhookDraft);
  const [checked, setChecked] = useState(false);
  const create = useCreateWebhook(props.projectId);
  const server: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(create.error))) {
    server[webhookFieldOf(field)] ??= message;
  }
  const errors = { ...server, ...(checked ? webhookDraftErrors(draft) : {}) };
  const set = (change: Partial<WebhookDraft>) => {
    create.reset();
    setDraft((current) => ({ ...current, ...change }));
  };
  const toggle = (event: string, on: boolean) =>
    set({ events: on ? [...draft.events, event] : draft.events.filter((e) => e !== event) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(webhookDraftErrors(draft)).length > 0) return;
    create.mutate(
      { url: draft.url.trim(), events: draft.events, description: draft.description.trim() },
      { onSuccess: props.onCreated },
    );
  };
  return (
    <Dialog open onClose={props.onClose} className="max-w-xl" title="New webhook">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormField label="Payload URL" error={errors.url}>
          {(control) => (
            <Input
              {...control}
              autoFocus
              type="url"
              value={draft.url}
              onChange={(e) => set({ url: e.target.value })}
            />
          )}
        </FormField>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          <div className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {eventGroups().flatMap(({ events }) =>
              events.map((event) => (
                <label key={event} className="flex items-center gap-2 text-sm">
                  <Checkbox
                    checked={draft.events.includes(event)}
                    onChange={(e) => toggle(event, e.target.checked)}
                  />
                  <code className="text-xs">{event}</code>
                </label>
              )),
            )}
          </div>
          {errors.events && <p className="text-xs font-medium text-red-600">{errors.events}</p>}
        </fieldset>
        <FormField label="Description" error={errors.description}>
          {(control) => (
            <Input
              {...control}
              maxLength={500}
              value={draft.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          )}
        </FormField>
        {Object.keys(server).length === 0 && <ProblemAlert error={create.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add webhook'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
