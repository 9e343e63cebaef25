import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from './ObservabilityConfig';

const read = (cluster: object) =>
  readObservabilityConfig(
    new ConfigReader({
      observability: { clusters: [{ name: 'prod', ...cluster }] },
    } as any),
  ).clusters.get('prod')!.upstreams;

describe('externalUrl: the URL browsers open', () => {
  it.each(['prometheus', 'alertmanager', 'jaeger', 'grafana'] as const)(
    'reads %s.externalUrl: trailing slash trimmed, credentials dropped',
    kind => {
      const upstreams = read({
        [kind]: {
          url: `http://${kind}.monitoring.svc:9093`,
          externalUrl: `https://viewer:secret@${kind}.example.com/ui/`,
        },
      });
      expect(upstreams[kind]!.externalUrl).toBe(
        `https://${kind}.example.com/ui`,
      );
      // The backend still reaches it at the in-cluster address.
      expect(upstreams[kind]!.baseUrl).toBe(
        `http://${kind}.monitoring.svc:9093`,
      );
    },
  );

  it.each(['prometheus', 'alertmanager', 'jaeger', 'grafana'] as const)(
    "defaults %s's to its url, without the url's credentials",
    kind => {
      const upstreams = read({
        [kind]: { url: 'http://admin:hunter2@127.0.0.1:9093/prefix/' },
      });
      expect(upstreams[kind]!.externalUrl).toBe('http://127.0.0.1:9093/prefix');
      expect(upstreams[kind]!.headers.Authorization).toMatch(/^Basic /);
    },
  );

  it.each([
    ['ftp://am.example.com', 'must be an http or https URL'],
    ['am.example.com', 'is not a URL'],
    ['https://am.example.com/?org=1', "without '?' or '#'"],
    ['https://am.example.com/#/alerts', "without '?' or '#'"],
    ['https://am.example.com?', "without '?' or '#'"],
  ])('refuses externalUrl %s, naming the key', (externalUrl, problem) => {
    const readIt = () =>
      read({ alertmanager: { url: 'http://am:9093', externalUrl } });
    expect(readIt).toThrow(
      "Invalid observability config at 'observability.clusters[0].alertmanager.externalUrl'",
    );
    expect(readIt).toThrow(problem);
  });

  it.each([
    'https://u:topsecret@jaeger.example.com/?x',
    'ftp://u:topsecret@jaeger.example.com',
    'https://u:topsecret@jaeger example.com',
  ])(
    'never echoes the credentials of a refused externalUrl (%s)',
    externalUrl => {
      const readIt = () =>
        read({ jaeger: { url: 'http://jaeger:16686', externalUrl } });
      expect(readIt).toThrow("'observability.clusters[0].jaeger.externalUrl'");
      expect(readIt).not.toThrow(/topsecret/);
    },
  );

  it.each([
    ['loki', 'Loki has no UI of its own'],
    ['tempo', 'Tempo has no UI of its own'],
    ['kubernetes', 'nothing links users to the Kubernetes API'],
  ])(
    'refuses %s.externalUrl, which no link would use, naming the key',
    (kind, problem) => {
      const readIt = () =>
        read({
          [kind]: { url: `http://${kind}:80`, externalUrl: 'https://x.io' },
        });
      expect(readIt).toThrow(
        `Invalid observability config at 'observability.clusters[0].${kind}.externalUrl'`,
      );
      expect(readIt).toThrow(problem);
    },
  );

  it('sets no externalUrl on upstreams without a UI', () => {
    const upstreams = read({
      loki: { url: 'http://loki:3100' },
      tempo: { url: 'http://tempo:3200' },
    });
    expect(upstreams.loki!.externalUrl).toBeUndefined();
    expect(upstreams.tempo!.externalUrl).toBeUndefined();
  });
});
