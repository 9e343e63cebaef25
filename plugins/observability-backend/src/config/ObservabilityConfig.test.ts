import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from './ObservabilityConfig';

const read = (observability: unknown) =>
  readObservabilityConfig(new ConfigReader({ observability } as any));

describe('readObservabilityConfig', () => {
  it('reads clusters, defaults and limits', () => {
    const config = read({
      defaultCluster: 'prod',
      clusters: [
        {
          name: 'prod',
          prometheus: {
            url: 'https://mimir.example.com/prometheus/',
            headers: { 'X-Scope-OrgID': 'shop' },
            token: 's3cret',
          },
          grafana: {
            url: 'http://grafana:3000',
            externalUrl: 'https://grafana.example.com',
          },
        },
        { name: 'dev', alertmanager: { url: 'http://am:9093' } },
      ],
      limits: { maxRange: '7d', queryTimeout: '5s' },
    });

    expect(config.defaultCluster).toBe('prod');
    const prometheus = config.clusters.get('prod')!.upstreams.prometheus!;
    expect(prometheus.baseUrl).toBe('https://mimir.example.com/prometheus');
    expect(prometheus.headers).toEqual({
      'X-Scope-OrgID': 'shop',
      Authorization: 'Bearer s3cret',
    });
    // Mimir serves readiness at its root only, not under /prometheus.
    expect(prometheus.healthPath).toBe('/api/v1/query?query=vector(1)');
    expect(config.clusters.get('prod')!.upstreams.grafana!.externalUrl).toBe(
      'https://grafana.example.com',
    );
    expect(config.limits).toEqual({
      maxRangeMs: 7 * 86_400_000,
      maxPointsPerSeries: 1100,
      queryTimeoutMs: 5_000,
      maxConcurrencyPerUpstream: 8,
      maxQueuedPerCaller: 256,
    });
    expect(config.defaults.prometheusSelector).toContain('{{kubernetesId}}');
  });

  it.each([
    ['no limits block', undefined],
    ['a limits block without queryTimeout', { maxRange: '7d' }],
  ])('times upstream queries out after 15 s with %s', (_, limits) => {
    const config = read({
      clusters: [{ name: 'one', prometheus: { url: 'http://p:9090' } }],
      ...(limits ? { limits } : {}),
    });
    expect(config.limits.queryTimeoutMs).toBe(15_000);
    expect(config.limits.maxRangeMs).toBe(
      limits ? 7 * 86_400_000 : 31 * 86_400_000,
    );
    expect(config.limits.maxPointsPerSeries).toBe(1100);
  });

  it.each([
    ['http://prometheus:9090', undefined, '/-/ready'],
    ['http://prometheus:9090/', undefined, '/-/ready'],
    ['https://mimir/prometheus', undefined, '/api/v1/query?query=vector(1)'],
    [
      'http://vmselect/select/0/prometheus/',
      undefined,
      '/api/v1/query?query=vector(1)',
    ],
    ['https://mimir/prometheus', '/ready', '/ready'],
  ])(
    'probes Prometheus at %s (healthPath %s) with %s',
    (url, healthPath, expected) => {
      const config = read({
        clusters: [{ name: 'c', prometheus: { url, healthPath } }],
      });
      expect(config.clusters.get('c')!.upstreams.prometheus!.healthPath).toBe(
        expected,
      );
    },
  );

  it('reads basicAuth into a Basic Authorization header and keeps caData', () => {
    const config = read({
      clusters: [
        {
          name: 'one',
          tempo: {
            url: 'https://tempo:3200',
            basicAuth: { username: 'u', password: 'p:w' },
            caData:
              '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
          },
        },
      ],
    });
    const tempo = config.clusters.get('one')!.upstreams.tempo!;
    expect(tempo.headers).toEqual({
      Authorization: `Basic ${Buffer.from('u:p:w').toString('base64')}`,
    });
    expect(tempo.caData).toContain('BEGIN CERTIFICATE');
  });

  it('moves credentials out of the URL into a header', () => {
    const config = read({
      clusters: [
        { name: 'one', loki: { url: 'http://user:p%40ss@loki:3100' } },
      ],
    });
    const loki = config.clusters.get('one')!.upstreams.loki!;
    expect(loki.baseUrl).toBe('http://loki:3100');
    expect(loki.headers.Authorization).toBe(
      `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
    );
    expect(config.defaultCluster).toBe('one');
  });

  it.each([
    [{ clusters: [] }, "'observability.clusters'"],
    [
      { clusters: [{ name: 'a', prometheus: { url: 'not a url' } }] },
      "'observability.clusters[0].prometheus.url': 'not a url' is not a URL",
    ],
    [
      { clusters: [{ name: 'a', prometheus: { url: 'ftp://x' } }] },
      'must be an http or https URL',
    ],
    [
      { clusters: [{ name: 'a' }, { name: 'a' }] },
      "'observability.clusters[1].name': cluster 'a' is configured twice",
    ],
    [
      { clusters: [{ name: 'a' }, { name: 'b' }] },
      "'observability.defaultCluster': required",
    ],
    [
      { defaultCluster: 'c', clusters: [{ name: 'a' }] },
      "'c' is not one of the configured clusters (a)",
    ],
    [
      {
        clusters: [
          {
            name: 'a',
            tempo: { url: 'http://t' },
            jaeger: { url: 'http://j' },
          },
        ],
      },
      'either tempo or jaeger',
    ],
    [
      { clusters: [{ name: 'a' }], limits: { maxRange: '31 days' } },
      "'observability.limits.maxRange': '31 days' is not a duration",
    ],
    [
      { clusters: [{ name: 'a' }], limits: { maxPointsPerSeries: 50_000 } },
      'from 10 to 11000',
    ],
    [
      { clusters: [{ name: 'a' }], limits: { maxQueuedPerCaller: 0.5 } },
      "'observability.limits.maxQueuedPerCaller': 0.5 must be a whole number",
    ],
    [
      {
        clusters: [
          {
            name: 'a',
            kubernetes: { url: 'https://k8s', authProvider: 'magic' },
          },
        ],
      },
      "'magic' is not one of",
    ],
    [{ clusters: [{ name: 'a b' }] }, "'observability.clusters[0].name'"],
    [
      { clusters: [{ name: 'a' }], alerts: { scopeOnlyLabels: ['k8s-ns'] } },
      "'observability.alerts.scopeOnlyLabels': 'k8s-ns' is not a label name",
    ],
  ])('refuses %j naming the key', (observability, message) => {
    expect(() => read(observability)).toThrow(message);
  });
});
