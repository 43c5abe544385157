import { chartArea, ChartFrame, Legend, type ChartShape } from './ChartFrame';
import { seriesColor } from './palette';
import { extent, linearScale } from './scale';

/** One line: points (x[i], y[i]); non-finite values break nothing, they are skipped. */
export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly dashed?: boolean;
  /** Default: the series' place in the palette. */
  readonly color?: string;
}

interface LineChartProps {
  /** What the chart shows, for screen readers. */
  label: string;
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  /** Fixed axis ranges (e.g. [0, 1] for ROC curves); default the data's extent. */
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  /** Draws y = x, the chance line of ROC and calibration curves. */
  diagonal?: boolean;
  /** `square` for a chart in a narrow card; default `wide`. */
  shape?: ChartShape;
}

/** Lines over shared axes: loss curves, ROC / PR and calibration curves, overlaid runs. */
export function LineChart({
  label,
  series,
  xLabel,
  yLabel,
  xDomain,
  yDomain,
  diagonal,
  shape = 'wide',
}: LineChartProps) {
  const { x: plotX, y: plotY } = chartArea(shape);
  const xs = xDomain ?? extent(series.flatMap((s) => s.x)) ?? [0, 1];
  const ys = yDomain ?? extent(series.flatMap((s) => s.y)) ?? [0, 1];
  const x = linearScale(xs, plotX, shape === 'square' ? 4 : 6);
  const y = linearScale(ys, plotY, 5);
  const points = series.reduce((sum, s) => sum + s.x.length, 0);
  const colored = series.map((s, i) => ({ ...s, color: s.color ?? seriesColor(i) }));
  return (
    <figure data-points={points} className="m-0">
      <ChartFrame label={label} shape={shape} x={x} y={y} xLabel={xLabel} yLabel={yLabel}>
        {diagonal && (
          <line
            x1={x(x.domain[0])}
            y1={y(x.domain[0])}
            x2={x(x.domain[1])}
            y2={y(x.domain[1])}
            stroke="#a1a1aa"
            strokeDasharray="3 3"
          />
        )}
        {colored.map((s) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={s.color}
            strokeWidth="2"
            strokeLinejoin="round"
            strokeDasharray={s.dashed ? '5 4' : undefined}
            points={pathPoints(s, x, y)}
          />
        ))}
      </ChartFrame>
      <Legend items={colored} />
    </figure>
  );
}

function pathPoints(s: LineSeries, x: (v: number) => number, y: (v: number) => number): string {
  const out: string[] = [];
  for (let i = 0; i < s.x.length; i++) {
    const xv = s.x[i]!;
    const yv = s.y[i]!;
    if (Number.isFinite(xv) && Number.isFinite(yv))
      out.push(`${x(xv).toFixed(1)},${y(yv).toFixed(1)}`);
  }
  return out.join(' ');
}
