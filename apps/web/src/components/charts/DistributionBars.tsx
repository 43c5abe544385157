import { chartArea, ChartFrame, Legend, type ChartShape } from './ChartFrame';
import { seriesColor } from './palette';
import { linearScale, type LinearScale } from './scale';

/** One bin or category with the share of each sample in it. */
export interface OverlaidBin {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
}

interface DistributionBarsProps {
  label: string;
  bins: readonly OverlaidBin[];
  xLabel: string;
  shape?: ChartShape;
}

const REFERENCE = { name: 'reference', color: '#a1a1aa' };
const CURRENT = { name: 'current', color: seriesColor(1) };

/**
 * Two samples' distributions over the same bins, the current drawn narrower on top of the
 * reference (Evidently's overlay): a shift shows as bars that leave their grey outline.
 */
export function DistributionBars({ label, bins, xLabel, shape = 'wide' }: DistributionBarsProps) {
  const { x: plotX, y: plotY } = chartArea(shape);
  const top = Math.max(0.01, ...bins.map((b) => Math.max(b.reference, b.current)));
  const y = linearScale([0, top], plotY, 4);
  const band = (plotX[1] - plotX[0]) / Math.max(1, bins.length);
  // Bins are named under the axis, not by numeric ticks: an empty tick list keeps the frame quiet.
  const x = Object.assign((v: number) => plotX[0] + v * band, {
    domain: [0, bins.length] as const,
    ticks: [] as number[],
  }) satisfies LinearScale;
  // Every label when they fit, else every k-th so they never overlap.
  const every = Math.ceil(bins.length / Math.max(1, Math.floor((plotX[1] - plotX[0]) / 70)));
  return (
    <figure data-points={bins.length} className="m-0">
      <ChartFrame label={label} shape={shape} x={x} y={y} xLabel={xLabel} yLabel="share">
        {bins.map((bin, i) => (
          <g key={bin.label}>
            <rect
              x={x(i) + band * 0.08}
              width={band * 0.84}
              y={y(bin.reference)}
              height={y(0) - y(bin.reference)}
              fill={REFERENCE.color}
              fillOpacity="0.55"
            />
            <rect
              x={x(i) + band * 0.28}
              width={band * 0.44}
              y={y(bin.current)}
              height={y(0) - y(bin.current)}
              fill={CURRENT.color}
            />
            {i % every === 0 && (
              <text
                x={x(i) + band / 2}
                y={plotY[0] + 16}
                textAnchor="middle"
                fontSize="10"
                fill="currentColor"
              >
                {shorten(bin.label)}
              </text>
            )}
            <title>{`${bin.label}: reference ${pct(bin.reference)}, current ${pct(bin.current)}`}</title>
          </g>
        ))}
      </ChartFrame>
      <Legend items={[REFERENCE, CURRENT]} />
    </figure>
  );
}

function shorten(text: string): string {
  return text.length > 14 ? `${text.slice(0, 13)}…` : text;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
