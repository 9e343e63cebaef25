import {
  DependencyEdge,
  DependencyNode,
} from '@sightline/plugin-observability-common';

/** Sizes of the drawing, in SVG units (pixels at 100%). */
export const NODE_WIDTH = 160;
export const NODE_HEIGHT = 46;
/** Room between columns for the edge labels. */
const COLUMN_GAP = 170;
const ROW_GAP = 40;
/** An edge label's box (two lines of 11px text), centred on its anchor. */
const LABEL_WIDTH = 150;
const LABEL_HEIGHT = 30;
/** How far below the boxes a call back (to a column on the left, or its own) dips. */
const BACK_DROP = 40;
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
 * push their target right; they are drawn back. Within a column, nodes sit
 * in the order of their callers' rows, then of their titles.
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
  // Callers of each node, to order a column by where its callers sit.
  const callersOf = new Map<string, string[]>(ids.map(id => [id, []]));
  for (const [from, to] of forward) callersOf.get(to)?.push(from);
  const rowOf = new Map<string, number>();
  const meanCallerRow = (node: DependencyNode) => {
    const rows = (callersOf.get(node.id) ?? [])
      .map(id => rowOf.get(id))
      .filter((r): r is number => r !== undefined);
    return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0;
  };
  columns.forEach((list = [], c) => {
    // Beside their callers (fewer crossings), then in title order.
    const sorted = [...list].sort(
      (a, b) =>
        meanCallerRow(a) - meanCallerRow(b) || a.title.localeCompare(b.title),
    );
    sorted.forEach((node, row) => rowOf.set(node.id, row));
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

/** An edge as drawn: its path, and where its label sits (the label's centre). */
export interface PlacedEdge {
  edge: DependencyEdge;
  path: string;
  labelX: number;
  labelY: number;
}

/**
 * Each edge's curve (a forward call from the right side of its client to
 * the left side of its server; a call back under both boxes) and its label
 * at the curve's middle, moved down until it overlaps no label placed
 * before it, so that two calls from one service stay readable.
 */
export function layoutEdges(
  edges: DependencyEdge[],
  layout: GraphLayout,
): PlacedEdge[] {
  const placed: PlacedEdge[] = [];
  for (const edge of edges) {
    const from = layout.nodes.get(edge.client);
    const to = layout.nodes.get(edge.server);
    if (!from || !to || edge.client === edge.server) continue;
    const forward = to.x > from.x;
    const x1 = forward ? from.x + NODE_WIDTH : from.x + NODE_WIDTH / 2;
    const y1 = forward ? from.y + NODE_HEIGHT / 2 : from.y + NODE_HEIGHT;
    const x2 = forward ? to.x : to.x + NODE_WIDTH / 2;
    const y2 = forward ? to.y + NODE_HEIGHT / 2 : to.y + NODE_HEIGHT;
    const bend = forward ? (x2 - x1) / 2 : 0;
    const drop = forward ? 0 : BACK_DROP;
    const path = `M ${x1} ${y1} C ${x1 + bend} ${y1 + drop}, ${x2 - bend} ${
      y2 + drop
    }, ${x2} ${y2}`;
    const labelX = (x1 + x2) / 2;
    let labelY = (y1 + y2) / 2 + drop * 0.75;
    const overlaps = () =>
      placed.find(
        p =>
          Math.abs(p.labelX - labelX) < LABEL_WIDTH &&
          Math.abs(p.labelY - labelY) < LABEL_HEIGHT,
      );
    for (let other = overlaps(); other; other = overlaps()) {
      labelY = other.labelY + LABEL_HEIGHT;
    }
    placed.push({ edge, path, labelX, labelY });
  }
  return placed;
}

/** The height the drawing needs: its boxes, and labels pushed below them. */
export function drawingHeight(layout: GraphLayout, edges: PlacedEdge[]) {
  return Math.max(
    layout.height + BACK_DROP,
    ...edges.map(e => e.labelY + LABEL_HEIGHT / 2 + MARGIN),
  );
}
