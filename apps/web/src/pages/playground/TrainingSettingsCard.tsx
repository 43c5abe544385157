import type { Algorithm, Task } from '@aistudio/contracts';
import { FormField } from '../../components/FormField';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Checkbox } from '../../components/ui/Checkbox';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { ALGORITHMS, algorithmChoice, controlsFor } from './algorithm-controls';
import { ParamControlsFields } from './ParamControlsFields';
import type { PlaygroundSettings } from './playground-settings';

interface TrainingSettingsCardProps {
  columns: readonly string[];
  settings: PlaygroundSettings;
  errors: Readonly<Record<string, string>>;
  onChange: (settings: PlaygroundSettings) => void;
  disabled: boolean;
}

const tasks: readonly { id: Task | 'auto'; label: string }[] = [
  { id: 'auto', label: 'Detect from the target' },
  { id: 'binary', label: 'Binary classification' },
  { id: 'multiclass', label: 'Multiclass classification' },
  { id: 'regression', label: 'Regression' },
];

/** Target, task, features, algorithm and its documented hyperparameters, validation split. */
export function TrainingSettingsCard({
  columns,
  settings,
  errors,
  onChange,
  disabled,
}: TrainingSettingsCardProps) {
  const set = (patch: Partial<PlaygroundSettings>) => onChange({ ...settings, ...patch });
  const choice = algorithmChoice(settings.algorithm);
  const task = settings.task === 'auto' ? null : settings.task;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Model</CardTitle>
        <CardDescription>What to predict, from which columns, and how.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <FormField
          label="Target column"
          error={errors.target}
          hint="The column the model learns to predict."
        >
          {(field) => (
            <Select
              {...field}
              disabled={disabled}
              value={settings.target}
              onChange={(event) =>
                set({
                  target: event.target.value,
                  features: columns.filter((c) => c !== event.target.value),
                })
              }
            >
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField
          label="Task"
          hint="Text or few distinct values mean classification; many numbers mean regression."
        >
          {(field) => (
            <Select
              {...field}
              disabled={disabled}
              value={settings.task}
              onChange={(event) => set({ task: event.target.value as Task | 'auto' })}
            >
              {tasks.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <fieldset
          className="flex flex-col gap-1.5"
          aria-describedby={errors.features ? 'features-error' : undefined}
        >
          <legend className="mb-1.5 text-sm font-medium">Features</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1.5">
            {columns
              .filter((c) => c !== settings.target)
              .map((c) => (
                <label key={c} className="flex items-center gap-1.5 text-sm">
                  <Checkbox
                    disabled={disabled}
                    checked={settings.features.includes(c)}
                    onChange={(event) =>
                      set({
                        features: event.target.checked
                          ? [...settings.features, c]
                          : settings.features.filter((f) => f !== c),
                      })
                    }
                  />
                  {c}
                </label>
              ))}
          </div>
          {errors.features && (
            <p id="features-error" className="text-xs font-medium text-red-600">
              {errors.features}
            </p>
          )}
        </fieldset>
        <FormField label="Algorithm" hint={choice.about}>
          {(field) => (
            <Select
              {...field}
              disabled={disabled}
              value={settings.algorithm}
              // GBDT and the MLP draw a validation curve by default in the playground.
              onChange={(event) => {
                const algorithm = event.target.value as Algorithm;
                set({
                  algorithm,
                  params: algorithmChoice(algorithm).pausable ? { earlyStopping: true } : {},
                });
              }}
            >
              {ALGORITHMS.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <ParamControlsFields
          controls={controlsFor(settings.algorithm, task)}
          values={settings.params}
          errors={errors}
          disabled={disabled}
          onChange={(params) => set({ params })}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            label="Held-out share"
            error={errors.testFraction}
            hint="Rows kept aside to evaluate the model (stratified by class). Default 0.2."
          >
            {(field) => (
              <Input
                {...field}
                type="number"
                min={0.05}
                max={0.5}
                step={0.05}
                disabled={disabled}
                value={settings.testFraction}
                onChange={(event) => set({ testFraction: event.target.value })}
              />
            )}
          </FormField>
          <FormField
            label="Seed"
            error={errors.seed}
            hint="Same seed, same split and same model. Default 0."
          >
            {(field) => (
              <Input
                {...field}
                type="number"
                min={0}
                step={1}
                disabled={disabled}
                value={settings.seed}
                onChange={(event) => set({ seed: event.target.value })}
              />
            )}
          </FormField>
        </div>
        <label className="flex items-start gap-2 text-sm">
          <Checkbox
            className="mt-0.5"
            disabled={disabled || !choice.pausable}
            checked={settings.slowMotion && choice.pausable}
            onChange={(event) => set({ slowMotion: event.target.checked })}
          />
          <span className="flex flex-col gap-0.5">
            <span className="font-medium">Slow motion</span>
            <span className="text-xs text-zinc-500">
              Waits 50 ms after each iteration so you can watch the curves form; the model is the
              same.
              {choice.pausable ? '' : ' Only for gradient-boosted trees and the neural network.'}
            </span>
          </span>
        </label>
      </CardContent>
    </Card>
  );
}
