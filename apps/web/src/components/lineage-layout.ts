/** A node of a lineage graph; `column` orders the kinds left to right (data → … → serving). */
export interface GraphNode {
  readonly id: string;
  readonly column: number;
  readonly label: string;
  readonly sublabel?: string;
  readonly href?: string;
  /** The node the graph is about (e.g. the version whose page shows it). */
  readonly current?: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface PlacedNode extends GraphNode {
  readonly x: number;
  readonly y: number;
}

export const NODE = { width: 176, height: 46, columnGap: 56, rowGap: 18 } as const;

/**
 * Places nodes in columns by kind, each column's nodes stacked in label order and centred
 * vertically against the tallest column; edges then run left to right.
 */
export function layoutLineage(nodes: readonly GraphNode[]): {
  nodes: PlacedNode[];
  width: number;
  height: number;
} {
  const columns = [...new Set(nodes.map((n) => n.column))].sort((a, b) => a - b);
  const byColumn = columns.map((c) =>
    nodes.filter((n) => n.column === c).sort((a, b) => a.label.localeCompare(b.label)),
  );
  const tallest = Math.max(0, ...byColumn.map((c) => c.length));
  const height = tallest * NODE.height + Math.max(0, tallest - 1) * NODE.rowGap;
  const placed = byColumn.flatMap((column, ci) => {
    const own = column.length * NODE.height + (column.length - 1) * NODE.rowGap;
    const top = (height - own) / 2;
    return column.map((node, ri) => ({
      ...node,
      x: ci * (NODE.width + NODE.columnGap),
      y: top + ri * (NODE.height + NODE.rowGap),
    }));
  });
  const width = columns.length * NODE.width + Math.max(0, columns.length - 1) * NODE.columnGap;
  return { nodes: placed, width, height };
}

/** A smooth curve from the right edge of `from` to the left edge of `to`. */
export function edgePath(from: PlacedNode, to: PlacedNode): string {
  const x1 = from.x + NODE.width;
  const y1 = from.y + NODE.height / 2;
  const x2 = to.x;
  const y2 = to.y + NODE.height / 2;
  const mid = (x1 + x2) / 2;
  return `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
}
