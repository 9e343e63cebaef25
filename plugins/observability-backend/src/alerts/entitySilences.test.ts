import { TelemetryTarget } from '@sightline/plugin-observability-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { clusterClients } from '../__testUtils__/upstreamClients';
import { AlertsService } from './AlertsService';

/**
 * Which silences checkout's Alerts section lists when none of its alerts
 * fires, so Alertmanager says nothing about what mutes them: the silences'
 * matchers are tested against the labels of checkout's rules (those whose
 * labels carry checkout's matchers, as the alerts route finds them). Alertmanager
 * and Prometheus are one small HTTP server answering their API v2 and
 * /api/v1/rules shapes.
 */
describe("the silences of an entity whose alerts don't fire", () => {
  let server: Server;
  const silence = (
    id: string,
    matchers: Record<string, string>,
    comment: string,
    state = 'active',
  ) => ({
    id,
    matchers: Object.entries(matchers).map(([name, value]) => ({
      name,
      value,
      isRegex: false,
      isEqual: true,
    })),
    startsAt: `2026-11-22T0${id}:00:00Z`,
    endsAt: '2099-01-01T00:00:00Z',
    createdBy: 'someone',
    comment,
    status: { state },
  });
  const SILENCES = [
    silence('1', { namespace: 'shop', alertname: 'CheckoutDown' }, 'rule'),
    silence('2', { namespace: 'shop' }, 'namespace'),
    silence('3', { namespace: 'shop', alertname: 'CartDown' }, 'other rule'),
    silence('4', { service: 'payments' }, 'other service'),
    silence(
      '5',
      { alertname: 'Gone' },
      'own [sightline.dev/entity=component:default/checkout]',
    ),
    silence(
      '6',
      { service: 'checkout' },
      'old [sightline.dev/entity=component:default/checkout]',
      'expired',
    ),
  ];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      res.setHeader('content-type', 'application/json');
      if (path === '/api/v2/alerts') res.end('[]');
      else if (path === '/api/v2/silences') res.end(JSON.stringify(SILENCES));
      else if (path === '/api/v1/rules') {
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              groups: [
                {
                  name: 'shop',
                  rules: [
                    {
                      type: 'alerting',
                      name: 'CheckoutDown',
                      query: 'up{service="checkout"} == 0',
                      labels: {
                        namespace: 'shop',
                        service: 'checkout',
                        severity: 'page',
                      },
                      state: 'inactive',
                      health: 'ok',
                      alerts: [],
                    },
                    {
                      type: 'alerting',
                      name: 'CartDown',
                      query: 'up{service="cart"} == 0',
                      labels: {
                        namespace: 'shop',
                        service: 'cart',
                        severity: 'page',
                      },
                      state: 'inactive',
                      health: 'ok',
                      alerts: [],
                    },
                  ],
                },
              ],
            },
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('lists those that would mute its rules, the namespace-wide one and its own; not others, not expired', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const clients = clusterClients({
      name: 'local',
      alertmanager: { url },
      prometheus: { url },
    });
    const target: TelemetryTarget = {
      entityRef: 'component:default/checkout',
      cluster: 'local',
      traces: { serviceName: 'checkout' },
      alerts: {
        matchers: [
          { name: 'namespace', op: '=', value: 'shop' },
          { name: 'service', op: '=', value: 'checkout' },
        ],
      },
      dashboards: { uids: [], tags: [] },
      problems: [],
    };
    const silences = await new AlertsService(clients).silences(target);
    expect(silences.map(s => [s.comment, s.createdFrom])).toEqual([
      ['own', 'component:default/checkout'],
      ['namespace', undefined],
      ['rule', undefined],
    ]);
  });
});
