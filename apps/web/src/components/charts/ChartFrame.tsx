import type { ReactNode } from 'react';
import { formatTick, type LinearScale } from './scale';

/**
 * ViewBox sizes: the SVG scales to its container's width, so a chart in a half-width card uses
 * the smaller `square` box to keep its labels legible.
 */
const FRAMES = {
  wide: { width: 640, height: 280 },
  square: { width: 360, height: 300 },
} as const;
const MARGIN = { left: 56, right: 16, top: 12, bottom: 40 };

export type ChartShape = keyof typeof FRAMES;

/** The viewBox and the pixel ranges of the plot area of a chart shape. */
export function chartArea(shape: ChartShape) {
  const { width, height } = FRAMES[shape];
  return {
    width,
    height,
    x: [MARGIN.left, width - MARGIN.right] as const,
    y: [height - MARGIN.bottom, MARGIN.top] as const,
  };
}

interface ChartFrameProps {
  label: string;
  shape: ChartShape;
  x: LinearScale;
  y: LinearScale;
  xLabel: string;
  yLabel: string;
  children: ReactNode;
}

/** Axes with gridlines, tick labels and axis titles around the marks a chart draws. */
export function ChartFrame({ label, shape, x, y, xLabel, yLabel, children }: ChartFrameProps) {
  const { width, height, x: plotX, y: plotY } = chartArea(shape);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      className="h-auto w-full text-zinc-500"
    >
      {y.ticks.map((t) => (
        <g key={`y${t}`}>
          <line x1={plotX[0]} x2={plotX[1]} y1={y(t)} y2={y(t)} stroke="#e4e4e7" />
          <text
            x={plotX[0] - 6}
            y={y(t)}
            dy="0.32em"
            textAnchor="end"
            fontSize="11"
            fill="currentColor"
          >
            {formatTick(t)}
          </text>
        </g>
      ))}
      {x.ticks.map((t) => (
        <text
          key={`x${t}`}
          x={x(t)}
          y={plotY[0] + 16}
          textAnchor="middle"
          fontSize="11"
          fill="currentColor"
        >
          {formatTick(t)}
        </text>
      ))}
      <line x1={plotX[0]} x2={plotX[1]} y1={plotY[0]} y2={plotY[0]} stroke="#a1a1aa" />
      <text
        x={(plotX[0] + plotX[1]) / 2}
        y={height - 4}
        textAnchor="middle"
        fontSize="12"
        fill="currentColor"
      >
        {xLabel}
      </text>
      <text
        transform={`translate(14 ${(plotY[0] + plotY[1]) / 2}) rotate(-90)`}
        textAnchor="middle"
        fontSize="12"
        fill="currentColor"
      >
        {yLabel}
      </text>
      {children}
    </svg>
  );
}

/** Colour swatches naming each series, under a chart. */
export function Legend({
  items,
}: {
  items: readonly { name: string; color: string; dashed?: boolean }[];
}) {
  if (items.length < 2) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
      {items.map((item) => (
        <li key={item.name} className="flex items-center gap-1.5">
          <svg aria-hidden width="18" height="8">
            <line
              x1="0"
              x2="18"
              y1="4"
              y2="4"
              stroke={item.color}
              strokeWidth="2.5"
              strokeDasharray={item.dashed ? '4 3' : undefined}
            />
          </svg>
          {item.name}
        </li>
      ))}
    </ul>
  );
}
