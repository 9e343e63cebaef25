import { engineOf } from './PromEngineDetector';

/** `/api/v1/status/buildinfo` data as each engine answers it. */
const PROMETHEUS = {
  version: '2.42.0+ds',
  revision: '2.42.0+ds-5+deb12u1',
  branch: 'debian/sid',
  buildUser: 'team+pkg-go@tracker.debian.org',
  buildDate: '20260604-00:58:54',
  goVersion: 'go1.19.8',
};
const MIMIR = {
  application: 'Grafana Mimir',
  version: '2.10.0',
  revision: 'a1b2c3d',
  branch: 'release-2.10',
  goVersion: 'go1.21.1',
  features: { ruler_config_api: 'true', alertmanager_config_api: 'true' },
};

describe('engineOf', () => {
  it.each([
    [
      'Prometheus by its build fields',
      { data: PROMETHEUS, headers: ['content-type'], thanosStores: false },
      { kind: 'prometheus', version: '2.42.0+ds' },
    ],
    [
      'Mimir by the application it names',
      { data: MIMIR, headers: ['content-type'], thanosStores: false },
      { kind: 'mimir', version: '2.10.0' },
    ],
    [
      'Thanos Query by its stores API',
      { data: PROMETHEUS, headers: ['content-type'], thanosStores: true },
      { kind: 'thanos', version: '2.42.0+ds' },
    ],
    [
      'VictoriaMetrics 1.79 by its empty buildinfo and its header',
      { data: {}, headers: ['x-server-hostname'], thanosStores: false },
      { kind: 'victoriametrics' },
    ],
    [
      'VictoriaMetrics, not the Prometheus version it imitates',
      { data: { version: '2.24.0' }, headers: [], thanosStores: false },
      { kind: 'victoriametrics' },
    ],
    [
      'nothing it does not say',
      { headers: [], thanosStores: false },
      { kind: 'unknown' },
    ],
  ])('recognises %s', (_what, signals, expected) => {
    expect(engineOf(signals)).toEqual(expected);
  });
});
