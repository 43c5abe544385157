import { formatCount } from '../../format/numbers';

/** The most frequent values as bars relative to the column's non-missing count. */
export function TopValues({
  values,
  total,
}: {
  values: { value: string; count: number }[];
  total: number;
}) {
  return (
    <ul className="flex flex-col gap-1 text-xs">
      {values.map(({ value, count }) => (
        <li key={value} className="flex items-center gap-2">
          <span className="w-24 shrink-0 truncate" title={value}>
            {value}
          </span>
          <span className="h-2 flex-1 rounded-sm bg-zinc-100">
            <span
              className="block h-full rounded-sm bg-zinc-700"
              style={{ width: `${total === 0 ? 0 : (count / total) * 100}%` }}
            />
          </span>
          <span className="w-12 shrink-0 text-right text-zinc-500 tabular-nums">
            {formatCount(count)}
          </span>
        </li>
      ))}
    </ul>
  );
}
