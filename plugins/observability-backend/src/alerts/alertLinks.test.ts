import { TelemetryTarget } from '@sightline/plugin-observability-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { clusterClients } from '../__testUtils__/upstreamClients';
import { AlertsService } from './AlertsService';

/**
 * The links the Alerts panel gets, with Alertmanager and Prometheus answered
 * by one small HTTP server the backend reaches at 127.0.0.1 (its "in-cluster"
 * address), while browsers open them elsewhere (`externalUrl`).
 */
describe('links in alerts and silences', () => {
  let server: Server;
  let internal: string;
  const EXPR = 'sum(rate(errors{service="checkout"}[5m])) > 1';
  const GRAPH = `/graph?g0.expr=${encodeURIComponent(EXPR)}&g0.tab=1`;
  const silence = {
    id: 'b1d5e9c0-0000-4000-8000-000000000001',
    matchers: [
      { name: 'service', value: 'checkout', isRegex: false, isEqual: true },
    ],
    startsAt: '2026-11-22T01:00:00Z',
    endsAt: '2099-01-01T00:00:00Z',
    createdBy: 'user:default/alice',
    comment: 'Database migration',
    status: { state: 'active' },
  };
  const alert = (generatorURL: string) => ({
    labels: { alertname: 'HighErrorRate', service: 'checkout' },
    annotations: {},
    startsAt: '2026-11-22T02:17:44Z',
    endsAt: '2026-11-22T03:17:44Z',
    fingerprint: 'f1',
    generatorURL,
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      res.setHeader('content-type', 'application/json');
      if (path === '/api/v2/alerts') {
        res.end(
          JSON.stringify([
            // Prometheus's --web.external-url is the address the backend uses.
            alert(`${internal}${GRAPH}`),
            // Another Prometheus (or ruler) that set its own external URL.
            {
              ...alert(`https://other.example.com${GRAPH}`),
              fingerprint: 'f2',
            },
            // eslint-disable-next-line no-script-url -- a hostile generatorURL
            { ...alert('javascript:alert(1)'), fingerprint: 'f3' },
          ]),
        );
      } else if (path === '/api/v2/silences' && req.method === 'POST') {
        res.end(JSON.stringify({ silenceID: silence.id }));
      } else if (path === '/api/v2/silences') {
        res.end(JSON.stringify([silence]));
      } else if (path === `/api/v2/silence/${silence.id}`) {
        res.end(JSON.stringify(silence));
      } else if (path === '/api/v1/rules') {
        res.end(JSON.stringify({ status: 'success', data: { groups: [] } }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    internal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  function service(external: boolean) {
    const upstream = (externalUrl: string) => ({
      url: internal,
      ...(external ? { externalUrl } : {}),
    });
    return new AlertsService(
      clusterClients({
        name: 'prod',
        alertmanager: upstream('https://alerts.example.com/'),
        prometheus: upstream('https://prometheus.example.com/prom'),
      }),
    );
  }

  const target: TelemetryTarget = {
    entityRef: 'component:default/checkout',
    cluster: 'prod',
    traces: { serviceName: 'checkout' },
    alerts: { matchers: [{ name: 'service', op: '=', value: 'checkout' }] },
    dashboards: { uids: [], tags: [] },
    problems: [],
  };
  it('links at the externalUrls when they are set', async () => {
    const alerts = service(true);
    const response = await alerts.alerts(target);
    expect(response.alertmanagerUrl).toMatch(
      /^https:\/\/alerts\.example\.com\/#\/alerts\?/,
    );
    expect(response.alerts.map(a => a.generatorUrl)).toEqual([
      `https://prometheus.example.com/prom${GRAPH}`,
      `https://other.example.com${GRAPH}`,
      undefined,
    ]);
    expect(JSON.stringify(response)).not.toContain(internal);

    const silences = await alerts.silences(target);
    expect(silences.map(s => s.url)).toEqual([
      `https://alerts.example.com/#/silences/${silence.id}`,
    ]);
    const created = await alerts.createSilence(
      target,
      { comment: 'Database migration', durationMinutes: 60 },
      'user:default/alice',
    );
    expect(created.url).toBe(
      `https://alerts.example.com/#/silences/${silence.id}`,
    );
  });

  it('links at the urls otherwise', async () => {
    const alerts = service(false);
    const response = await alerts.alerts(target);
    expect(response.alertmanagerUrl).toMatch(
      new RegExp(`^${internal}/#/alerts\\?`),
    );
    expect(response.alerts[0].generatorUrl).toBe(`${internal}${GRAPH}`);
    const silences = await alerts.silences(target);
    expect(silences[0].url).toBe(`${internal}/#/silences/${silence.id}`);
  });
});
