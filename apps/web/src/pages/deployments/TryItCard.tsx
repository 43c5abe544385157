import type { DeploymentRoute, PredictResponse } from '@aistudio/contracts';
import { ApiError } from '@aistudio/sdk';
import { useEffect, useState, type FormEvent } from 'react';
import { usePredict } from '../../api/deployments';
import { useModelVersion } from '../../api/models';
import { BarList } from '../../components/charts/BarList';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatStat } from '../../format/numbers';
import {
  errorsByTryItField,
  initialTryItValues,
  tryItFields,
  tryItRecord,
  type TryItField,
} from './try-it-form';

interface TryItCardProps {
  deploymentId: string;
  /** The route whose version's input schema the form follows (the split's largest). */
  route: DeploymentRoute;
  /** Called with the form's record whenever it parses, for the code snippets. */
  onRecord: (record: Record<string, unknown>) => void;
}

/** A form generated from the model's input schema that calls /predict and shows the answer. */
export function TryItCard({ deploymentId, route, onRecord }: TryItCardProps) {
  const version = useModelVersion(route.modelId, route.version);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Try it</CardTitle>
        <CardDescription>
          One record, scored by the deployment like any client's request (the split picks the
          version).
        </CardDescription>
      </CardHeader>
      <CardContent>
        {version.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : version.isError ? (
          <ProblemAlert error={version.error} />
        ) : (
          <TryItForm
            key={version.data.id}
            deploymentId={deploymentId}
            fields={tryItFields(version.data.inputSchema)}
            onRecord={onRecord}
          />
        )}
      </CardContent>
    </Card>
  );
}

function TryItForm(props: {
  deploymentId: string;
  fields: TryItField[];
  onRecord: TryItCardProps['onRecord'];
}) {
  const { deploymentId, fields, onRecord } = props;
  const [values, setValues] = useState(() => initialTryItValues(fields));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const predict = usePredict(deploymentId);
  const serverErrors =
    predict.error instanceof ApiError ? errorsByTryItField(predict.error.problem.errors ?? []) : {};
  const errors = { ...serverErrors, ...localErrors };
  useEffect(() => {
    const parsed = tryItRecord(fields, initialTryItValues(fields));
    if (parsed.ok) onRecord(parsed.record);
  }, [fields, onRecord]);
  const change = (name: string, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    const parsed = tryItRecord(fields, next);
    if (parsed.ok) onRecord(parsed.record);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = tryItRecord(fields, values);
    if (!parsed.ok) return setLocalErrors(parsed.errors);
    setLocalErrors({});
    predict.mutate([parsed.record]);
  };
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Try it">
        {fields.map((field) => (
          <FormField key={field.name} label={field.name} error={errors[field.name]}>
            {(control) =>
              field.control === 'select' ? (
                <Select
                  {...control}
                  value={values[field.name] ?? ''}
                  onChange={(e) => change(field.name, e.target.value)}
                >
                  {field.options.map((option) => (
                    <option key={option}>{option}</option>
                  ))}
                  <option value="">(missing)</option>
                </Select>
              ) : (
                <Input
                  {...control}
                  inputMode={field.control === 'number' ? 'decimal' : undefined}
                  placeholder={field.control === 'number' ? 'a number, or empty' : undefined}
                  value={values[field.name] ?? ''}
                  onChange={(e) => change(field.name, e.target.value)}
                />
              )
            }
          </FormField>
        ))}
        {errors[''] ? (
          <p className="text-xs font-medium text-red-600">{errors['']}</p>
        ) : (
          Object.keys(serverErrors).length === 0 && <ProblemAlert error={predict.error} />
        )}
        <Button type="submit" disabled={predict.isPending} className="self-start">
          {predict.isPending ? 'Predicting…' : 'Predict'}
        </Button>
      </form>
      {predict.data && <PredictionView response={predict.data} />}
    </div>
  );
}

function PredictionView({ response }: { response: PredictResponse }) {
  const prediction = response.predictions[0];
  return (
    <section aria-label="Prediction" className="flex flex-col gap-3 rounded-md bg-zinc-50 p-4">
      <p className="text-sm text-zinc-500">Prediction</p>
      <p className="text-2xl font-semibold" data-testid="prediction-value">
        {prediction?.label !== undefined
          ? String(prediction.label)
          : formatStat(prediction?.value ?? null)}
      </p>
      {prediction?.probabilities && (
        <BarList
          label="Class probabilities"
          items={Object.entries(prediction.probabilities).map(([name, value]) => ({
            name,
            value,
          }))}
        />
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-zinc-600">
        <dt>Answered by</dt>
        <dd data-testid="prediction-version">version {response.modelVersion.version}</dd>
        <dt>Prediction id</dt>
        <dd className="font-mono" data-testid="prediction-id">
          {response.predictionId}
        </dd>
      </dl>
    </section>
  );
}
