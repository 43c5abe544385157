import type { Org } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useRenameOrg } from '../../api/orgs';
import { fieldErrors } from '../../api/problems';
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
import { Input } from '../../components/ui/Input';

export function OrgSettingsCard({ org, canManage }: { org: Org; canManage: boolean }) {
  const [name, setName] = useState(org.name);
  const rename = useRenameOrg(org.id);
  const errors = fieldErrors(rename.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name);
  };

  return (
    <Card>
      <form onSubmit={submit}>
        <CardHeader>
          <CardTitle>Organization</CardTitle>
          <CardDescription>
            {org.kind === 'personal' ? 'Your personal organization.' : 'A team organization.'}{' '}
            {!canManage && 'Only owners and admins can rename it.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="Organization name" error={errors.name}>
            {(control) => (
              <Input
                {...control}
                required
                maxLength={100}
                disabled={!canManage}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </FormField>
          {Object.keys(errors).length === 0 && <ProblemAlert error={rename.error} />}
          {rename.isSuccess && name === org.name && <Alert variant="success">Saved.</Alert>}
        </CardContent>
        {canManage && (
          <CardFooter>
            <Button type="submit" disabled={rename.isPending || name === org.name || !name.trim()}>
              {rename.isPending ? 'Saving…' : 'Save'}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
