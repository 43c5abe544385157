import { chartArea, ChartFrame } from './ChartFrame';
import { seriesColor } from './palette';
import { extent, linearScale } from './scale';

interface ScatterChartProps {
  label: string;
  x: readonly number[];
  y: readonly number[];
  xLabel: string;
  yLabel: string;
  /** Draws y = x (predicted against actual) or y = 0 (residuals). */
  reference?: 'diagonal' | 'zero';
}

/** A point cloud, e.g. predicted against actual values of a regression. */
export function ScatterChart({ label, x, y, xLabel, yLabel, reference }: ScatterChartProps) {
  const { x: plotX, y: plotY } = chartArea('wide');
  const both = reference === 'diagonal' ? extent([...x, ...y]) : null;
  const xs = linearScale(both ?? extent(x) ?? [0, 1], plotX, 6);
  const ys = linearScale(both ?? extent(reference === 'zero' ? [...y, 0] : y) ?? [0, 1], plotY, 5);
  return (
    <figure data-points={x.length} className="m-0">
      <ChartFrame label={label} shape="wide" x={xs} y={ys} xLabel={xLabel} yLabel={yLabel}>
        {reference === 'diagonal' && (
          <line
            x1={xs(xs.domain[0])}
            y1={ys(xs.domain[0])}
            x2={xs(xs.domain[1])}
            y2={ys(xs.domain[1])}
            stroke="#a1a1aa"
            strokeDasharray="3 3"
          />
        )}
        {reference === 'zero' && (
          <line
            x1={plotX[0]}
            x2={plotX[1]}
            y1={ys(0)}
            y2={ys(0)}
            stroke="#a1a1aa"
            strokeDasharray="3 3"
          />
        )}
        {x.map((xv, i) => (
          <circle
            key={i}
            cx={xs(xv)}
            cy={ys(y[i]!)}
            r="2.5"
            fill={seriesColor(0)}
            fillOpacity="0.6"
          />
        ))}
      </ChartFrame>
    </figure>
  );
}
