import { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { resolveMetricDialect } from '../target';
import { MonitoringOptions } from '../options';
import { MonitoringInput } from '../types';

/** Default buckets of the Prometheus Go and JS clients, in seconds. */
export const DEFAULT_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const DAY_MS = 86_400_000;

export function loadEntity(name: string): Entity {
  return parse(
    readFileSync(require.resolve(`./${name}.entity.yaml`), 'utf8'),
  ) as Entity;
}

/** One golden case: an entity shaped like a seed's service, with its cluster's options. */
export interface GoldenCase {
  name: string;
  input: MonitoringInput;
  options: MonitoringOptions;
}

const kubePrometheusStack = {
  ruleLabels: { release: 'kube-prometheus-stack' },
  monitorLabels: { release: 'kube-prometheus-stack' },
};

export function goldenCases(): GoldenCase[] {
  return [
    {
      // Seed 000: everything from the entity's annotations (custom dialect,
      // SLOs), kube-prometheus-stack's Grafana sidecar.
      name: 'kbot',
      input: { entity: loadEntity('kbot'), histogramBuckets: DEFAULT_BUCKETS },
      options: {
        prometheusOperator: kubePrometheusStack,
        monitor: { port: 'http' },
        rules: { runbookBaseUrl: 'https://runbooks.example.com/kbot' },
        dashboard: { delivery: { type: 'configmap', namespace: 'monitoring' } },
      },
    },
    {
      // Seed 002: metrics and SLOs passed explicitly as the backend's
      // resolver would, `prometheus: main` on everything, rules in
      // `monitoring`, a 28-day window (Sloth spells it 4w).
      name: 'myapp',
      input: {
        entity: loadEntity('myapp'),
        metrics: {
          matchers: [
            { name: 'namespace', op: '=', value: 'prod' },
            { name: 'service', op: '=', value: 'myapp' },
          ],
          dialect: resolveMetricDialect('prometheus-http'),
        },
        slos: [
          {
            name: 'availability',
            kind: 'availability',
            objective: 0.999,
            windowMs: 28 * DAY_MS,
          },
          {
            name: 'latency',
            kind: 'latency',
            objective: 0.99,
            windowMs: 28 * DAY_MS,
            latencyThresholdSeconds: 0.25,
          },
        ],
        histogramBuckets: DEFAULT_BUCKETS,
      },
      options: {
        prometheusOperator: {
          ruleLabels: { prometheus: 'main' },
          monitorLabels: { prometheus: 'main' },
        },
        monitor: {
          port: 'metrics',
          path: '/metrics',
          interval: '30s',
          scheme: 'http',
        },
        rules: {
          namespace: 'monitoring',
          runbookBaseUrl: 'https://runbooks.example.com',
        },
        dashboard: {
          delivery: {
            type: 'configmap',
            namespace: 'monitoring',
            folder: 'Shop',
          },
          datasources: { prometheus: 'prometheus-main' },
        },
      },
    },
    {
      // Seed 004: the ServiceMonitor in `monitoring` selecting namespace
      // n8n-prod, `release: kube-prometheus-stack`, GrafanaDashboard CR.
      name: 'n8n',
      input: { entity: loadEntity('n8n') },
      options: {
        prometheusOperator: kubePrometheusStack,
        monitor: {
          port: 'http',
          path: '/metrics',
          interval: '30s',
          namespace: 'monitoring',
        },
        rules: {
          namespace: 'monitoring',
          runbookBaseUrl: 'https://runbooks.example.com',
        },
        dashboard: {
          delivery: {
            type: 'grafana-operator',
            namespace: 'grafana',
            folder: 'Applications',
            instanceSelector: { app: 'grafana' },
            allowCrossNamespaceImport: true,
          },
        },
      },
    },
  ];
}
