import fs from 'node:fs';
import path from 'node:path';
import {
  buildSpanTree,
  jaegerTraceToSpans,
  jaegerTracesToSummaries,
  normaliseTraceId,
  tempoSearchToSummaries,
  tempoTraceToSpans,
  traceStats,
} from './traceTransforms';
import { TraceSpan } from './traces';

const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(__dirname, '__fixtures__', name), 'utf8'),
  );

describe('normaliseTraceId', () => {
  it('reads hex, base64 and trimmed hex', () => {
    expect(normaliseTraceId('B8C690F0435D95E371EB87EB9F578CB7')).toBe(
      'b8c690f0435d95e371eb87eb9f578cb7',
    );
    expect(normaliseTraceId('uMaQ8ENdleNx64frn1eMtw==')).toBe(
      'b8c690f0435d95e371eb87eb9f578cb7',
    );
    expect(normaliseTraceId('Mdv6b1bxrq4=', 'span')).toBe('31dbfa6f56f1aeae');
    expect(normaliseTraceId('d6e9329d67b6146')).toBe('0d6e9329d67b6146');
    expect(normaliseTraceId('')).toBeUndefined();
    expect(normaliseTraceId('AAAAAAAAAAA=', 'span')).toBeUndefined();
    expect(normaliseTraceId('0000000000000000', 'span')).toBeUndefined();
  });
});

describe('tempoTraceToSpans', () => {
  it('reads the v1 answer: base64 ids, enum names, typed values, events', () => {
    const spans = tempoTraceToSpans(fixture('tempo-trace-v1.json'));
    expect(spans.map(s => [s.service, s.name, s.kind, s.status.code])).toEqual([
      ['checkout', 'POST /api/checkout', 'server', 'unset'],
      ['checkout', 'POST', 'client', 'unset'],
      ['payments', 'POST /api/payments', 'server', 'error'],
    ]);
    const [root, client, payments] = spans;
    expect(root).toMatchObject({
      traceId: 'b8c690f0435d95e371eb87eb9f578cb7',
      spanId: '31dbfa6f56f1aeae',
      startUnixNano: '1795307441157000000',
      startMs: 1795307441157,
      durationMs: 81.767,
      attributes: { 'server.port': 9101, 'http.route': '/api/checkout' },
      resource: { 'service.name': 'checkout', 'service.namespace': 'shop' },
    });
    expect(root.parentSpanId).toBeUndefined();
    expect(client.parentSpanId).toBe(root.spanId);
    expect(client.attributes).toMatchObject({
      'http.request.resend_count': 1,
      'retry.ratio': 0.5,
      tags: ['a', 'b'],
    });
    expect(client.events).toEqual([
      { timeMs: 1795307441158.3, name: 'retry', attributes: { attempt: 2 } },
    ]);
    expect(payments.parentSpanId).toBe(client.spanId);
    expect(payments.status).toEqual({
      code: 'error',
      message: 'payment provider unavailable',
    });
  });

  it('reads the v2 answer: hex ids, resourceSpans, instrumentationLibrarySpans, numeric codes', () => {
    const spans = tempoTraceToSpans(fixture('tempo-trace-v2.json'));
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({
      traceId: '00000000000000000a1b2c3d4e5f6071',
      spanId: '1111111111111111',
      parentSpanId: '2222222222222222',
      status: { code: 'ok' },
      attributes: { ok: true },
      resource: { deployment: { env: 'dev' } },
      durationMs: 15,
    });
    expect(spans[1].kind).toBe('client');
  });

  it('is total over junk', () => {
    expect(tempoTraceToSpans(undefined)).toEqual([]);
    expect(tempoTraceToSpans({ batches: [{}, { scopeSpans: [{}] }] })).toEqual(
      [],
    );
    expect(
      tempoTraceToSpans({
        batches: [{ scopeSpans: [{ spans: [{ name: 'no ids' }] }] }],
      }),
    ).toEqual([]);
  });
});

describe('tempoSearchToSummaries', () => {
  it('reads the documented example and newer fields', () => {
    const summaries = tempoSearchToSummaries(fixture('tempo-search.json'));
    expect(summaries.map(s => s.traceId)).toEqual([
      '0d6e9329d67b6146',
      '2f3e0cee77ae5dc9c17ade3689eb2e54',
      '1b1ba462b409200d1b1ba462b409200d',
    ]);
    const [partial, documented, old] = summaries;
    expect(documented).toMatchObject({
      rootService: 'shop-backend',
      rootName: 'update-billing',
      startMs: 1684778327699.392,
      durationMs: 557,
      status: 'unknown',
      matchedSpans: [
        {
          spanId: '563d623c76514f8e',
          startMs: 1684778327735.077,
          durationMs: 446.979497,
        },
      ],
    });
    expect(partial.rootService).toBeUndefined();
    expect(partial).toMatchObject({
      status: 'error',
      spanCount: 4,
      errorCount: 1,
      services: [
        { name: 'checkout', spanCount: 3, errorCount: 1 },
        { name: 'payments', spanCount: 1, errorCount: 0 },
      ],
    });
    expect(partial.matchedSpans.map(s => s.spanId)).toEqual([
      '0000000000000abc',
      '0000000000000def',
    ]);
    expect(old).toMatchObject({ durationMs: 0, status: 'unknown' });
  });
});

describe('jaegerTraceToSpans', () => {
  it('reads processes, references, typed tags and logs', () => {
    const [trace] = fixture('jaeger-trace.json').data;
    const spans = jaegerTraceToSpans(trace);
    expect(spans.map(s => [s.service, s.name, s.kind, s.parentSpanId])).toEqual(
      [
        ['kbot', 'POST /webhook', 'server', undefined],
        ['kbot', 'sendMessage', 'client', 'a000000000000001'],
        ['audit-log', 'audit', 'unspecified', 'a000000000000001'],
      ],
    );
    expect(spans[0]).toMatchObject({
      traceId: '7c1a4e2b9d3f5a6c',
      startMs: 1795307000000,
      startUnixNano: '1795307000000000000',
      durationMs: 152,
      status: { code: 'error', message: 'telegram API timeout' },
      attributes: {
        'http.route': '/webhook',
        'http.response.status_code': 500,
      },
      resource: {
        'service.name': 'kbot',
        'service.version': 'v1.0.5',
      },
      events: [
        {
          timeMs: 1795307000100,
          name: 'exception',
          attributes: { 'exception.message': 'context deadline exceeded' },
        },
      ],
    });
    // What the model has fields for does not stay an attribute.
    expect(spans[0].attributes).not.toHaveProperty('span.kind');
    expect(spans[0].attributes).not.toHaveProperty('error');
    expect(spans[1].attributes).toEqual({ retry: 1.5 });
  });

  it('summarises search results', () => {
    const [summary] = jaegerTracesToSummaries(
      fixture('jaeger-trace.json').data,
      'kbot',
    );
    expect(summary).toMatchObject({
      traceId: '7c1a4e2b9d3f5a6c',
      rootService: 'kbot',
      rootName: 'POST /webhook',
      startMs: 1795307000000,
      durationMs: 161,
      status: 'error',
      spanCount: 3,
      errorCount: 1,
      services: [
        { name: 'audit-log', spanCount: 1, errorCount: 0 },
        { name: 'kbot', spanCount: 2, errorCount: 1 },
      ],
    });
    expect(summary.matchedSpans.map(s => s.name)).toEqual([
      'POST /webhook',
      'sendMessage',
    ]);
  });
});

describe('traceStats', () => {
  it('spans the earliest start to the latest end', () => {
    const spans = tempoTraceToSpans(fixture('tempo-trace-v1.json'));
    expect(traceStats(spans)).toEqual({
      startMs: 1795307441157,
      endMs: 1795307441238.767,
      durationMs: expect.closeTo(81.767, 3),
      services: [
        { name: 'checkout', spanCount: 2, errorCount: 0 },
        { name: 'payments', spanCount: 1, errorCount: 1 },
      ],
    });
    expect(traceStats([]).durationMs).toBe(0);
  });
});

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
    const tree = buildSpanTree(
      tempoTraceToSpans(fixture('tempo-trace-v2.json')),
    );
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
