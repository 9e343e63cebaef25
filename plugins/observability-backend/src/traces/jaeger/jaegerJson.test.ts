import fs from 'node:fs';
import path from 'node:path';
import { jaegerTracesToSummaries, jaegerTraceToSpans } from './jaegerJson';

const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(__dirname, '__fixtures__', name), 'utf8'),
  );

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

  it("takes a trace's status from its root span, not from a failed span under it", () => {
    const [trace] = fixture('jaeger-trace.json').data;
    const [root, retried] = trace.spans;
    const failureTags = (tags: { key: string }[]) =>
      tags.filter(t => ['error', 'otel.status_code'].includes(t.key));
    // The call failed and was retried; the request itself succeeded.
    retried.tags.push(...failureTags(root.tags));
    root.tags = root.tags.filter(
      (t: { key: string }) => !failureTags([t]).length,
    );
    const [summary] = jaegerTracesToSummaries([trace], 'kbot');
    expect(summary).toMatchObject({ status: 'ok', errorCount: 1 });

    trace.spans = [retried];
    const [rootless] = jaegerTracesToSummaries([trace], 'kbot');
    expect(rootless.status).toBe('unknown');
  });
});
