import { formatTick } from './scale';

/** One axis: numbers are scaled to their range, strings and booleans spread as categories. */
export interface ParallelAxis {
  readonly name: string;
  readonly values: readonly (number | string | boolean | null)[];
}

interface ParallelCoordinatesProps {
  label: string;
  axes: readonly ParallelAxis[];
  /** Index of the line drawn on top and in colour (the best trial); null for none. */
  highlight: number | null;
}

const WIDTH = 640;
const HEIGHT = 260;
// Room for two rows of axis names: neighbours alternate rows so long names do not overlap.
const TOP = 44;
const BOTTOM = 24;
const SIDE = 48;

/** One line per item across one vertical axis per dimension: how settings relate to a score. */
export function ParallelCoordinates({ label, axes, highlight }: ParallelCoordinatesProps) {
  const lines = axes[0]?.values.length ?? 0;
  const step = axes.length > 1 ? (WIDTH - 2 * SIDE) / (axes.length - 1) : 0;
  const positions = axes.map(axisPositions);
  const order = [...Array(lines).keys()].sort((a, b) =>
    a === highlight ? 1 : b === highlight ? -1 : 0,
  );
  return (
    <figure data-points={lines} className="m-0 overflow-x-auto">
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full min-w-[36rem]"
      >
        {order.map((i) => {
          const points = positions
            .map((p, a) => (p.y[i] === null ? null : `${SIDE + a * step},${p.y[i]!.toFixed(1)}`))
            .filter((p) => p !== null)
            .join(' ');
          return (
            <polyline
              key={i}
              points={points}
              fill="none"
              stroke={i === highlight ? '#D55E00' : '#0072B2'}
              strokeOpacity={i === highlight ? 1 : 0.35}
              strokeWidth={i === highlight ? 2.5 : 1.5}
            />
          );
        })}
        {axes.map((axis, a) => (
          <g key={axis.name} fontSize="11" fill="#52525b">
            <line
              x1={SIDE + a * step}
              x2={SIDE + a * step}
              y1={TOP}
              y2={HEIGHT - BOTTOM}
              stroke="#a1a1aa"
            />
            <text
              x={SIDE + a * step}
              y={a % 2 === 0 ? TOP - 26 : TOP - 14}
              textAnchor="middle"
              fontWeight="600"
            >
              {axis.name}
            </text>
            <text x={SIDE + a * step} y={TOP - 1} textAnchor="middle">
              {positions[a]!.top}
            </text>
            <text x={SIDE + a * step} y={HEIGHT - BOTTOM + 14} textAnchor="middle">
              {positions[a]!.bottom}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

function axisPositions(axis: ParallelAxis): { y: (number | null)[]; top: string; bottom: string } {
  const span = (share: number) => HEIGHT - BOTTOM - share * (HEIGHT - BOTTOM - TOP);
  const numbers = axis.values.filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  if (numbers.length === axis.values.filter((v) => v !== null).length && numbers.length > 0) {
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    return {
      y: axis.values.map((v) =>
        typeof v === 'number' ? span(hi === lo ? 0.5 : (v - lo) / (hi - lo)) : null,
      ),
      top: formatTick(hi),
      bottom: formatTick(lo),
    };
  }
  const categories = [...new Set(axis.values.filter((v) => v !== null).map(String))].sort();
  const at = (v: string) =>
    categories.length === 1 ? 0.5 : categories.indexOf(v) / (categories.length - 1);
  return {
    y: axis.values.map((v) => (v === null ? null : span(at(String(v))))),
    top: categories[categories.length - 1] ?? '',
    bottom: categories.length > 1 ? categories[0]! : '',
  };
}
