import type { RegisteredModel } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { Boxes, Plus, Search } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useModels } from '../../api/models';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import { formatDateTime } from '../../format/dates';
import { CreateModelDialog } from './CreateModelDialog';

/** /projects/:projectId/models — the project's model registry, searchable. */
export function ProjectModelsPage() {
  const { projectId } = useParams() as { projectId: string };
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const [draft, setDraft] = useState(search);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const project = useProject(projectId);
  const models = useModels(projectId, search);
  const searchInput = useId();
  const items = allItems(models.data);

  const applySearch = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (draft.trim()) next.set('search', draft.trim());
    else next.delete('search');
    setParams(next, { replace: true });
  };

  return (
    <AppShell orgId={project.data?.orgId}>
      <BackLink to={`/projects/${projectId}`}>{project.data?.name ?? 'Project'}</BackLink>
      <PageHeader
        title="Models"
        description="Registered models: versions from training runs or ONNX files, with aliases, cards and lineage."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden /> New model
          </Button>
        }
      />
      <Card>
        <CardContent className="flex flex-col gap-4 pt-5">
          <form onSubmit={applySearch} className="flex max-w-xl flex-col gap-1.5">
            <Label htmlFor={searchInput}>Search</Label>
            <div className="flex gap-2">
              <Input
                id={searchInput}
                placeholder="Name, description or tag value"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
              <Button type="submit" variant="secondary">
                <Search aria-hidden /> Search
              </Button>
            </div>
          </form>
          {models.isError && (
            <ProblemAlert error={models.error} title="The models could not be listed" />
          )}
          {items.length > 0 && <ModelsTable models={items} />}
          {models.isSuccess && items.length === 0 && (
            <EmptyState icon={Boxes} title={search ? 'No model matches' : 'No models yet'}>
              {search
                ? 'Try another search.'
                : 'Register a succeeded training run from its page, or create a model here.'}
            </EmptyState>
          )}
          <LoadMore
            hasNextPage={models.hasNextPage}
            isFetchingNextPage={models.isFetchingNextPage}
            fetchNextPage={models.fetchNextPage}
          />
        </CardContent>
      </Card>
      <CreateModelDialog
        projectId={projectId}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(model) => void navigate(`/models/${model.id}`)}
      />
    </AppShell>
  );
}

function ModelsTable({ models }: { models: RegisteredModel[] }) {
  const columns: ColumnDef<RegisteredModel, unknown>[] = [
    {
      header: 'Model',
      cell: ({ row }) => (
        <Link to={`/models/${row.original.id}`} className="font-medium hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    {
      header: 'Latest',
      cell: ({ row }) =>
        row.original.latestVersion === null ? '—' : `v${row.original.latestVersion}`,
      meta: { className: 'tabular-nums' },
    },
    {
      header: 'Aliases',
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-1">
          {Object.entries(row.original.aliases).map(([alias, version]) => (
            <Badge key={alias} variant="blue">
              {alias} → v{version}
            </Badge>
          ))}
        </span>
      ),
    },
    {
      header: 'Description',
      cell: ({ row }) => (
        <span className="line-clamp-1 text-zinc-500">{row.original.description || '—'}</span>
      ),
    },
    { header: 'Updated', cell: ({ row }) => formatDateTime(row.original.updatedAt) },
  ];
  return <DataTable columns={columns} data={models} getRowId={(m) => m.id} label="Models" />;
}
