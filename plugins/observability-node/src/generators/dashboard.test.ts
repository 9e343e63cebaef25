import type {
  Dashboard,
  Panel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { goldenCases } from './__fixtures__/cases';
import { MonitoringInputError } from './errors';
import { dashboardUid } from './dashboard';
import { generateDashboard, generateMonitoring } from './generateMonitoring';
import { ConfigMapResource, GrafanaDashboardResource } from './types';

type Target = {
  expr?: string;
  query?: string;
  queryType?: string;
  datasource?: { type?: string; uid?: string };
};

function panels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []) as Panel[];
}

function targets(panel: Panel): Target[] {
  return (panel.targets ?? []) as Target[];
}

describe('Grafana dashboard', () => {
  const [kbot, myapp, n8n] = goldenCases();

  it('has a deterministic uid from the entity ref, within Grafana’s 40 characters', () => {
    expect(dashboardUid('component:default/kbot', 'kbot')).toBe(
      dashboardUid('Component:default/kbot', 'kbot'),
    );
    expect(dashboardUid('component:default/kbot', 'kbot')).not.toBe(
      dashboardUid('component:other/kbot', 'kbot'),
    );
    const long = dashboardUid(
      `component:default/${'x'.repeat(100)}`,
      'x'.repeat(100),
    );
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-z0-9-]+$/);
    expect(generateDashboard(kbot.input, kbot.options).uid).toBe(
      dashboardUid('component:default/kbot', 'kbot'),
    );
  });

  it('has RED, latency, SLO, logs and traces panels for the entity’s dialect', () => {
    const dashboard = generateDashboard(kbot.input, kbot.options);
    expect(panels(dashboard).map(p => [p.type, p.title])).toEqual([
      ['row', 'Requests, errors, latency (Custom (kbot_messages_total))'],
      ['timeseries', 'Request rate'],
      ['timeseries', 'Error ratio'],
      ['timeseries', 'Latency'],
      ['row', 'Service level objectives'],
      ['stat', 'Error budget remaining — availability'],
      ['timeseries', 'Burn rate — availability'],
      ['stat', 'Error budget remaining — latency'],
      ['timeseries', 'Burn rate — latency'],
      ['row', 'Logs and traces'],
      ['logs', 'Logs'],
      ['table', 'Traces'],
    ]);
    const byTitle = (title: string) =>
      panels(dashboard).find(p => p.title === title)!;
    expect(targets(byTitle('Request rate'))[0].expr).toBe(
      'sum(rate(kbot_messages_total{namespace="$namespace", job="kbot"}[$__rate_interval]))',
    );
    expect(targets(byTitle('Latency')).map(t => t.expr)).toEqual(
      [0.5, 0.95, 0.99].map(
        q =>
          `histogram_quantile(${q}, sum by (le) (rate(kbot_message_processing_duration_seconds_bucket{namespace="$namespace", job="kbot"}[$__rate_interval])))`,
      ),
    );
    expect(
      targets(byTitle('Error budget remaining — availability'))[0].expr,
    ).toBe(
      'slo:period_error_budget_remaining:ratio{sloth_id="kbot-availability", sloth_service="kbot", sloth_slo="availability"}',
    );
    // Logs from the entity's sightline.dev/log-selector, traces by service.name.
    expect(targets(byTitle('Logs'))[0]).toMatchObject({
      expr: '{namespace="$namespace", container="kbot"}',
      datasource: { type: 'loki', uid: '${loki}' },
    });
    expect(targets(byTitle('Traces'))[0]).toMatchObject({
      query: '{ resource.service.name = "kbot" }',
      queryType: 'traceql',
      datasource: { type: 'tempo', uid: '${tempo}' },
    });
  });

  it('has datasource and namespace template variables', () => {
    const dashboard = generateDashboard(myapp.input, myapp.options);
    const variables = (dashboard.templating?.list ?? []).map(v => [
      v.name,
      v.type,
      v.query,
      v.current?.value,
    ]);
    expect(variables).toEqual([
      ['datasource', 'datasource', 'prometheus', 'prometheus-main'],
      ['loki', 'datasource', 'loki', undefined],
      ['tempo', 'datasource', 'tempo', undefined],
      [
        'namespace',
        'query',
        'label_values(http_requests_total{service="myapp"}, namespace)',
        'prod',
      ],
    ]);
  });

  it('selects a request metric named like a PromQL keyword by __name__, in panels and variables', () => {
    const dashboard = generateDashboard(
      {
        ...myapp.input,
        metrics: {
          matchers: myapp.input.metrics!.matchers,
          dialect: { ...myapp.input.metrics!.dialect, requestMetric: 'on' },
        },
        slos: [],
      },
      myapp.options,
    );
    const namespace = (dashboard.templating?.list ?? []).find(
      v => v.name === 'namespace',
    );
    expect(namespace?.query).toBe(
      'label_values({__name__="on", service="myapp"}, namespace)',
    );
    const rate = panels(dashboard).find(p => p.title === 'Request rate')!;
    expect(targets(rate)[0].expr).toContain('{__name__="on", ');
  });

  it('converts millisecond histograms to seconds', () => {
    const dashboard = generateDashboard(
      {
        ...myapp.input,
        metrics: {
          matchers: myapp.input.metrics!.matchers,
          dialect: {
            ...myapp.input.metrics!.dialect,
            id: 'istio',
            durationMetric: 'istio_request_duration_milliseconds',
            durationUnit: 'milliseconds',
          },
        },
        slos: [],
      },
      myapp.options,
    );
    const latency = panels(dashboard).find(p => p.title === 'Latency')!;
    expect(targets(latency)[2].expr).toMatch(
      /^histogram_quantile\(0\.99, .*istio_request_duration_milliseconds_bucket.*\) \/ 1000$/,
    );
    expect(panels(dashboard).map(p => p.title)).not.toContain(
      'Service level objectives',
    );
  });

  it('is delivered as a ConfigMap for the Grafana sidecar', () => {
    const result = generateMonitoring(myapp.input, myapp.options);
    const configMap = result.objects[2] as ConfigMapResource;
    const uid = dashboardUid('component:default/myapp', 'myapp');
    expect(configMap.kind).toBe('ConfigMap');
    expect(configMap.metadata).toMatchObject({
      name: 'myapp-dashboard',
      namespace: 'monitoring',
      labels: { grafana_dashboard: '1' },
      annotations: { grafana_folder: 'Shop' },
    });
    expect(Object.keys(configMap.data)).toEqual([`${uid}.json`]);
    expect(JSON.parse(configMap.data[`${uid}.json`])).toEqual(
      JSON.parse(JSON.stringify(generateDashboard(myapp.input, myapp.options))),
    );
  });

  it('is delivered as a grafana-operator GrafanaDashboard', () => {
    const result = generateMonitoring(n8n.input, n8n.options);
    const resource = result.objects[2] as GrafanaDashboardResource;
    expect(resource.apiVersion).toBe('grafana.integreatly.org/v1beta1');
    expect(resource.kind).toBe('GrafanaDashboard');
    expect(resource.metadata.namespace).toBe('grafana');
    expect(resource.spec).toMatchObject({
      instanceSelector: { matchLabels: { app: 'grafana' } },
      folder: 'Applications',
      allowCrossNamespaceImport: true,
    });
    expect(JSON.parse(resource.spec.json).uid).toBe(
      dashboardUid('component:default/n8n', 'n8n'),
    );
  });

  it('refuses a GrafanaDashboard without an instance selector', () => {
    expect(() =>
      generateMonitoring(n8n.input, {
        ...n8n.options,
        dashboard: {
          delivery: { type: 'grafana-operator', instanceSelector: {} },
        },
      }),
    ).toThrow(MonitoringInputError);
  });
});
