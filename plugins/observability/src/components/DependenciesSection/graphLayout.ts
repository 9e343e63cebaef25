import {
  DependencyEdge,
  DependencyNode,
} from '@sightline/plugin-observability-common';

/** Sizes of the drawing, in SVG units (pixels at 100%). */
export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 46;
/** Room between columns for the edge labels. */
const COLUMN_GAP = 190;
const ROW_GAP = 34;
const MARGIN = 16;

export interface PlacedNode {
  node: DependencyNode;
  column: number;
  x: number;
  y: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, PlacedNode>;
}

/**
 * Columns from callers to callees: each node one column right of the
 * furthest-right node that calls it, so a chain reads left to right
 * (frontend → checkout → payments → ledger). Calls that close a cycle
 * (found depth-first from the nodes nobody calls, then the focus) do not
 * push their target right; they are drawn back. Within a column, nodes are
 * in title order.
 */
export function layoutGraph(
  nodes: DependencyNode[],
  edges: DependencyEdge[],
  focus: string[],
): GraphLayout {
  const ids = nodes.map(n => n.id);
  const callees = new Map<string, string[]>(ids.map(id => [id, []]));
  const called = new Set<string>();
  for (const edge of edges) {
    if (edge.client === edge.server) continue;
    callees.get(edge.client)?.push(edge.server);
    called.add(edge.server);
  }
  // Depth-first from the roots: an edge to a node on the current path closes a cycle.
  const forward: Array<[string, string]> = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const next of callees.get(id) ?? []) {
      if (state.get(next) === 'open') continue;
      forward.push([id, next]);
      if (!state.has(next)) visit(next);
    }
    state.set(id, 'done');
  };
  for (const start of [
    ...ids.filter(id => !called.has(id)),
    ...focus,
    ...ids,
  ]) {
    if (!state.has(start) && callees.has(start)) visit(start);
  }
  // Longest path over the acyclic forward edges.
  const column = new Map<string, number>(ids.map(id => [id, 0]));
  for (let round = 0; round < ids.length; round++) {
    let moved = false;
    for (const [from, to] of forward) {
      const wanted = (column.get(from) ?? 0) + 1;
      if ((column.get(to) ?? 0) < wanted) {
        column.set(to, wanted);
        moved = true;
      }
    }
    if (!moved) break;
  }

  const columns: DependencyNode[][] = [];
  for (const node of nodes) {
    const c = column.get(node.id) ?? 0;
    (columns[c] ??= []).push(node);
  }
  const placed = new Map<string, PlacedNode>();
  const tallest = Math.max(1, ...columns.map(c => c?.length ?? 0));
  const height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  columns.forEach((list = [], c) => {
    const sorted = [...list].sort((a, b) => a.title.localeCompare(b.title));
    const used = sorted.length * NODE_HEIGHT + (sorted.length - 1) * ROW_GAP;
    // Each column centred vertically, so a lone focus sits between its callers and callees.
    const top = (height - used) / 2;
    sorted.forEach((node, row) => {
      placed.set(node.id, {
        node,
        column: c,
        x: MARGIN + c * (NODE_WIDTH + COLUMN_GAP),
        y: top + row * (NODE_HEIGHT + ROW_GAP),
      });
    });
  });
  const width =
    MARGIN * 2 +
    Math.max(1, columns.length) * NODE_WIDTH +
    Math.max(0, columns.length - 1) * COLUMN_GAP;
  return { width, height, nodes: placed };
}
