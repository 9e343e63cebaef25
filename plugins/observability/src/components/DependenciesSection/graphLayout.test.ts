import {
  DependencyEdge,
  DependencyNode,
} from '@sightline/plugin-observability-common';
import { layoutEdges, layoutGraph } from './graphLayout';

const node = (id: string): DependencyNode => ({
  id,
  title: id,
  external: false,
  health: 'healthy',
});
const edge = (client: string, server: string): DependencyEdge => ({
  client,
  server,
  requestRate: 1,
  errorRatio: 0,
});
const columnsOf = (layout: ReturnType<typeof layoutGraph>) =>
  Object.fromEntries([...layout.nodes].map(([id, p]) => [id, p.column]));

describe('layoutGraph', () => {
  it('puts callers left of the entity and callees right of it', () => {
    const layout = layoutGraph(
      ['frontend', 'checkout', 'payments', 'inventory'].map(node),
      [
        edge('frontend', 'checkout'),
        edge('checkout', 'payments'),
        edge('checkout', 'inventory'),
      ],
      ['checkout'],
    );
    expect(columnsOf(layout)).toEqual({
      frontend: 0,
      checkout: 1,
      payments: 2,
      inventory: 2,
    });
    // Callees in title order, one under the other.
    const inventory = layout.nodes.get('inventory')!;
    const payments = layout.nodes.get('payments')!;
    expect(inventory.x).toBe(payments.x);
    expect(inventory.y).toBeLessThan(payments.y);
  });

  it('lays a chain out left to right, each node right of its furthest caller', () => {
    const layout = layoutGraph(
      ['a', 'b', 'c', 'd'].map(node),
      [edge('a', 'b'), edge('b', 'c'), edge('a', 'c'), edge('c', 'd')],
      ['b'],
    );
    expect(columnsOf(layout)).toEqual({ a: 0, b: 1, c: 2, d: 3 });
  });

  it('keeps a cycle to two columns rather than pushing it right forever', () => {
    const layout = layoutGraph(
      ['a', 'b', 'self'].map(node),
      [edge('a', 'b'), edge('b', 'a'), edge('self', 'self')],
      ['a'],
    );
    expect(columnsOf(layout)).toEqual({ a: 0, b: 1, self: 0 });
  });

  it('draws a lone entity', () => {
    const layout = layoutGraph([node('quiet')], [], ['quiet']);
    expect(columnsOf(layout)).toEqual({ quiet: 0 });
    expect(layout.width).toBeGreaterThan(0);
  });

  it('moves a label down until it overlaps no other', () => {
    const nodes = ['a', 'b', 'c'].map(node);
    const edges = [edge('a', 'b'), edge('a', 'c')];
    const layout = layoutGraph(nodes, edges, ['a']);
    const [first, second] = layoutEdges(edges, layout);
    expect(first.labelX).toBe(second.labelX);
    expect(Math.abs(second.labelY - first.labelY)).toBeGreaterThanOrEqual(30);
  });

  it('puts each node beside its callers, so calls cross less', () => {
    const layout = layoutGraph(
      ['a', 'b', 'x', 'y'].map(node),
      [edge('a', 'y'), edge('b', 'x')],
      [],
    );
    // By title x would come first; by caller, y (called by a, row 0) does.
    expect(layout.nodes.get('y')!.y).toBeLessThan(layout.nodes.get('x')!.y);
  });
});
