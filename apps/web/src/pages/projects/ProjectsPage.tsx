import type { Project } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { FolderKanban, Plus } from 'lucide-react';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { allItems } from '../../api/pagination';
import { useProjects, type ArchivedFilter } from '../../api/projects';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RoleBadge } from '../../components/RoleBadge';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatDate } from '../../format/dates';
import { CreateProjectDialog } from './CreateProjectDialog';

const columns: ColumnDef<Project, unknown>[] = [
  {
    header: 'Name',
    cell: ({ row: { original: project } }) => (
      <div className="flex flex-col">
        <span className="flex items-center gap-2">
          <Link
            to={`/projects/${project.id}`}
            className="font-medium text-zinc-900 hover:underline focus-visible:rounded-sm focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none"
          >
            {project.name}
          </Link>
          {project.archivedAt && <Badge variant="amber">archived</Badge>}
        </span>
        {project.description && (
          <span className="line-clamp-1 max-w-md text-xs text-zinc-500">{project.description}</span>
        )}
      </div>
    ),
  },
  { header: 'Your role', cell: ({ row }) => <RoleBadge role={row.original.role} /> },
  {
    header: 'Created',
    cell: ({ row }) => <span className="text-zinc-600">{formatDate(row.original.createdAt)}</span>,
    meta: { className: 'text-right' },
  },
];

export function ProjectsPage() {
  const { orgId } = useParams() as { orgId: string };
  const [archived, setArchived] = useState<ArchivedFilter>('exclude');
  const [creating, setCreating] = useState(false);
  const projects = useProjects(orgId, archived);
  const filterId = useId();
  const items = allItems(projects.data);

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      New project
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Projects"
        description="Work you and your organization share."
        actions={createButton}
      />
      <div className="mb-3 flex items-center justify-end gap-2">
        <Label htmlFor={filterId} className="text-zinc-600">
          Show
        </Label>
        <Select
          id={filterId}
          className="w-44"
          value={archived}
          onChange={(e) => setArchived(e.target.value as ArchivedFilter)}
        >
          <option value="exclude">Active projects</option>
          <option value="include">Active and archived</option>
          <option value="only">Archived only</option>
        </Select>
      </div>
      <Card>
        {projects.isPending ? (
          <TableSkeleton />
        ) : projects.isError ? (
          <div className="p-4">
            <ProblemAlert error={projects.error} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={FolderKanban}
            title={archived === 'only' ? 'No archived projects' : 'No projects yet'}
            action={archived !== 'only' && createButton}
          >
            {archived === 'only'
              ? 'Archived projects appear here.'
              : 'Create a project to start organizing datasets and models.'}
          </EmptyState>
        ) : (
          <>
            <DataTable label="Projects" columns={columns} data={items} getRowId={(p) => p.id} />
            <LoadMore {...projects} />
          </>
        )}
      </Card>
      <CreateProjectDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
