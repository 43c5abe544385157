import type { PiiPolicy } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { usePiiPolicy, useSavePiiPolicy } from '../../api/governance';
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
import { Select } from '../../components/ui/Select';
import { Skeleton } from '../../components/ui/Skeleton';
import {
  draftOf,
  KIND_LABELS,
  policyBody,
  RULE_CHOICES,
  type PolicyDraft,
  type RuleChoice,
} from './pii-policy-draft';

/** The org's PII policy: members see it, owners and admins change it. */
export function PiiPolicyCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const policy = usePiiPolicy(orgId);
  if (policy.isPending) return <Skeleton className="h-64 w-full" />;
  if (policy.isError) return <ProblemAlert error={policy.error} />;
  // Keyed by org only: a save updates the cached policy and must not reset the form's state.
  return <PiiPolicyForm key={orgId} policy={policy.data} canManage={canManage} />;
}

function PiiPolicyForm({ policy, canManage }: { policy: PiiPolicy; canManage: boolean }) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(policy));
  const save = useSavePiiPolicy(policy.orgId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(policyBody(draft, policy.defaults));
  };
  return (
    <Card>
      <form onSubmit={submit} aria-label="Personal data policy">
        <CardHeader>
          <CardTitle>Personal data</CardTitle>
          <CardDescription>
            What ingest does when a dataset holds personal data. Masking keeps the upload only
            masked, as its next version. Applies to versions ingested from now on.
            {!canManage && ' Only owners and admins can change it.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {Object.entries(draft.kinds).map(([kind, choice]) => (
            <FormField key={kind} label={KIND_LABELS[kind] ?? kind}>
              {(control) => (
                <Select
                  {...control}
                  disabled={!canManage}
                  value={choice}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      kinds: { ...draft.kinds, [kind]: e.target.value as RuleChoice },
                    })
                  }
                >
                  {RULE_CHOICES.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          ))}
          <FormField label="Copyright notices">
            {(control) => (
              <Select
                {...control}
                disabled={!canManage}
                value={draft.copyright}
                onChange={(e) =>
                  setDraft({ ...draft, copyright: e.target.value as PolicyDraft['copyright'] })
                }
              >
                <option value="flag">Flag in the report</option>
                <option value="review">Send to review</option>
              </Select>
            )}
          </FormField>
          <div className="sm:col-span-2">
            <ProblemAlert error={save.error} />
            {save.isSuccess && <Alert variant="success">Saved.</Alert>}
          </div>
        </CardContent>
        {canManage && (
          <CardFooter>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save policy'}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
