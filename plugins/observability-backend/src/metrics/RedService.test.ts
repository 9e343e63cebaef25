import { TelemetryTarget } from '@sightline/plugin-observability-common';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { RedService, toSeries } from './RedService';

describe('toSeries', () => {
  it('gives milliseconds and five significant digits, dropping NaN and infinities', () => {
    expect(
      toSeries([
        {
          metric: { status: '200' },
          values: [
            [1_700_000_000, '0.0002960331557134399'],
            [1_700_000_015, '12345.678'],
            [1_700_000_030, 'NaN'],
            [1_700_000_045, '+Inf'],
            [1_700_000_060, '0'],
          ],
        },
      ]),
    ).toEqual([
      {
        labels: { status: '200' },
        points: [
          [1_700_000_000_000, 0.00029603],
          [1_700_000_015_000, 12346],
          [1_700_000_060_000, 0],
        ],
      },
    ]);
  });
});

describe('RedService.red', () => {
  const target: TelemetryTarget = {
    entityRef: 'component:default/checkout',
    cluster: 'local',
    metrics: {
      matchers: [{ name: 'service', op: '=', value: 'checkout' }],
      selector: 'service="checkout"',
      dialect: {
        id: 'prometheus-http',
        title: 'Prometheus HTTP',
        source: 'detected',
        requestMetric: 'http_requests_total',
        errorMatchers: [[{ name: 'status', op: '=~', value: '5..' }]],
        requestMatchers: [],
        durationMetric: 'http_request_duration_seconds',
        durationUnit: 'seconds',
        routeLabel: 'route',
      },
    },
    traces: { serviceName: 'checkout' },
    dashboards: { uids: [], tags: [] },
    problems: [],
  };
  const range = {
    start: 1_700_000_000_000,
    end: 1_700_003_600_000,
    stepMs: 15_000,
  };

  it('asks for the headline figures of each period in one instant query and reads each by its name', async () => {
    const instants: Array<{ query: string; timeMs: number }> = [];
    const prometheus = {
      range: jest.fn(async () => []),
      exemplars: jest.fn(async () => []),
      instant: jest.fn(async (query: string, timeMs: number) => {
        instants.push({ query, timeMs });
        const figure = (name: string, value: string) => ({
          metric: { sightline_figure: name },
          value: [timeMs / 1000, value] as [number, string],
        });
        // errorRatio is NaN (no requests), p99 missing altogether.
        return [
          figure('requestRate', timeMs === range.end ? '12.5' : '10'),
          figure('errorRatio', 'NaN'),
          figure('latencyP50', '0.05'),
          figure('latencyP95', '0.2'),
        ];
      }),
    } as unknown as PrometheusClient;

    const clients = {
      forCluster: () => ({ prometheus: () => prometheus }),
    } as unknown as UpstreamClients;
    const red = await new RedService(clients).red(target, range);

    expect(prometheus.range).toHaveBeenCalledTimes(5);
    expect(instants.map(i => i.timeMs)).toEqual([range.end, range.start]);
    for (const name of [
      'requestRate',
      'errorRatio',
      'latencyP50',
      'latencyP95',
      'latencyP99',
    ]) {
      expect(instants[0].query).toContain(`"sightline_figure", "${name}"`);
    }
    expect(red.summary).toEqual({
      requestRate: 12.5,
      errorRatio: undefined,
      latencyP50: 0.05,
      latencyP95: 0.2,
      latencyP99: undefined,
    });
    expect(red.previous.requestRate).toBe(10);
  });
});
