import { describe, expect, it } from 'vitest';
import { edgePath, layoutLineage, NODE } from './lineage-layout';

describe('lineage layout', () => {
  it('puts kinds in columns left to right and centres the shorter columns', () => {
    const { nodes, width, height } = layoutLineage([
      { id: 'm', column: 2, label: 'penguins-model v1' },
      { id: 'd', column: 0, label: 'penguins v1' },
      { id: 'r2', column: 1, label: 'run b' },
      { id: 'r1', column: 1, label: 'run a' },
    ]);
    const at = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(at.d!.x).toBe(0);
    expect(at.r1!.x).toBe(NODE.width + NODE.columnGap);
    expect(at.m!.x).toBe(2 * (NODE.width + NODE.columnGap));
    expect(at.r1!.y).toBe(0);
    expect(at.r2!.y).toBe(NODE.height + NODE.rowGap);
    expect(at.d!.y).toBe((height - NODE.height) / 2);
    expect(width).toBe(3 * NODE.width + 2 * NODE.columnGap);
  });

  it('keeps sparse column numbers adjacent and handles an empty graph', () => {
    const { nodes } = layoutLineage([
      { id: 'a', column: 0, label: 'a' },
      { id: 'b', column: 3, label: 'b' },
    ]);
    expect(nodes[1]!.x).toBe(NODE.width + NODE.columnGap);
    expect(layoutLineage([])).toEqual({ nodes: [], width: 0, height: 0 });
  });

  it('draws an edge from the right side of one node to the left side of the next', () => {
    const path = edgePath(
      { id: 'a', column: 0, label: 'a', x: 0, y: 0 },
      { id: 'b', column: 1, label: 'b', x: 232, y: 64 },
    );
    expect(path).toBe(`M176,23 C204,23 204,87 232,87`);
  });
});
