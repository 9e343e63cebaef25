import { MonitoringInputError } from './errors';
import { parseMonitoringOptions } from './options';

function problemsOf(raw: unknown): string[] {
  try {
    parseMonitoringOptions(raw);
  } catch (e) {
    if (e instanceof MonitoringInputError) return e.problems;
    throw e;
  }
  throw new Error('expected the options to be refused');
}

describe('parseMonitoringOptions', () => {
  it('accepts every option of the right type', () => {
    const options = {
      prometheusOperator: {
        ruleLabels: { release: 'kube-prometheus-stack' },
        monitorLabels: { prometheus: 'main' },
      },
      monitor: {
        kind: 'PodMonitor',
        port: 'http',
        path: '/metrics',
        interval: '15s',
        scheme: 'https',
        namespace: 'monitoring',
      },
      rules: {
        namespace: 'monitoring',
        runbookBaseUrl: 'https://runbooks.example.com',
        errorRatioThreshold: 0.01,
        latencyThresholdSeconds: 0.5,
        interval: '1m',
      },
      dashboard: {
        delivery: {
          type: 'grafana-operator',
          namespace: 'grafana',
          instanceSelector: { dashboards: 'grafana' },
          folder: 'Shop',
          allowCrossNamespaceImport: true,
        },
        datasources: { prometheus: 'prom', loki: 'loki', tempo: 'tempo' },
      },
      directory: 'deploy/monitoring',
    };
    expect(parseMonitoringOptions(options)).toEqual(options);
    expect(parseMonitoringOptions(undefined)).toEqual({});
  });

  it('names every field of the wrong type (issue 13: these were 500s)', () => {
    expect(
      problemsOf({
        directory: 5,
        monitor: {
          path: 1,
          interval: 30,
          namespace: null,
          scheme: 'ftp',
        },
        rules: { runbookBaseUrl: [], interval: {}, errorRatioThreshold: '5' },
        dashboard: { delivery: { type: 'configmap', labels: { team: 1 } } },
      }),
    ).toEqual([
      "'options.monitor.path' expected string, received number",
      "'options.monitor.interval' expected string, received number",
      "'options.monitor.scheme' invalid enum value. Expected 'http' | 'https', received 'ftp'",
      "'options.monitor.namespace' expected string, received null",
      "'options.rules.runbookBaseUrl' expected string, received array",
      "'options.rules.errorRatioThreshold' expected number, received string",
      "'options.rules.interval' expected string, received object",
      "'options.dashboard.delivery.labels.team' expected string, received number",
      "'options.directory' expected string, received number",
    ]);
    expect(problemsOf(5)).toEqual([
      "'options' expected object, received number",
    ]);
  });

  it('says a port is given by name when it gets a number', () => {
    expect(problemsOf({ monitor: { port: 8080 } })).toEqual([
      '\'options.monitor.port\' expected string, received number: the NAME of the port that serves metrics, e.g. "metrics" or "http", never its number',
    ]);
  });

  it('refuses unknown fields, keys no object can hold, and unbounded text', () => {
    // Parsed from text, as a request body is: `__proto__` is then an own key.
    const raw = JSON.parse(
      JSON.stringify({
        monitr: {},
        monitor: { constructor: { prototype: {} } },
        prometheusOperator: { ruleLabels: { PROTO: 'x', 'bad key!': 'x' } },
        dashboard: { delivery: { type: 'sidecar' } },
        directory: 'x'.repeat(256),
      }).replace('PROTO', '__proto__'),
    );
    expect(problemsOf(raw)).toEqual([
      "'options.prometheusOperator.ruleLabels.__proto__' is not a Kubernetes label key",
      "'options.prometheusOperator.ruleLabels.bad key!' is not a Kubernetes label key",
      "'options.monitor.constructor' is not a monitoring option",
      "'options.dashboard.delivery.type' invalid discriminator value. Expected 'configmap' | 'grafana-operator' | 'none'",
      "'options.directory' string must contain at most 255 character(s)",
      "'options.monitr' is not a monitoring option",
    ]);
  });
});
