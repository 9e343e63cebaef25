import { ConfigReader } from '@backstage/config';
import { goldenCases } from '../generators/__fixtures__/cases';
import { generateMonitoring } from '../generators';
import type {
  ConfigMapResource,
  GrafanaDashboardResource,
} from '../generators/types';
import { prometheusSelectorLabels } from '../kubernetes/ClusterMonitoringReader';
import { resolveClusterMonitoringOptions } from './clusterOptions';
import { readMonitoringClusters } from './clusters';

function clusters(cluster: Record<string, unknown>) {
  return readMonitoringClusters(
    new ConfigReader({
      observability: { clusters: [{ name: 'c', ...cluster }] },
    }),
  );
}

const API = { kubernetes: { url: 'http://127.0.0.1:1', token: 't' } };

describe('per-cluster monitoring config', () => {
  it('reads runbookBaseUrl and grafanaDashboards (sidecar ConfigMap)', () => {
    const c = clusters({
      prometheusOperator: {
        ruleLabels: { release: 'kps' },
        runbookBaseUrl: 'https://runbooks.example.com/shop/',
      },
      grafanaDashboards: {
        delivery: 'configmap',
        namespace: 'monitoring',
        folder: 'Shop',
        configMapLabels: { grafana_dashboard: '1', team: 'shop' },
      },
    }).clusters.get('c')!;
    expect(c.runbookBaseUrl).toBe('https://runbooks.example.com/shop');
    expect(c.dashboardDelivery).toEqual({
      type: 'configmap',
      namespace: 'monitoring',
      folder: 'Shop',
      labels: { grafana_dashboard: '1', team: 'shop' },
    });
  });

  it('reads grafana-operator delivery (instanceSelector, folder, cross-namespace import)', () => {
    const c = clusters({
      grafanaDashboards: {
        delivery: 'grafana-operator',
        namespace: 'grafana',
        folder: 'Applications',
        instanceSelector: { app: 'grafana' },
        allowCrossNamespaceImport: true,
      },
    }).clusters.get('c')!;
    expect(c.dashboardDelivery).toEqual({
      type: 'grafana-operator',
      namespace: 'grafana',
      folder: 'Applications',
      instanceSelector: { app: 'grafana' },
      allowCrossNamespaceImport: true,
    });
    expect(clusters({}).clusters.get('c')!.dashboardDelivery).toBeUndefined();
  });

  it('refuses bad config at start-up, naming the key', () => {
    expect(() =>
      clusters({ grafanaDashboards: { delivery: 'configMap' } }),
    ).toThrow(
      "Invalid config at observability.clusters[0].grafanaDashboards.delivery: 'configMap' is not one of configmap, grafana-operator, none",
    );
    expect(() =>
      clusters({ grafanaDashboards: { delivery: 'grafana-operator' } }),
    ).toThrow(
      'Invalid config at observability.clusters[0].grafanaDashboards.instanceSelector: required',
    );
    expect(() =>
      clusters({
        grafanaDashboards: {
          delivery: 'configmap',
          instanceSelector: { app: 'grafana' },
        },
      }),
    ).toThrow('are for delivery: grafana-operator');
    expect(() =>
      clusters({
        grafanaDashboards: { configMapLabels: { team: 'shop team' } },
      }),
    ).toThrow(
      "Invalid config at observability.clusters[0].grafanaDashboards.configMapLabels.team: 'shop team' is not a label value",
    );
    expect(() =>
      clusters({ prometheusOperator: { runbookBaseUrl: 'runbooks/' } }),
    ).toThrow(
      "Invalid config at observability.clusters[0].prometheusOperator.runbookBaseUrl: 'runbooks/' is not an http(s) URL",
    );
  });
});

describe('prometheusSelectorLabels', () => {
  it('takes the matchLabels of each selector from the first Prometheus (by namespace/name) that has them', () => {
    expect(
      prometheusSelectorLabels([
        {
          metadata: { name: 'z', namespace: 'monitoring' },
          spec: {
            serviceMonitorSelector: { matchLabels: { prometheus: 'z' } },
            ruleSelector: { matchLabels: { role: 'alert-rules' } },
          },
        },
        {
          metadata: { name: 'a', namespace: 'monitoring' },
          spec: {
            serviceMonitorSelector: { matchLabels: { release: 'kps' } },
            podMonitorSelector: { matchLabels: { release: 'kps-pods' } },
            ruleSelector: {},
          },
        },
      ]),
    ).toEqual({
      serviceMonitor: { release: 'kps' },
      podMonitor: { release: 'kps-pods' },
      rule: { role: 'alert-rules' },
    });
    expect(prometheusSelectorLabels([])).toEqual({});
  });
});

describe('resolveClusterMonitoringOptions', () => {
  const fromCr = {
    serviceMonitor: { release: 'kube-prometheus-stack' },
    podMonitor: { release: 'kps-pods' },
    rule: { release: 'kps-rules' },
  };
  const reads: string[] = [];
  const selectorLabels = async (cluster: { name: string }) => {
    reads.push(cluster.name);
    return fromCr;
  };
  beforeEach(() => {
    reads.length = 0;
  });

  it('takes the rule and monitor labels from the Prometheus resource when config has none', async () => {
    const cluster = clusters(API).clusters.get('c')!;
    const { options, labelSources } = await resolveClusterMonitoringOptions(
      { monitor: { port: 'http' } },
      cluster,
      { selectorLabels },
    );
    expect(options.prometheusOperator).toEqual({
      ruleLabels: { release: 'kps-rules' },
      monitorLabels: { release: 'kube-prometheus-stack' },
    });
    expect(labelSources).toEqual({
      ruleLabels: 'prometheus',
      monitorLabels: 'prometheus',
    });
    const pods = await resolveClusterMonitoringOptions(
      { monitor: { port: 'http', kind: 'PodMonitor' } },
      cluster,
      { selectorLabels },
    );
    expect(pods.options.prometheusOperator?.monitorLabels).toEqual({
      release: 'kps-pods',
    });
  });

  it('lets config labels win over the Prometheus resource, per field, and options over both', async () => {
    const cluster = clusters({
      ...API,
      prometheusOperator: { monitorLabels: { prometheus: 'main' } },
    }).clusters.get('c')!;
    const resolved = await resolveClusterMonitoringOptions({}, cluster, {
      selectorLabels,
    });
    expect(resolved.options.prometheusOperator).toEqual({
      ruleLabels: { release: 'kps-rules' },
      monitorLabels: { prometheus: 'main' },
    });
    expect(resolved.labelSources).toEqual({
      ruleLabels: 'prometheus',
      monitorLabels: 'config',
    });
    const explicit = await resolveClusterMonitoringOptions(
      { prometheusOperator: { ruleLabels: {}, monitorLabels: { a: 'b' } } },
      cluster,
      { selectorLabels },
    );
    expect(explicit.options.prometheusOperator).toEqual({
      ruleLabels: {},
      monitorLabels: { a: 'b' },
    });
    expect(reads).toEqual(['c']);
  });

  it('does not read the Kubernetes API when config names both, or there is none', async () => {
    await resolveClusterMonitoringOptions(
      {},
      clusters({
        ...API,
        prometheusOperator: {
          ruleLabels: { r: '1' },
          monitorLabels: { m: '1' },
        },
      }).clusters.get('c')!,
      { selectorLabels },
    );
    const noApi = await resolveClusterMonitoringOptions(
      {},
      clusters({}).clusters.get('c')!,
      { selectorLabels },
    );
    expect(reads).toEqual([]);
    expect(noApi.options.prometheusOperator).toEqual({
      ruleLabels: {},
      monitorLabels: {},
    });
  });

  it('goes on with the configured labels and a warning when the API cannot be read', async () => {
    const resolved = await resolveClusterMonitoringOptions(
      {},
      clusters({
        ...API,
        prometheusOperator: { ruleLabels: { r: '1' } },
      }).clusters.get('c')!,
      {
        selectorLabels: async () => {
          throw new Error('403 prometheuses is forbidden');
        },
      },
    );
    expect(resolved.options.prometheusOperator).toEqual({
      ruleLabels: { r: '1' },
      monitorLabels: {},
    });
    expect(resolved.warnings).toEqual([
      expect.stringMatching(
        /^Could not read the Prometheus resources of cluster 'c'.*403 prometheuses is forbidden$/,
      ),
    ]);
  });

  it('uses the cluster’s runbook base URL and dashboard delivery unless the options say otherwise', async () => {
    const [, myapp] = goldenCases();
    const cluster = clusters({
      prometheusOperator: {
        runbookBaseUrl: 'https://runbooks.example.com',
      },
      grafanaDashboards: {
        delivery: 'grafana-operator',
        namespace: 'grafana',
        instanceSelector: { dashboards: 'grafana' },
        folder: 'Shop',
      },
    }).clusters.get('c')!;
    const base = { ...myapp.options, rules: {}, dashboard: {} };
    const { options } = await resolveClusterMonitoringOptions(base, cluster);
    const result = generateMonitoring(myapp.input, options);
    const rule = result.objects[1] as any;
    const alerts = rule.spec.groups
      .flatMap((g: any) => g.rules)
      .filter((r: any) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.annotations.runbook_url).toBe(
        `https://runbooks.example.com/${alert.alert}`,
      );
    }
    const dashboard = result.objects[2] as GrafanaDashboardResource;
    expect(dashboard).toMatchObject({
      kind: 'GrafanaDashboard',
      metadata: { namespace: 'grafana' },
      spec: {
        instanceSelector: { matchLabels: { dashboards: 'grafana' } },
        folder: 'Shop',
      },
    });

    const overridden = await resolveClusterMonitoringOptions(
      {
        ...base,
        rules: { runbookBaseUrl: 'https://wiki.example.com/rb' },
        dashboard: { delivery: { type: 'configmap' } },
      },
      cluster,
    );
    const again = generateMonitoring(myapp.input, overridden.options);
    expect(again.objects[2].kind).toBe('ConfigMap');
    expect(
      (again.objects[2] as ConfigMapResource).metadata.labels.grafana_dashboard,
    ).toBe('1');
    expect(JSON.stringify(again.objects[1])).toContain(
      'https://wiki.example.com/rb/',
    );
  });
});
