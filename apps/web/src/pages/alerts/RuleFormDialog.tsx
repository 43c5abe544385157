import {
  AlertCondition,
  AlertSeverity,
  type AlertChannel,
  type AlertMetric,
  type AlertRule,
} from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import type { DeploymentSummary } from '../../api/deployments';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { useCreateAlertRule, useUpdateAlertRule } from './alerts-queries';
import {
  draftOfRule,
  emptyRuleDraft,
  METRICS,
  ruleBody,
  ruleChanges,
  ruleDraftErrors,
  ruleFieldOf,
  type RuleDraft,
} from './rule-form';

interface RuleFormDialogProps {
  projectId: string;
  /** The rule to edit; null creates one. */
  rule: AlertRule | null;
  deployments: readonly DeploymentSummary[];
  channels: readonly AlertChannel[];
  onClose: () => void;
}

/** Creates or edits a rule; checks it as the server would, and shows the server's problems on their fields. */
export function RuleFormDialog({
  projectId,
  rule,
  deployments,
  channels,
  onClose,
}: RuleFormDialogProps) {
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule ? draftOfRule(rule) : emptyRuleDraft(deployments[0]?.id ?? ''),
  );
  const [checked, setChecked] = useState(false);
  const create = useCreateAlertRule(projectId);
  const update = useUpdateAlertRule(projectId);
  const mutation = rule ? update : create;
  const local = checked ? ruleDraftErrors(draft) : {};
  const server: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(mutation.error))) {
    server[ruleFieldOf(field)] ??= message;
  }
  const errors = { ...server, ...local };
  const set = (change: Partial<RuleDraft>) => {
    mutation.reset();
    setDraft((current) => ({ ...current, ...change }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(ruleDraftErrors(draft)).length > 0) return;
    if (!rule) return create.mutate(ruleBody(draft), { onSuccess: onClose });
    const changes = ruleChanges(rule, draft);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate({ ruleId: rule.id, body: changes }, { onSuccess: onClose });
  };
  const unit = METRICS.find((m) => m.value === draft.metric)?.unit;

  return (
    <Dialog
      open
      onClose={onClose}
      className="max-w-2xl"
      title={rule ? `Edit “${rule.name}”` : 'New alert rule'}
      description="Evaluated every minute over the window; a changed metric, condition, window or deployment starts the state over."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormField label="Name" error={errors.name}>
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
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Deployment" error={errors.deploymentId}>
            {(control) => (
              <Select
                {...control}
                value={draft.deploymentId}
                onChange={(e) => set({ deploymentId: e.target.value })}
              >
                {deployments.length === 0 && (
                  <option value="">No deployments in this project</option>
                )}
                {deployments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Metric" error={errors.metric}>
            {(control) => (
              <Select
                {...control}
                value={draft.metric}
                onChange={(e) => set({ metric: e.target.value as AlertMetric })}
              >
                {METRICS.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        {draft.metric === 'feature_drift' && (
          <FormField
            label="Feature"
            error={errors.feature}
            hint="An input column of the deployed model."
          >
            {(control) => (
              <Input
                {...control}
                maxLength={200}
                value={draft.feature}
                onChange={(e) => set({ feature: e.target.value })}
              />
            )}
          </FormField>
        )}
        <div className="grid gap-4 sm:grid-cols-4">
          <FormField label="Condition" error={errors.condition}>
            {(control) => (
              <Select
                {...control}
                value={draft.condition}
                onChange={(e) => set({ condition: e.target.value as AlertCondition })}
              >
                {AlertCondition.options.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Threshold" error={errors.threshold} hint={unit}>
            {(control) => (
              <Input
                {...control}
                inputMode="decimal"
                value={draft.threshold}
                onChange={(e) => set({ threshold: e.target.value })}
              />
            )}
          </FormField>
          <FormField label="Window" error={errors.window} hint="5m to 24h">
            {(control) => (
              <Input
                {...control}
                value={draft.window}
                onChange={(e) => set({ window: e.target.value })}
              />
            )}
          </FormField>
          <FormField label="Severity" error={errors.severity}>
            {(control) => (
              <Select
                {...control}
                value={draft.severity}
                onChange={(e) => set({ severity: e.target.value as AlertSeverity })}
              >
                {AlertSeverity.options.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Notify</legend>
          {channels.length === 0 && (
            <p className="text-xs text-zinc-500">No channels yet: add one below the rules.</p>
          )}
          {channels.map((channel) => (
            <label key={channel.id} className="flex items-center gap-2 text-sm">
              <Checkbox
                checked={draft.channelIds.includes(channel.id)}
                onChange={(e) =>
                  set({
                    channelIds: e.target.checked
                      ? [...draft.channelIds, channel.id]
                      : draft.channelIds.filter((id) => id !== channel.id),
                  })
                }
              />
              {channel.name} <span className="text-xs text-zinc-500">({channel.kind})</span>
            </label>
          ))}
          {errors.channelIds && (
            <p className="text-xs font-medium text-red-600">{errors.channelIds}</p>
          )}
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
        {Object.keys(server).length === 0 && <ProblemAlert error={mutation.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
