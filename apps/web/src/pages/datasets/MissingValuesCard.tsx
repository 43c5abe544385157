import type { ColumnProfile } from '../../api/dataset-reports';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { formatPercent } from '../../format/numbers';

/** Share of missing values per column, as bars: where imputation will matter. */
export function MissingValuesCard({ columns }: { columns: ColumnProfile[] }) {
  return (
    <Card aria-label="Missing values">
      <CardHeader>
        <CardTitle>Missing values</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-1 text-xs">
          {columns.map((column) => (
            <li key={column.name} className="flex items-center gap-2">
              <span className="w-32 shrink-0 truncate" title={column.name}>
                {column.name}
              </span>
              <span className="h-2 flex-1 rounded-sm bg-emerald-100">
                <span
                  className="block h-full rounded-sm bg-red-500"
                  style={{ width: `${column.missingShare * 100}%` }}
                />
              </span>
              <span className="w-14 shrink-0 text-right text-zinc-500 tabular-nums">
                {formatPercent(column.missingShare)}
              </span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
