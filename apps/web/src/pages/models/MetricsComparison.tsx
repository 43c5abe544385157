import type { ModelVersion } from '@aistudio/contracts';
import { useId, useState } from 'react';
import { LineChart } from '../../components/charts/LineChart';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatStat } from '../../format/numbers';
import { bestIndex, unionOfKeys } from '../runs/run-summary';

/** Every held-out metric of every version side by side (best marked), and one over versions. */
export function MetricsComparison({ versions }: { versions: ModelVersion[] }) {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  const metrics = unionOfKeys(ordered.map((v) => v.metrics));
  const [chosen, setChosen] = useState<string | null>(null);
  const metric = chosen ?? metrics[0] ?? null;
  const selectId = useId();
  if (metrics.length === 0)
    return <p className="text-sm text-zinc-500">No version has metrics to compare yet.</p>;
  return (
    <div className="flex flex-col gap-6">
      <div className="overflow-x-auto">
        <Table aria-label="Metrics by version">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Metric</TableHead>
              {ordered.map((v) => (
                <TableHead key={v.id} className="text-right">
                  v{v.version}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {metrics.map((name) => {
              const values = ordered.map((v) => v.metrics[name]);
              const best = bestIndex(name, values);
              return (
                <TableRow key={name}>
                  <TableCell className="font-medium">{name}</TableCell>
                  {values.map((value, i) => (
                    <TableCell
                      key={ordered[i]!.id}
                      className="text-right tabular-nums"
                      data-best={i === best ? '' : undefined}
                    >
                      <span className={i === best ? 'font-semibold text-emerald-700' : undefined}>
                        {formatStat(value)}
                      </span>
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {metric && ordered.length > 1 && (
        <div className="flex flex-col gap-2">
          <div className="flex max-w-xs flex-col gap-1.5">
            <Label htmlFor={selectId}>Metric over versions</Label>
            <Select id={selectId} value={metric} onChange={(e) => setChosen(e.target.value)}>
              {metrics.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </Select>
          </div>
          <LineChart
            label={`${metric} by version`}
            series={[
              {
                name: metric,
                x: ordered.map((v) => v.version),
                y: ordered.map((v) => v.metrics[metric] ?? Number.NaN),
              },
            ]}
            xLabel="version"
            yLabel={metric}
          />
        </div>
      )}
    </div>
  );
}
