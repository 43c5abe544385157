import type { Task } from '@aistudio/contracts';
import { FormField } from '../../components/FormField';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Select } from '../../components/ui/Select';
import { FeaturePicker } from './FeaturePicker';
import type { Draft } from './new-run-draft';
import type { TrainableColumn } from './trainable-columns';

const tasks: readonly { id: Task | 'auto'; label: string }[] = [
  { id: 'auto', label: 'Detect from the target' },
  { id: 'binary', label: 'Binary classification' },
  { id: 'multiclass', label: 'Multiclass classification' },
  { id: 'regression', label: 'Regression' },
];

interface TargetCardProps {
  columns: readonly TrainableColumn[];
  form: Draft;
  errors: Readonly<Record<string, string>>;
  set: (patch: Partial<Draft>) => void;
}

/** Step 2 of the wizard: the target, the task and the feature columns. */
export function TargetCard({ columns, form, errors, set }: TargetCardProps) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>2. Target and features</CardTitle>
        <CardDescription>
          Identifier and ignored columns (see the dataset&apos;s schema) start unchecked.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Target column" error={errors.target} hint="The column to predict.">
            {(field) => (
              <Select
                {...field}
                value={form.target}
                onChange={(e) =>
                  set({
                    target: e.target.value,
                    features: form.features.filter((f) => f !== e.target.value),
                  })
                }
              >
                {columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Task" error={errors.task} hint="Detected from the target by default.">
            {(field) => (
              <Select
                {...field}
                value={form.task}
                onChange={(e) => set({ task: e.target.value as Task | 'auto' })}
              >
                {tasks.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <FeaturePicker
          columns={columns.filter((c) => c.name !== form.target)}
          selected={form.features}
          error={errors.features}
          onChange={(features) => set({ features })}
        />
      </CardContent>
    </Card>
  );
}
