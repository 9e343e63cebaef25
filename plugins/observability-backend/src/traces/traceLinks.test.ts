import {
  TelemetryTarget,
  TraceSpan,
} from '@sightline/plugin-observability-common';
import { upstreamClients } from '../__testUtils__/upstreamClients';
import { JaegerTraceBackend } from './jaeger/JaegerTraceBackend';
import { TempoTraceBackend } from './tempo/TempoTraceBackend';
import { TracesService } from './TracesService';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const http = (kind: 'jaeger' | 'tempo', upstream: object) =>
  upstreamClients({ name: 'prod', [kind]: upstream })(kind);

const spans: TraceSpan[] = [
  {
    traceId: TRACE_ID,
    spanId: 'a000000000000001',
    service: 'checkout',
    name: 'POST /api/checkout',
    kind: 'server',
    startMs: 1_000,
    startUnixNano: '1000000000',
    durationMs: 40,
    status: { code: 'ok' },
    attributes: {},
    resource: { 'service.name': 'checkout' },
    events: [],
  },
];

const target: TelemetryTarget = {
  entityRef: 'component:default/checkout',
  cluster: 'prod',
  traces: { serviceName: 'checkout' },
  dashboards: { uids: [], tags: [] },
  problems: [],
};

const service = new TracesService({ logsMarginMs: 60_000, now: () => 1e12 });

describe('links to a trace in its store', () => {
  it("links Jaeger's UI at jaeger.externalUrl when set", async () => {
    const jaeger = new JaegerTraceBackend(
      http('jaeger', {
        url: 'http://jaeger-query.tracing.svc:16686',
        externalUrl: 'https://jaeger.example.com/',
      }),
    );
    jest.spyOn(jaeger, 'trace').mockResolvedValue(spans);
    const trace = await service.trace(jaeger, target, TRACE_ID);
    expect(trace.jaegerUrl).toBe(
      `https://jaeger.example.com/trace/${TRACE_ID}`,
    );
  });

  it("links Jaeger's UI at jaeger.url otherwise", async () => {
    const jaeger = new JaegerTraceBackend(
      http('jaeger', { url: 'http://127.0.0.1:16686/' }),
    );
    jest.spyOn(jaeger, 'trace').mockResolvedValue(spans);
    const trace = await service.trace(jaeger, target, TRACE_ID);
    expect(trace.jaegerUrl).toBe(`http://127.0.0.1:16686/trace/${TRACE_ID}`);
  });

  it('gives no store link for Tempo, which has no UI of its own', async () => {
    const tempo = new TempoTraceBackend(
      http('tempo', { url: 'http://tempo:3200' }),
    );
    jest.spyOn(tempo, 'trace').mockResolvedValue(spans);
    const trace = await service.trace(tempo, target, TRACE_ID);
    expect(trace).not.toHaveProperty('jaegerUrl');
    expect(JSON.stringify(trace)).not.toContain('tempo:3200');
  });
});
