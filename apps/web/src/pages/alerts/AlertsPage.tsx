import type { AlertRule, AlertChannel } from '@aistudio/contracts';
import { describeAlertCondition } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { BellRing, Plus } from 'lucide-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useDeployments, type DeploymentSummary } from '../../api/deployments';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { BackLink } from '../../components/BackLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { formatDateTime } from '../../format/dates';
import { AlertChannelsCard } from './AlertChannelsCard';
import {
  useAlertChannels,
  useAlertRules,
  useDeleteAlertRule,
  useUpdateAlertRule,
} from './alerts-queries';
import { RuleFormDialog } from './RuleFormDialog';
import { RuleHistoryDialog } from './RuleHistoryDialog';
import { metricLabel, ruleStateBadge, SEVERITY_VARIANT } from './rule-form';

type Open = { kind: 'create' } | { kind: 'edit' | 'history' | 'delete'; rule: AlertRule } | null;

/** /projects/:projectId/alerts — rules on deployments' metrics, their history, and channels. */
export function AlertsPage() {
  const { projectId } = useParams() as { projectId: string };
  const project = useProject(projectId);
  const rules = useAlertRules(projectId);
  const channels = useAlertChannels(projectId);
  const deployments = useDeployments(projectId);
  const update = useUpdateAlertRule(projectId);
  const remove = useDeleteAlertRule(projectId);
  const [open, setOpen] = useState<Open>(null);
  const items = allItems(rules.data);
  const deploymentItems = allItems(deployments.data);
  const channelItems = channels.data?.items ?? [];
  const close = () => setOpen(null);

  return (
    <AppShell orgId={project.data?.orgId}>
      <BackLink to={`/projects/${projectId}`}>{project.data?.name ?? 'Project'}</BackLink>
      <PageHeader
        title="Alerts"
        description="Rules on your deployments' error rate, latency, drift and accuracy, evaluated every minute; channels they notify."
        actions={
          <Button onClick={() => setOpen({ kind: 'create' })}>
            <Plus aria-hidden /> New rule
          </Button>
        }
      />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Rules</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {rules.isError && (
              <ProblemAlert error={rules.error} title="The rules could not be listed" />
            )}
            <ProblemAlert error={update.error} />
            {items.length > 0 && (
              <RulesTable
                rules={items}
                deployments={deploymentItems}
                channels={channelItems}
                onOpen={setOpen}
                onToggle={(rule) =>
                  update.mutate({ ruleId: rule.id, body: { enabled: !rule.enabled } })
                }
              />
            )}
            {rules.isSuccess && items.length === 0 && (
              <EmptyState icon={BellRing} title="No alert rules yet">
                A rule watches one metric of a deployment and notifies its channels when it starts
                firing and when it resolves.
              </EmptyState>
            )}
            <LoadMore
              hasNextPage={rules.hasNextPage}
              isFetchingNextPage={rules.isFetchingNextPage}
              fetchNextPage={rules.fetchNextPage}
            />
          </CardContent>
        </Card>
        <AlertChannelsCard projectId={projectId} channels={channels} />
      </div>
      {(open?.kind === 'create' || open?.kind === 'edit') && (
        <RuleFormDialog
          projectId={projectId}
          rule={open.kind === 'edit' ? open.rule : null}
          deployments={deploymentItems}
          channels={channelItems}
          onClose={close}
        />
      )}
      {open?.kind === 'history' && (
        <RuleHistoryDialog projectId={projectId} rule={open.rule} onClose={close} />
      )}
      <ConfirmDialog
        open={open?.kind === 'delete'}
        onClose={close}
        mutation={remove}
        variables={open?.kind === 'delete' ? open.rule.id : ''}
        title="Delete alert rule"
        confirmLabel="Delete rule"
      >
        <p>
          “{open?.kind === 'delete' ? open.rule.name : ''}” and its history are deleted; its
          channels hear nothing more from it.
        </p>
      </ConfirmDialog>
    </AppShell>
  );
}

function RulesTable(props: {
  rules: AlertRule[];
  deployments: DeploymentSummary[];
  channels: AlertChannel[];
  onOpen: (open: Open) => void;
  onToggle: (rule: AlertRule) => void;
}) {
  const deploymentName = new Map(props.deployments.map((d) => [d.id, d.name]));
  const columns: ColumnDef<AlertRule, unknown>[] = [
    {
      header: 'Rule',
      cell: ({ row }) => (
        <div className="flex flex-col">
          <span className="font-medium">{row.original.name}</span>
          <span className="text-xs text-zinc-500">
            {deploymentName.get(row.original.deploymentId) ?? 'deployment'} ·{' '}
            {metricLabel(row.original.metric)}
          </span>
        </div>
      ),
    },
    {
      header: 'State',
      cell: ({ row }) => {
        const badge = ruleStateBadge(row.original);
        return (
          <Badge variant={badge.variant} data-testid="rule-state">
            {badge.label}
          </Badge>
        );
      },
    },
    {
      header: 'Severity',
      cell: ({ row }) => (
        <Badge variant={SEVERITY_VARIANT[row.original.severity]}>{row.original.severity}</Badge>
      ),
    },
    {
      header: 'Condition',
      cell: ({ row }) => <code className="text-xs">{describeAlertCondition(row.original)}</code>,
    },
    {
      header: 'Last value',
      cell: ({ row }) => (
        <span className="tabular-nums" title={formatDateTime(row.original.lastEvaluatedAt)}>
          {row.original.lastValue === null ? '—' : Number(row.original.lastValue.toPrecision(4))}
        </span>
      ),
    },
    {
      header: 'Actions',
      meta: { className: 'text-right' },
      cell: ({ row }) => (
        <div className="flex justify-end gap-1">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => props.onOpen({ kind: 'history', rule: row.original })}
          >
            History
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => props.onOpen({ kind: 'edit', rule: row.original })}
          >
            Edit
          </Button>
          <Button variant="ghost" size="sm" onClick={() => props.onToggle(row.original)}>
            {row.original.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => props.onOpen({ kind: 'delete', rule: row.original })}
          >
            Delete
          </Button>
        </div>
      ),
    },
  ];
  return (
    <DataTable columns={columns} data={props.rules} getRowId={(r) => r.id} label="Alert rules" />
  );
}
