import { useDatasetProfile } from '../../api/datasets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Card } from '../../components/ui/Card';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatCount } from '../../format/numbers';
import { AlertsCard } from './AlertsCard';
import { ColumnProfileCard } from './ColumnProfileCard';
import { CorrelationHeatmap } from './CorrelationHeatmap';
import { MissingValuesCard } from './MissingValuesCard';
import { QualityCard } from './QualityCard';

export function ProfileView({ versionId }: { versionId: string }) {
  const profile = useDatasetProfile(versionId);
  if (profile.isPending) {
    return (
      <div className="grid gap-4 md:grid-cols-2" role="status" aria-label="Loading profile">
        <Skeleton className="h-48" />
        <Skeleton className="h-48" />
      </div>
    );
  }
  if (profile.isError) return <ProblemAlert error={profile.error} />;
  const { rows, columns, duplicateRows, correlations, alerts, quality } = profile.data;
  const missingCells = columns.reduce((sum, column) => sum + column.missing, 0);
  const overview: [string, string][] = [
    ['Rows', formatCount(rows)],
    ['Columns', formatCount(columns.length)],
    ['Duplicate rows', formatCount(duplicateRows)],
    ['Missing cells', formatCount(missingCells)],
  ];

  return (
    <div className="flex flex-col gap-6">
      <Card aria-label="Overview" className="grid grid-cols-2 gap-4 p-4 sm:grid-cols-4">
        {overview.map(([term, value]) => (
          <div key={term} className="flex flex-col">
            <span className="text-xs text-zinc-500">{term}</span>
            <span className="text-xl font-semibold tabular-nums">{value}</span>
          </div>
        ))}
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        <QualityCard quality={quality} />
        <AlertsCard alerts={alerts} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <MissingValuesCard columns={columns} />
        <CorrelationHeatmap correlations={correlations} />
      </div>
      <section aria-label="Columns" className="flex flex-col gap-3">
        <h2 className="text-base font-semibold">Columns</h2>
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {columns.map((column) => (
            <ColumnProfileCard key={column.name} column={column} />
          ))}
        </div>
      </section>
    </div>
  );
}
