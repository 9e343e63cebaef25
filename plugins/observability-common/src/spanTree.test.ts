import { buildSpanTree, traceStats } from './spanTree';
import { TraceSpan } from './traces';

function span(
  spanId: string,
  parentSpanId: string | undefined,
  startMs: number,
): TraceSpan {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    service: 'svc',
    name: `op ${spanId}`,
    kind: 'internal',
    startMs,
    startUnixNano: String(startMs * 1e6),
    durationMs: 1,
    status: { code: 'unset' },
    attributes: {},
    resource: {},
    events: [],
  };
}

describe('traceStats', () => {
  it('spans the earliest start to the latest end', () => {
    const spans: TraceSpan[] = [
      {
        ...span('pay', 'client', 1020),
        service: 'payments',
        durationMs: 5,
        status: { code: 'error' },
      },
      { ...span('root', undefined, 1000), service: 'checkout', durationMs: 50 },
      { ...span('client', 'root', 1010), service: 'checkout', durationMs: 60 },
    ];
    expect(traceStats(spans)).toEqual({
      startMs: 1000,
      endMs: 1070,
      durationMs: 70,
      services: [
        { name: 'checkout', spanCount: 2, errorCount: 0 },
        { name: 'payments', spanCount: 1, errorCount: 1 },
      ],
    });
    expect(traceStats([]).durationMs).toBe(0);
  });
});

describe('buildSpanTree', () => {
  it('orders depth-first with siblings by start time', () => {
    const tree = buildSpanTree([
      span('c2', 'r', 30),
      span('g1', 'c1', 15),
      span('r', undefined, 0),
      span('c1', 'r', 10),
    ]);
    expect(tree.spans.map(s => [s.spanId, s.depth, s.childSpanIds])).toEqual([
      ['r', 0, ['c1', 'c2']],
      ['c1', 1, ['g1']],
      ['g1', 2, []],
      ['c2', 1, []],
    ]);
    expect(tree.rootSpanIds).toEqual(['r']);
    expect(tree.problems).toEqual([]);
  });

  it('makes spans with a missing parent roots and says so', () => {
    const tree = buildSpanTree([
      span('1111111111111111', '2222222222222222', 0),
      span('3333333333333333', '1111111111111111', 1),
    ]);
    expect(tree.rootSpanIds).toEqual(['1111111111111111']);
    expect(tree.spans[0].problem).toBe('missing-parent');
    expect(tree.problems).toEqual([
      expect.objectContaining({
        spanId: '1111111111111111',
        kind: 'missing-parent',
      }),
    ]);
    expect(tree.spans[1]).toMatchObject({
      spanId: '3333333333333333',
      depth: 1,
    });
  });

  it('cuts cycles at their earliest span and keeps every span once', () => {
    const tree = buildSpanTree([
      span('r', undefined, 0),
      span('a', 'c', 5),
      span('b', 'a', 6),
      span('c', 'b', 7),
      span('d', 'c', 8),
      span('self', 'self', 9),
    ]);
    expect(tree.spans.map(s => s.spanId).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'r', 'self'].sort(),
    );
    expect(tree.rootSpanIds).toEqual(['r', 'self', 'a']);
    expect(tree.spans.find(s => s.spanId === 'a')).toMatchObject({
      depth: 0,
      problem: 'cycle',
      childSpanIds: ['b'],
    });
    expect(tree.spans.find(s => s.spanId === 'c')?.childSpanIds).toEqual(['d']);
    expect(tree.problems.map(p => [p.spanId, p.kind])).toEqual([
      ['self', 'cycle'],
      ['a', 'cycle'],
    ]);
  });

  it('keeps spans sharing an id apart and drops exact repeats', () => {
    const first = span('x', undefined, 0);
    const other = { ...span('x', undefined, 1), name: 'other' };
    const tree = buildSpanTree([first, { ...first }, other, span('y', 'x', 2)]);
    expect(tree.spans.map(s => s.spanId)).toEqual(['x', 'y', 'x#2']);
    expect(tree.problems).toEqual([
      expect.objectContaining({ spanId: 'x#2', kind: 'duplicate-id' }),
    ]);
  });

  it('builds 10,000 spans quickly, as a bushy tree and as one chain', () => {
    const bushy = [span('s0', undefined, 0)];
    for (let i = 1; i < 10_000; i++) {
      bushy.push(span(`s${i}`, `s${Math.floor((i - 1) / 7)}`, 10_000 - i));
    }
    const chain = [span('c0', undefined, 0)];
    for (let i = 1; i < 10_000; i++) chain.push(span(`c${i}`, `c${i - 1}`, i));
    const loop = chain.map((s, i) =>
      i === 0 ? { ...s, parentSpanId: 'c9999' } : s,
    );

    for (const spans of [bushy, chain.reverse(), loop]) {
      const started = performance.now();
      const tree = buildSpanTree(spans);
      const elapsed = performance.now() - started;
      expect(tree.spans).toHaveLength(10_000);
      expect(new Set(tree.spans.map(s => s.spanId)).size).toBe(10_000);
      expect(elapsed).toBeLessThan(250);
    }
    expect(buildSpanTree(chain).spans[9_999].depth).toBe(9_999);
    expect(buildSpanTree(loop).rootSpanIds).toEqual(['c0']);
  });
});
