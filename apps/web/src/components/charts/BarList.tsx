import { formatStat } from '../../format/numbers';

interface BarListProps {
  label: string;
  items: readonly { name: string; value: number }[];
  /** Shown at most; the largest values first. */
  limit?: number;
}

/** Horizontal bars with their values, largest first: feature importance, per-group metrics. */
export function BarList({ label, items, limit = 15 }: BarListProps) {
  const shown = [...items].sort((a, b) => b.value - a.value).slice(0, limit);
  const max = Math.max(...shown.map((i) => Math.abs(i.value)), Number.MIN_VALUE);
  return (
    <ul aria-label={label} className="flex flex-col gap-1.5 text-sm">
      {shown.map((item) => (
        <li
          key={item.name}
          className="grid grid-cols-[minmax(6rem,12rem)_1fr_4rem] items-center gap-2"
        >
          <span className="truncate text-zinc-700" title={item.name}>
            {item.name}
          </span>
          <span className="h-3 rounded-sm bg-zinc-100">
            <span
              className="block h-3 rounded-sm bg-[#0072B2]"
              style={{ width: `${(Math.max(0, item.value) / max) * 100}%` }}
            />
          </span>
          <span className="text-right tabular-nums text-zinc-600">{formatStat(item.value)}</span>
        </li>
      ))}
    </ul>
  );
}
