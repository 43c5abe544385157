import type { SweepAlgorithm } from '@aistudio/contracts';
import { FormField } from '../../components/FormField';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import type { SweepDraft } from './new-run-draft';

const algorithms: readonly { id: SweepAlgorithm; label: string }[] = [
  { id: 'gbdt', label: 'Gradient-boosted trees' },
  { id: 'forest', label: 'Random forest' },
  { id: 'linear', label: 'Linear / logistic regression' },
  { id: 'mlp', label: 'Neural network (MLP)' },
  { id: 'auto', label: 'AutoML: every algorithm' },
];

interface SweepSettingsCardProps {
  sweep: SweepDraft;
  errors: Readonly<Record<string, string>>;
  onChange: (sweep: SweepDraft) => void;
}

/** Step 3 of a sweep: what to search, how, and how much of it. */
export function SweepSettingsCard({ sweep, errors, onChange }: SweepSettingsCardProps) {
  const set = (patch: Partial<SweepDraft>) => onChange({ ...sweep, ...patch });
  return (
    <Card>
      <CardHeader>
        <CardTitle>3. Search</CardTitle>
        <CardDescription>
          Each trial is a training run with sampled hyperparameters from a space suited to the
          algorithm and the data size; the best trial&apos;s model becomes the sweep&apos;s.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        <FormField label="Search over" error={errors.algorithm}>
          {(field) => (
            <Select
              {...field}
              value={sweep.algorithm}
              onChange={(e) => set({ algorithm: e.target.value as SweepAlgorithm })}
            >
              {algorithms.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField
          label="Sampler"
          hint="TPE learns from finished trials; random samples uniformly. Default TPE."
        >
          {(field) => (
            <Select
              {...field}
              value={sweep.sampler}
              onChange={(e) => set({ sampler: e.target.value as SweepDraft['sampler'] })}
            >
              <option value="tpe">TPE</option>
              <option value="random">Random</option>
            </Select>
          )}
        </FormField>
        <FormField label="Trials" error={errors.trials} hint="1 to 200. Default 20.">
          {(field) => (
            <Input
              {...field}
              type="number"
              min={1}
              max={200}
              value={sweep.trials}
              onChange={(e) => set({ trials: e.target.value })}
            />
          )}
        </FormField>
        <FormField
          label="Trials at once"
          error={errors.parallelism}
          hint="1 to 16, across the workers. Default 2."
        >
          {(field) => (
            <Input
              {...field}
              type="number"
              min={1}
              max={16}
              value={sweep.parallelism}
              onChange={(e) => set({ parallelism: e.target.value })}
            />
          )}
        </FormField>
        <FormField
          label="Time budget (seconds)"
          error={errors.timeBudgetSeconds}
          hint="Optional: no trial starts after it, and running ones stop at its end."
        >
          {(field) => (
            <Input
              {...field}
              type="number"
              min={1}
              value={sweep.timeBudgetSeconds}
              onChange={(e) => set({ timeBudgetSeconds: e.target.value })}
            />
          )}
        </FormField>
      </CardContent>
    </Card>
  );
}
