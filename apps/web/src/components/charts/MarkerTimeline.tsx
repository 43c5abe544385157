import { chartArea, ChartFrame } from './ChartFrame';
import { linearScale, type LinearScale } from './scale';

/** One event on the timeline: its time (ms), its value (null: no value, drawn hollow on the axis). */
export interface TimelineMarker {
  readonly id: string;
  readonly at: number;
  readonly value: number | null;
  readonly color: string;
}

interface MarkerTimelineProps {
  label: string;
  markers: readonly TimelineMarker[];
  yLabel: string;
  yDomain: readonly [number, number];
  /** A dashed horizontal line, e.g. the share of drifted features that means dataset drift. */
  threshold?: number;
  selectedId?: string;
  onSelect?: (id: string) => void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * Values of events over time joined by a line, each marker coloured by its outcome (Grafana's
 * annotations on a time series). Markers are mouse shortcuts; the page lists the same events
 * accessibly.
 */
export function MarkerTimeline({
  label,
  markers,
  yLabel,
  yDomain,
  threshold,
  selectedId,
  onSelect,
}: MarkerTimelineProps) {
  const { x: plotX, y: plotY } = chartArea('wide');
  const first = markers[0]?.at ?? 0;
  const last = markers[markers.length - 1]?.at ?? first;
  // Padded by a twentieth on each side so the first and last markers are not cut by the frame.
  const pad = Math.max(60_000, (last - first) / 20);
  const span: [number, number] = [first - pad, last + pad];
  const time = (v: number) =>
    plotX[0] + ((v - span[0]) / (span[1] - span[0])) * (plotX[1] - plotX[0]);
  const x = Object.assign(time, { domain: span, ticks: [] as number[] }) satisfies LinearScale;
  const y = linearScale(yDomain, plotY, 4);
  const valued = markers.filter((m) => m.value !== null);
  return (
    <figure data-points={markers.length} className="m-0">
      <ChartFrame label={label} shape="wide" x={x} y={y} xLabel="" yLabel={yLabel}>
        {threshold !== undefined && (
          <line
            x1={plotX[0]}
            x2={plotX[1]}
            y1={y(threshold)}
            y2={y(threshold)}
            stroke="#D55E00"
            strokeDasharray="5 4"
          />
        )}
        <polyline
          fill="none"
          stroke="#a1a1aa"
          strokeWidth="1.5"
          points={valued.map((m) => `${x(m.at).toFixed(1)},${y(m.value!).toFixed(1)}`).join(' ')}
        />
        {markers.map((m) => (
          <circle
            key={m.id}
            data-marker={m.id}
            cx={x(m.at)}
            cy={y(m.value ?? y.domain[0])}
            r={m.id === selectedId ? 7 : 5}
            fill={m.value === null ? 'white' : m.color}
            stroke={m.id === selectedId ? '#18181b' : m.color}
            strokeWidth="2"
            className={onSelect ? 'cursor-pointer' : undefined}
            onClick={onSelect && (() => onSelect(m.id))}
          />
        ))}
        {timeLabels(markers).map((label, i, labels) => (
          <text
            key={label.text}
            x={x(label.at)}
            y={plotY[0] + 16}
            textAnchor={labels.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}
            fontSize="11"
            fill="currentColor"
          >
            {label.text}
          </text>
        ))}
      </ChartFrame>
    </figure>
  );
}

// The first and last time under the axis; one label when both read the same (checks minutes apart).
function timeLabels(markers: readonly TimelineMarker[]): { at: number; text: string }[] {
  if (markers.length === 0) return [];
  const ends = [markers[0]!.at, markers[markers.length - 1]!.at];
  const labels = ends.map((at) => ({ at, text: timeFormat.format(at) }));
  return labels[0]!.text === labels[1]!.text ? [labels[0]!] : labels;
}
