import type { Project } from '@aistudio/contracts';
import { useState } from 'react';
import { useArchiveProject, useRestoreProject } from '../../api/projects';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';

export function ProjectArchiveCard({ project }: { project: Project }) {
  const archive = useArchiveProject(project.id);
  const restore = useRestoreProject(project.id);
  const [confirming, setConfirming] = useState(false);

  if (project.archivedAt) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Restore project</CardTitle>
          <CardDescription>
            Archived projects are read-only and hidden from the project list.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col items-start gap-3">
          <ProblemAlert error={restore.error} />
          <Button variant="secondary" disabled={restore.isPending} onClick={() => restore.mutate()}>
            {restore.isPending ? 'Restoring…' : 'Restore project'}
          </Button>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card className="border-red-200">
      <CardHeader>
        <CardTitle>Archive project</CardTitle>
        <CardDescription>
          Hides the project and makes it read-only. You can restore it later.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Button variant="destructive" onClick={() => setConfirming(true)}>
          Archive project
        </Button>
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        mutation={archive}
        variables={undefined}
        title="Archive project"
        confirmLabel="Archive"
      >
        <p>
          <strong>{project.name}</strong> becomes read-only and leaves the project list.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
