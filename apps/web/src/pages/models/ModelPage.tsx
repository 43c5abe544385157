import type { ModelVersion, RegisteredModel } from '@aistudio/contracts';
import { Plus, Rocket } from 'lucide-react';
import { useId, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useModel, useModelVersions } from '../../api/models';
import { canManageOrg } from '../../api/org-roles';
import { useOrg } from '../../api/orgs';
import { useProject } from '../../api/projects';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Badge } from '../../components/ui/Badge';
import { Button, buttonClasses } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { Skeleton } from '../../components/ui/Skeleton';
import { Tabs } from '../../components/ui/Tabs';
import { AliasesPanel } from './AliasesPanel';
import { LineagePanel } from './LineagePanel';
import { MetricsComparison } from './MetricsComparison';
import { ModelCardPanel } from './ModelCardPanel';
import { RegisterRunDialog } from './RegisterRunDialog';
import { VersionsTable } from './VersionsTable';

const TABS = [
  { id: 'versions', label: 'Versions' },
  { id: 'aliases', label: 'Aliases' },
  { id: 'card', label: 'Model card' },
  { id: 'lineage', label: 'Lineage' },
  { id: 'compare', label: 'Compare metrics' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** /models/:modelId — a registered model: versions, aliases, card, lineage, metric comparison. */
export function ModelPage() {
  const { modelId } = useParams() as { modelId: string };
  const model = useModel(modelId);
  const project = useProject(model.data?.projectId ?? '');
  return (
    <AppShell orgId={project.data?.orgId}>
      {model.isPending ? (
        <Skeleton className="h-10 w-1/2" />
      ) : model.isError ? (
        <ProblemAlert error={model.error} />
      ) : (
        <ModelView model={model.data} orgId={project.data?.orgId ?? ''} />
      )}
    </AppShell>
  );
}

function ModelView({ model, orgId }: { model: RegisteredModel; orgId: string }) {
  const [params, setParams] = useSearchParams();
  const org = useOrg(orgId);
  const canOverrideLicense = canManageOrg(org.data?.role);
  const versions = useModelVersions(model.id);
  const [registering, setRegistering] = useState(false);
  const tab = (TABS.find((t) => t.id === params.get('tab'))?.id ?? 'versions') as TabId;
  const items = versions.data ?? [];
  const versionParam = Number(params.get('version'));
  const selected =
    items.find((v) => v.version === versionParam) ??
    items.find((v) => v.status === 'ready') ??
    items[0];
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <>
      <BackLink to={`/projects/${model.projectId}/models`}>Models</BackLink>
      <PageHeader
        title={model.name}
        description={
          <>
            {model.description || 'No description.'}{' '}
            {Object.entries(model.tags).map(([key, value]) => (
              <Badge key={key} className="ml-1">
                {key}={value}
              </Badge>
            ))}
          </>
        }
        actions={
          <>
            <Button variant="secondary" onClick={() => setRegistering(true)}>
              <Plus aria-hidden /> Register a run
            </Button>
            <Link
              to={`/projects/${model.projectId}/deployments?deploy=${model.id}`}
              className={buttonClasses()}
            >
              <Rocket aria-hidden /> Deploy
            </Link>
          </>
        }
      />
      <Card>
        <CardContent className="pt-5">
          <Tabs label="Model" tabs={TABS} value={tab} onChange={(id) => update({ tab: id })}>
            {versions.isError ? (
              <ProblemAlert error={versions.error} />
            ) : versions.isPending ? (
              <Skeleton className="h-40 w-full" />
            ) : items.length === 0 ? (
              <p className="py-6 text-center text-sm text-zinc-500">
                No versions yet: register a succeeded training run.
              </p>
            ) : (
              <TabPanel
                tab={tab}
                model={model}
                versions={items}
                selected={selected!}
                canOverrideLicense={canOverrideLicense}
                onSelect={(version) => update({ version: String(version) })}
              />
            )}
          </Tabs>
        </CardContent>
      </Card>
      <RegisterRunDialog
        projectId={model.projectId}
        model={model}
        open={registering}
        onClose={() => setRegistering(false)}
        onRegistered={(version) => update({ tab: 'versions', version: String(version.version) })}
      />
    </>
  );
}

interface TabPanelProps {
  tab: TabId;
  model: RegisteredModel;
  versions: ModelVersion[];
  selected: ModelVersion;
  canOverrideLicense: boolean;
  onSelect: (version: number) => void;
}

function TabPanel(props: TabPanelProps) {
  const { tab, model, versions, selected, canOverrideLicense, onSelect } = props;
  switch (tab) {
    case 'versions':
      return (
        <VersionsTable model={model} versions={versions} canOverrideLicense={canOverrideLicense} />
      );
    case 'aliases':
      return <AliasesPanel model={model} versions={versions} />;
    case 'compare':
      return <MetricsComparison versions={versions} />;
    case 'card':
    case 'lineage':
      return (
        <div className="flex flex-col gap-4">
          <VersionPicker versions={versions} selected={selected} onSelect={onSelect} />
          {tab === 'card' ? (
            <ModelCardPanel key={selected.id} modelId={model.id} version={selected.version} />
          ) : (
            <LineagePanel key={selected.id} modelId={model.id} version={selected.version} />
          )}
        </div>
      );
  }
}

function VersionPicker(props: Pick<TabPanelProps, 'versions' | 'selected' | 'onSelect'>) {
  const { versions, selected, onSelect } = props;
  const id = useId();
  return (
    <div className="flex max-w-xs flex-col gap-1.5">
      <Label htmlFor={id}>Version</Label>
      <Select id={id} value={selected.version} onChange={(e) => onSelect(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.id} value={v.version}>
            v{v.version}
            {v.aliases.length > 0 ? ` (${v.aliases.join(', ')})` : ''} · {v.status}
          </option>
        ))}
      </Select>
    </div>
  );
}
