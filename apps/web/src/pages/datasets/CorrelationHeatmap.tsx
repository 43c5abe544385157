import { useId, useState } from 'react';
import type { CorrelationMatrix, Correlations } from '../../api/dataset-reports';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { formatCount } from '../../format/numbers';
import { correlationColor, correlationTextColor } from './correlation-color';

const methods = [
  { id: 'pearson', label: 'Pearson', about: 'linear, numeric columns, all rows' },
  { id: 'spearman', label: 'Spearman', about: 'rank, numeric columns' },
  { id: 'cramersV', label: "Cramér's V", about: 'association, categorical columns' },
] as const;
type Method = (typeof methods)[number]['id'];

export function CorrelationHeatmap({ correlations }: { correlations: Correlations }) {
  const usable = methods.filter((m) => correlations[m.id].columns.length >= 2);
  const [method, setMethod] = useState<Method>(usable[0]?.id ?? 'pearson');
  const selectId = useId();
  if (usable.length === 0) return null;
  const matrix = correlations[method];
  const about = methods.find((m) => m.id === method)!.about;

  return (
    <Card>
      <CardHeader className="flex-row items-end justify-between">
        <div className="flex flex-col gap-1">
          <CardTitle>Correlations</CardTitle>
          <CardDescription>
            {about}
            {method !== 'pearson' && `; ${formatCount(correlations.sampledRows)} rows sampled`}
          </CardDescription>
        </div>
        <div className="flex items-center gap-2">
          <Label htmlFor={selectId} className="text-zinc-600">
            Method
          </Label>
          <Select
            id={selectId}
            className="w-36"
            value={method}
            onChange={(event) => setMethod(event.target.value as Method)}
          >
            {usable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </Select>
        </div>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <MatrixGrid
          matrix={matrix}
          label={`${methods.find((m) => m.id === method)!.label} correlations`}
        />
      </CardContent>
    </Card>
  );
}

function MatrixGrid({ matrix, label }: { matrix: CorrelationMatrix; label: string }) {
  const n = matrix.columns.length;
  return (
    <table aria-label={label} className="border-separate border-spacing-0.5 text-[11px]">
      <thead>
        <tr>
          <td />
          {matrix.columns.map((column) => (
            <th
              key={column}
              scope="col"
              title={column}
              className="h-24 max-w-8 align-bottom font-normal text-zinc-600"
            >
              <span className="inline-block max-h-24 truncate [writing-mode:vertical-rl] rotate-180">
                {column}
              </span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.values.map((row, i) => (
          <tr key={matrix.columns[i]}>
            <th
              scope="row"
              title={matrix.columns[i]}
              className="max-w-32 truncate pr-2 text-right font-normal text-zinc-600"
            >
              {matrix.columns[i]}
            </th>
            {row.map((value, j) => (
              <td
                key={j}
                title={`${matrix.columns[i]} × ${matrix.columns[j]}: ${value === null ? 'undefined' : value.toFixed(3)}`}
                className="size-8 min-w-8 text-center tabular-nums"
                style={{
                  backgroundColor: correlationColor(value),
                  color: correlationTextColor(value),
                }}
              >
                {n <= 12 && value !== null ? value.toFixed(2) : ''}
                {(n > 12 || value === null) && (
                  <span className="sr-only">{value === null ? 'undefined' : value.toFixed(2)}</span>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
