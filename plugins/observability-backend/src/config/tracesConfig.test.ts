import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from './ObservabilityConfig';

const read = (observability: object) =>
  readObservabilityConfig(new ConfigReader({ observability }));

describe('observability.traces and grafana.datasources', () => {
  it('defaults the logs margin to 5 minutes and reads a configured one', () => {
    expect(read({ clusters: [{ name: 'a' }] }).traces.logsMarginMs).toBe(
      300_000,
    );
    expect(
      read({ clusters: [{ name: 'a' }], traces: { logsMargin: '90s' } }).traces
        .logsMarginMs,
    ).toBe(90_000);
  });

  it('refuses a margin that is not a duration or longer than a day', () => {
    expect(() =>
      read({ clusters: [{ name: 'a' }], traces: { logsMargin: 'soon' } }),
    ).toThrow("'observability.traces.logsMargin': 'soon' is not a duration");
    expect(() =>
      read({ clusters: [{ name: 'a' }], traces: { logsMargin: '2d' } }),
    ).toThrow('longer than a day');
  });

  it("reads Grafana's data source uids and refuses unknown kinds", () => {
    const grafana = (datasources: object) =>
      read({
        clusters: [
          { name: 'a', grafana: { url: 'http://grafana:3000', datasources } },
        ],
      }).clusters.get('a')!.upstreams.grafana!;
    expect(
      grafana({ loki: 'P8E80F9AEF21F6940', tempo: 'tempo' }).datasources,
    ).toEqual({
      loki: 'P8E80F9AEF21F6940',
      tempo: 'tempo',
    });
    expect(() => grafana({ elastic: 'x' })).toThrow(
      "'observability.clusters[0].grafana.datasources.elastic'",
    );
    expect(() => grafana({ loki: 'a b' })).toThrow(
      'is not a Grafana data source uid',
    );
  });

  it('drops credentials from the external URL, which browsers get', () => {
    const grafana = read({
      clusters: [
        {
          name: 'a',
          grafana: {
            url: 'http://grafana:3000',
            externalUrl: 'https://viewer:secret@grafana.example.com/g/',
          },
        },
      ],
    }).clusters.get('a')!.upstreams.grafana!;
    expect(grafana.externalUrl).toBe('https://grafana.example.com/g');
  });
});
