import type { DatasetProfile } from '../../api/dataset-reports';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { cn } from '../../components/ui/class-names';

function scoreColor(score: number): string {
  return score >= 80 ? 'text-emerald-700' : score >= 60 ? 'text-amber-700' : 'text-red-700';
}

/** The 0–100 score and each weighted component it averages. */
export function QualityCard({ quality }: { quality: DatasetProfile['quality'] }) {
  return (
    <Card aria-label="Quality score">
      <CardHeader>
        <CardTitle>Quality score</CardTitle>
        <CardDescription>Weighted mean of the measurable components.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <p className={cn('text-4xl font-semibold tabular-nums', scoreColor(quality.score))}>
          {quality.score}
          <span className="text-base font-normal text-zinc-400"> / 100</span>
        </p>
        <ul className="flex flex-col gap-2.5 text-sm">
          {quality.components.map((component) => (
            <li key={component.name} className="flex flex-col gap-1">
              <span className="flex justify-between gap-2">
                <span className="capitalize">
                  {component.name}{' '}
                  <span className="text-xs text-zinc-400">weight {component.weight}</span>
                </span>
                <span className="tabular-nums">
                  {component.score === null ? 'n/a' : `${Math.round(component.score * 100)} %`}
                </span>
              </span>
              <span className="h-1.5 rounded-full bg-zinc-100">
                <span
                  className="block h-full rounded-full bg-zinc-800"
                  style={{ width: `${(component.score ?? 0) * 100}%` }}
                />
              </span>
              <span className="text-xs text-zinc-500">{component.detail}</span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
