import { useId } from 'react';
import { useInstance, useUpdateInstance } from '../../api/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge } from '../../components/ui/Badge';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Checkbox } from '../../components/ui/Checkbox';
import { Skeleton } from '../../components/ui/Skeleton';

/** Settings of the whole installation; shown to instance administrators only. */
export function InstanceSettingsCard() {
  const instance = useInstance();
  const update = useUpdateInstance();
  const id = useId();

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Instance <Badge variant="blue">administrator</Badge>
        </CardTitle>
        <CardDescription>
          Settings for everyone on this AI Studio
          {instance.data ? ` (version ${instance.data.version})` : ''}.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {instance.isPending ? (
          <Skeleton className="h-6 w-64" />
        ) : (
          <div className="flex items-start gap-3">
            <Checkbox
              id={id}
              className="mt-0.5"
              checked={instance.data?.openRegistration ?? false}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ openRegistration: e.target.checked })}
              aria-describedby={`${id}-hint`}
            />
            <div className="flex flex-col gap-0.5">
              <label htmlFor={id} className="text-sm font-medium">
                Open registration
              </label>
              <p id={`${id}-hint`} className="text-sm text-zinc-500">
                Anyone who can reach this server may create an account. When off, people need an
                invitation.
              </p>
            </div>
          </div>
        )}
        <ProblemAlert error={update.error} />
      </CardContent>
    </Card>
  );
}
