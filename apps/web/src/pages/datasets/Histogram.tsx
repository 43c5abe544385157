import type { HistogramBin } from '../../api/dataset-reports';
import { formatCount, formatStat } from '../../format/numbers';

const WIDTH = 240;
const HEIGHT = 64;

/** Bars of equal width over the bins; each bar's title gives its range and count. */
export function Histogram({ column, bins }: { column: string; bins: HistogramBin[] }) {
  const peak = Math.max(1, ...bins.map((bin) => bin.count));
  const barWidth = WIDTH / Math.max(1, bins.length);
  const first = bins[0];
  const last = bins.at(-1);
  return (
    <figure className="flex flex-col gap-0.5">
      <svg
        role="img"
        aria-label={`Histogram of ${column}: ${bins.length} bins from ${formatStat(first?.from)} to ${formatStat(last?.to)}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-16 w-full"
        preserveAspectRatio="none"
      >
        {bins.map((bin, i) => {
          const height = (bin.count / peak) * HEIGHT;
          return (
            <rect
              key={i}
              x={i * barWidth + 0.5}
              y={HEIGHT - height}
              width={Math.max(1, barWidth - 1)}
              height={height}
              className="fill-zinc-700"
            >
              <title>
                {bin.from === bin.to
                  ? `${formatStat(bin.from)}: ${formatCount(bin.count)}`
                  : `${formatStat(bin.from)} – ${formatStat(bin.to)}: ${formatCount(bin.count)}`}
              </title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-[10px] text-zinc-400 tabular-nums">
        <span>{formatStat(first?.from)}</span>
        <span>{formatStat(last?.to)}</span>
      </figcaption>
    </figure>
  );
}
