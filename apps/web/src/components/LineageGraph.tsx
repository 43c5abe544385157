import { useNavigate } from 'react-router';
import { seriesColor } from './charts/palette';
import { edgePath, layoutLineage, NODE, type GraphEdge, type GraphNode } from './lineage-layout';

interface LineageGraphProps {
  /** What the graph shows, for screen readers. */
  label: string;
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  /** Column headings, by column number (e.g. 0 → "Dataset versions"). */
  columnTitles: Readonly<Record<number, string>>;
}

const PAD = { top: 28, side: 2, bottom: 2 };

/** A left-to-right graph of SVG boxes and curves; a node with `href` opens its page. */
export function LineageGraph({ label, nodes, edges, columnTitles }: LineageGraphProps) {
  const navigate = useNavigate();
  const layout = layoutLineage(nodes);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const columns = [...new Set(layout.nodes.map((n) => n.column))].sort((a, b) => a - b);
  const width = layout.width + 2 * PAD.side;
  const height = layout.height + PAD.top + PAD.bottom;
  return (
    <figure className="m-0 overflow-x-auto" data-nodes={nodes.length} data-edges={edges.length}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        className="max-w-none text-zinc-700"
      >
        <g transform={`translate(${PAD.side} 0)`}>
          {columns.map((column, i) => (
            <text
              key={column}
              x={i * (NODE.width + NODE.columnGap)}
              y={14}
              fontSize="11"
              fontWeight="600"
              fill="#71717a"
            >
              {(columnTitles[column] ?? '').toUpperCase()}
            </text>
          ))}
        </g>
        <g transform={`translate(${PAD.side} ${PAD.top})`}>
          {edges.map((edge) => {
            const from = byId.get(edge.from);
            const to = byId.get(edge.to);
            return from && to ? (
              <path
                key={`${edge.from}>${edge.to}`}
                d={edgePath(from, to)}
                fill="none"
                stroke="#a1a1aa"
                strokeWidth="1.5"
                markerEnd="url(#lineage-arrow)"
              />
            ) : null;
          })}
          {layout.nodes.map((node) => {
            const box = (
              <g transform={`translate(${node.x} ${node.y})`}>
                <title>{[node.label, node.sublabel].filter(Boolean).join(' · ')}</title>
                <rect
                  width={NODE.width}
                  height={NODE.height}
                  rx="6"
                  fill={node.current ? '#eff6ff' : 'white'}
                  stroke={node.current ? seriesColor(0) : '#d4d4d8'}
                  strokeWidth={node.current ? 2 : 1}
                />
                <text x="10" y="19" fontSize="12" fontWeight="600" fill="currentColor">
                  {clip(node.label, 24)}
                </text>
                {node.sublabel && (
                  <text x="10" y="35" fontSize="11" fill="#71717a">
                    {clip(node.sublabel, 28)}
                  </text>
                )}
              </g>
            );
            const href = node.href;
            return href ? (
              <a
                key={node.id}
                href={href}
                aria-label={node.label}
                className="cursor-pointer"
                onClick={(event) => {
                  if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                  event.preventDefault();
                  void navigate(href);
                }}
              >
                {box}
              </a>
            ) : (
              <g key={node.id} aria-label={node.label}>
                {box}
              </g>
            );
          })}
        </g>
        <defs>
          <marker
            id="lineage-arrow"
            viewBox="0 0 8 8"
            refX="8"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" fill="#a1a1aa" />
          </marker>
        </defs>
      </svg>
    </figure>
  );
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
