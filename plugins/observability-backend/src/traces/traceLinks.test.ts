import {
  TelemetryTarget,
  TraceSpan,
} from '@sightline/plugin-observability-common';
import { clusterClients } from '../__testUtils__/upstreamClients';
import { TracesService } from './TracesService';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

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

/** The service on a cluster with only that trace store, which answers `spans`. */
function serviceWith(kind: 'jaeger' | 'tempo', upstream: object) {
  const clients = clusterClients({ name: 'prod', [kind]: upstream });
  jest
    .spyOn(clients.forCluster('prod').traces(), 'trace')
    .mockResolvedValue(spans);
  return new TracesService({ clients, logsMarginMs: 60_000, now: () => 1e12 });
}

const target: TelemetryTarget = {
  entityRef: 'component:default/checkout',
  cluster: 'prod',
  traces: { serviceName: 'checkout' },
  dashboards: { uids: [], tags: [] },
  problems: [],
};

describe('links to a trace in its store', () => {
  it("links Jaeger's UI at jaeger.externalUrl when set", async () => {
    const service = serviceWith('jaeger', {
      url: 'http://jaeger-query.tracing.svc:16686',
      externalUrl: 'https://jaeger.example.com/',
    });
    const trace = await service.trace(target, TRACE_ID);
    expect(trace.jaegerUrl).toBe(
      `https://jaeger.example.com/trace/${TRACE_ID}`,
    );
  });

  it("links Jaeger's UI at jaeger.url otherwise", async () => {
    const service = serviceWith('jaeger', { url: 'http://127.0.0.1:16686/' });
    const trace = await service.trace(target, TRACE_ID);
    expect(trace.jaegerUrl).toBe(`http://127.0.0.1:16686/trace/${TRACE_ID}`);
  });

  it('gives no store link for Tempo, which has no UI of its own', async () => {
    const service = serviceWith('tempo', { url: 'http://tempo:3200' });
    const trace = await service.trace(target, TRACE_ID);
    expect(trace).not.toHaveProperty('jaegerUrl');
    expect(JSON.stringify(trace)).not.toContain('tempo:3200');
  });
});
