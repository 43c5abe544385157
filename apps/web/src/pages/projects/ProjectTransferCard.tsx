import type { Project } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useOrgMembers } from '../../api/orgs';
import { allItems } from '../../api/pagination';
import { useTransferProject } from '../../api/projects';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormField } from '../../components/FormField';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Select } from '../../components/ui/Select';

export function ProjectTransferCard({ project }: { project: Project }) {
  const orgMembers = useOrgMembers(project.orgId);
  const transfer = useTransferProject(project.id);
  const [userId, setUserId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const candidates = allItems(orgMembers.data).filter((m) => m.userId !== project.ownerId);
  const target = candidates.find((m) => m.userId === userId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Transfer ownership</CardTitle>
        <CardDescription>
          Make another organization member the owner. You keep editor access.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {transfer.isSuccess && (
          <Alert variant="success" className="mb-3">
            Ownership transferred.
          </Alert>
        )}
        {candidates.length === 0 && !orgMembers.isPending ? (
          <p className="text-sm text-zinc-500">No other organization members to transfer to.</p>
        ) : (
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
            <div className="min-w-56 flex-1">
              <FormField label="New owner">
                {(control) => (
                  <Select {...control} value={userId} onChange={(e) => setUserId(e.target.value)}>
                    <option value="">Choose a member…</option>
                    {candidates.map((m) => (
                      <option key={m.userId} value={m.userId}>
                        {m.name} ({m.email})
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>
            </div>
            <Button type="submit" variant="secondary" disabled={!userId}>
              Transfer…
            </Button>
          </form>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        mutation={transfer}
        variables={userId}
        onDone={() => setUserId('')}
        title="Transfer ownership"
        confirmLabel="Transfer"
      >
        <p>
          {target?.name} becomes the owner of <strong>{project.name}</strong>; the current owner
          becomes an editor.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
