import type { Project } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/problems';
import { useUpdateProject } from '../../api/projects';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Input, Textarea } from '../../components/ui/Input';

export function ProjectGeneralCard({ project }: { project: Project }) {
  const [form, setForm] = useState({ name: project.name, description: project.description });
  const update = useUpdateProject(project.id);
  const errors = fieldErrors(update.error);
  const readOnly = project.role === 'viewer' || project.archivedAt !== null;
  const changed = form.name !== project.name || form.description !== project.description;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      ...(form.name !== project.name ? { name: form.name } : {}),
      ...(form.description !== project.description ? { description: form.description } : {}),
    });
  };

  return (
    <Card>
      <form onSubmit={submit}>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>
            {readOnly
              ? project.archivedAt
                ? 'Restore the project to edit it.'
                : 'Viewers cannot change project settings.'
              : 'Name and description.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="Project name" error={errors.name}>
            {(control) => (
              <Input
                {...control}
                required
                maxLength={100}
                disabled={readOnly}
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
            )}
          </FormField>
          <FormField label="Description" error={errors.description}>
            {(control) => (
              <Textarea
                {...control}
                maxLength={2000}
                disabled={readOnly}
                value={form.description}
                onChange={(e) => setForm({ ...form, description: e.target.value })}
              />
            )}
          </FormField>
          {Object.keys(errors).length === 0 && <ProblemAlert error={update.error} />}
          {update.isSuccess && !changed && <Alert variant="success">Saved.</Alert>}
        </CardContent>
        {!readOnly && (
          <CardFooter>
            <Button type="submit" disabled={update.isPending || !changed || !form.name.trim()}>
              {update.isPending ? 'Saving…' : 'Save changes'}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
