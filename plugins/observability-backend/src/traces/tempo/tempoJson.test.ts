import fs from 'node:fs';
import path from 'node:path';
import { tempoSearchToSummaries, tempoTraceToSpans } from './tempoJson';

const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(__dirname, '__fixtures__', name), 'utf8'),
  );

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
    // A failed span, and no root to say whether the request failed.
    expect(partial).toMatchObject({
      status: 'unknown',
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
