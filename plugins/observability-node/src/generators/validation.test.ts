import { goldenCases } from './__fixtures__/cases';
import { MonitoringInputError } from './errors';
import { generateMonitoring } from './generateMonitoring';
import { ConfigMapResource, GrafanaDashboardResource } from './types';
import {
  validateConfigMap,
  validateDashboardObject,
  validateGrafanaDashboard,
} from './validation';

describe('dashboard object validation', () => {
  const [, myapp, n8n] = goldenCases();
  const configMap = () =>
    structuredClone(
      generateMonitoring(myapp.input, myapp.options).objects[2],
    ) as ConfigMapResource;
  const grafanaDashboard = () =>
    structuredClone(
      generateMonitoring(n8n.input, n8n.options).objects[2],
    ) as GrafanaDashboardResource;

  function problems(fn: () => void): string[] {
    try {
      fn();
    } catch (e) {
      if (e instanceof MonitoringInputError) return e.problems;
      throw e;
    }
    return [];
  }

  it('accepts the generated ConfigMap and GrafanaDashboard', () => {
    expect(configMap().kind).toBe('ConfigMap');
    expect(grafanaDashboard().kind).toBe('GrafanaDashboard');
    expect(() => validateDashboardObject(configMap())).not.toThrow();
    expect(() => validateDashboardObject(grafanaDashboard())).not.toThrow();
  });

  it('checks a ConfigMap against the io.k8s.api.core.v1.ConfigMap schema', () => {
    const bad = configMap() as any;
    bad.metadata.labels.grafana_dashboard = 1;
    expect(problems(() => validateConfigMap(bad)).join('\n')).toMatch(
      /ConfigMap myapp-dashboard fails the ConfigMap schema: \/metadata\/labels\/grafana_dashboard must be string/,
    );
    const badData = configMap() as any;
    badData.data = { 'x.json': { title: 'not text' } };
    expect(problems(() => validateConfigMap(badData)).join('\n')).toContain(
      'fails the ConfigMap schema: /data/x.json must be string',
    );
  });

  it('refuses what the API server or the sidecar would', () => {
    const badKey = configMap();
    badKey.data = { 'my dashboard.json': '{"title":"x"}' };
    expect(problems(() => validateConfigMap(badKey))).toEqual([
      `ConfigMap myapp-dashboard: data key "my dashboard.json" must be letters, digits, '-', '_' or '.'`,
    ]);
    const notJson = configMap();
    notJson.data = { 'd.json': '{"title":' };
    expect(problems(() => validateConfigMap(notJson))[0]).toMatch(
      /^ConfigMap myapp-dashboard data\["d.json"\] is not JSON/,
    );
    const huge = configMap();
    huge.data = {
      'd.json': JSON.stringify({ title: 'x'.repeat(1024 * 1024) }),
    };
    expect(problems(() => validateConfigMap(huge))[0]).toMatch(
      /holds \d+ bytes; the API server refuses more than 1048576/,
    );
  });

  it('checks the GrafanaDashboard shape: apiVersion, fields, source, selector, folder', () => {
    const typo = grafanaDashboard() as any;
    typo.spec.foldr = 'Oops';
    expect(problems(() => validateGrafanaDashboard(typo))).toEqual([
      'GrafanaDashboard n8n: spec.foldr is not a GrafanaDashboard field',
    ]);

    const wrong = grafanaDashboard() as any;
    wrong.apiVersion = 'integreatly.org/v1alpha1';
    wrong.spec.instanceSelector = { app: 'grafana' };
    wrong.spec.folder = '';
    wrong.spec.url =
      'https://grafana.com/api/dashboards/1/revisions/1/download';
    expect(problems(() => validateGrafanaDashboard(wrong))).toEqual([
      'GrafanaDashboard n8n: apiVersion must be grafana.integreatly.org/v1beta1, not integreatly.org/v1alpha1',
      'GrafanaDashboard n8n: spec needs exactly one dashboard source (json, gzipJson, url, configMapRef, grafanaCom, jsonnet), has json, url',
      'GrafanaDashboard n8n: spec.instanceSelector.matchLabels is required (the labels of the Grafana instances that load it)',
      'GrafanaDashboard n8n: spec.folder must be a non-empty string',
    ]);

    const objectJson = grafanaDashboard() as any;
    objectJson.spec.json = JSON.parse(objectJson.spec.json);
    objectJson.spec.instanceSelector.matchLabels = { app: 'bad value!' };
    expect(problems(() => validateGrafanaDashboard(objectJson))).toEqual([
      'GrafanaDashboard n8n spec.json must be the dashboard JSON as a string',
      'GrafanaDashboard n8n: spec.instanceSelector.matchLabels app: bad value! is not a label pair',
    ]);
  });

  it('is applied by generateMonitoring before returning anything', () => {
    expect(() =>
      generateMonitoring(n8n.input, {
        ...n8n.options,
        dashboard: {
          delivery: {
            type: 'grafana-operator',
            instanceSelector: { app: 'grafana' },
            folder: '   ',
          },
        },
      }),
    ).toThrow('spec.folder must be a non-empty string');
  });
});
