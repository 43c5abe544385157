import type { ColumnProfile } from '../../api/dataset-reports';
import { Badge } from '../../components/ui/Badge';
import { Card } from '../../components/ui/Card';
import { formatCount, formatPercent, formatStat } from '../../format/numbers';
import { Histogram } from './Histogram';
import { TopValues } from './TopValues';

/** One column's statistics: counts, then its distribution as the column's type allows. */
export function ColumnProfileCard({ column }: { column: ColumnProfile }) {
  const stats: [string, string][] = [
    ['Values', formatCount(column.count)],
    ['Missing', `${formatCount(column.missing)} (${formatPercent(column.missingShare)})`],
    ['Distinct', `${column.distinctExact ? '' : '≈ '}${formatCount(column.distinct)}`],
  ];
  if (column.numeric) {
    const { min, max, mean, std, quantiles, nonFinite } = column.numeric;
    if (nonFinite) stats.push(['Infinite or NaN', formatCount(nonFinite)]);
    stats.push(
      ['Min', formatStat(min)],
      ['Max', formatStat(max)],
      ['Mean', formatStat(mean)],
      ['Std dev', formatStat(std)],
      ['Median', formatStat(quantiles.p50)],
      ['5 % – 95 %', `${formatStat(quantiles.p05)} – ${formatStat(quantiles.p95)}`],
    );
  }
  if (column.temporal) stats.push(['From', column.temporal.min], ['To', column.temporal.max]);
  if (column.textLength) {
    const { min, max, mean } = column.textLength;
    stats.push(['Length', `${formatCount(min)} – ${formatCount(max)} (mean ${formatStat(mean)})`]);
  }

  return (
    <Card aria-label={`Column ${column.name}`} className="flex flex-col gap-3 p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="truncate font-medium" title={column.name}>
          {column.name}
        </h3>
        <span className="flex gap-1">
          <Badge>{column.type}</Badge>
          {column.role !== 'feature' && <Badge variant="blue">{column.role}</Badge>}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
        {stats.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-zinc-500">{term}</dt>
            <dd className="text-right tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {column.numeric && column.numeric.histogram.length > 0 && (
        <Histogram column={column.name} bins={column.numeric.histogram} />
      )}
      {column.topValues && column.topValues.length > 0 && (
        <TopValues values={column.topValues} total={column.count} />
      )}
    </Card>
  );
}
