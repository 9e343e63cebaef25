import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { DEFAULT_BUCKETS, goldenCases } from '../__fixtures__/cases';
import {
  DAY_MS,
  shop,
  availability,
  latency,
  rulesOptions,
  checkout,
  rulesOf,
  problemsOf,
} from '../__fixtures__/checkoutRules';
import { checkRules } from '../__fixtures__/promtool';
import {
  generateMonitoring,
  generatePrometheusRule,
} from '../generateMonitoring';
import { parseMonitoringOptions } from '../options';
import { SLOTH_LABELS } from './slothConventions';
import { resolveMetricDialect } from '../target';

/** Every PrometheusRule the tests below generate, for `promtool check rules`. */
const variants: Record<string, () => IPrometheusRule> = {
  ...Object.fromEntries(
    goldenCases().map(c => [
      `golden ${c.name}`,
      () =>
        generateMonitoring(c.input, c.options).objects[1] as IPrometheusRule,
    ]),
  ),
  'istio, milliseconds, integral bucket bound': () =>
    generatePrometheusRule(
      checkout({
        metrics: { matchers: shop, dialect: resolveMetricDialect('istio') },
        slos: [availability, latency],
      }),
      rulesOptions,
    ),
  'otel-http': () =>
    generatePrometheusRule(
      checkout({
        metrics: { matchers: shop, dialect: resolveMetricDialect('otel-http') },
        slos: [availability, { ...latency, latencyThresholdSeconds: 0.25 }],
      }),
      rulesOptions,
    ),
  'spanmetrics, 7d and 90d windows, rule interval': () =>
    generatePrometheusRule(
      checkout({
        metrics: {
          matchers: [{ name: 'service_name', op: '=', value: 'checkout' }],
          dialect: resolveMetricDialect('spanmetrics'),
        },
        slos: [
          { ...availability, windowMs: 7 * DAY_MS },
          {
            ...latency,
            name: 'latency-90d',
            windowMs: 90 * DAY_MS,
            latencyThresholdSeconds: 1,
          },
        ],
      }),
      { ...rulesOptions, rules: { interval: '30s' } },
    ),
  'no SLOs, regex and escaped matchers, PodMonitor-style set selector': () =>
    generatePrometheusRule(
      checkout({
        labelSelector: 'tier in (web)',
        metrics: {
          matchers: [
            { name: 'namespace', op: '=', value: 'shop' },
            { name: 'service', op: '=~', value: 'check"out|cart\\d' },
          ],
          dialect: resolveMetricDialect('prometheus-http'),
        },
        slos: [],
      }),
      rulesOptions,
    ),
};

describe('PrometheusRule', () => {
  it.each(Object.keys(variants))(
    'passes the real promtool check rules: %s',
    name => {
      const result = checkRules(variants[name]());
      expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
      expect(result.status).toBe(0);
    },
  );

  it('refuses a latency threshold that is not a bucket boundary, naming the nearest ones', () => {
    expect(
      problemsOf(() =>
        generatePrometheusRule(
          checkout({ slos: [latency], histogramBuckets: DEFAULT_BUCKETS }),
        ),
      ),
    ).toEqual([
      'SLO "latency": 0.3s is not a bucket boundary of http_request_duration_seconds, so the share of requests under it cannot be counted; the nearest boundaries are 0.25s and 0.5s',
    ]);
    expect(
      problemsOf(() =>
        generatePrometheusRule(
          checkout({
            metrics: { matchers: shop, dialect: resolveMetricDialect('istio') },
            slos: [{ ...latency, latencyThresholdSeconds: 20 }],
            histogramBuckets: [
              1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
            ],
          }),
        ),
      ),
    ).toEqual([
      'SLO "latency": 20000ms is not a bucket boundary of istio_request_duration_milliseconds, so the share of requests under it cannot be counted; the nearest boundaries are 10000ms',
    ]);
  });

  it('refuses SLOs it cannot implement, all problems at once', () => {
    const custom = {
      ...resolveMetricDialect('prometheus-http'),
      id: 'custom',
      errorMatchers: [],
      durationMetric: undefined,
    };
    expect(
      problemsOf(() =>
        generatePrometheusRule(
          checkout({
            metrics: { matchers: shop, dialect: custom },
            slos: [
              { ...availability, objective: 1 },
              { ...availability, windowMs: DAY_MS },
              latency,
              { ...latency, name: 'Fast_Requests' },
            ],
          }),
        ),
      ),
    ).toEqual([
      'SLO "availability": objective 1 must be a ratio between 0 and 1 (0.999 for 99.9 %)',
      'SLO "availability": the custom metric dialect has no error matcher to tell failed requests',
      'SLO "availability" is defined twice',
      'SLO "availability": window must be whole hours between 7d and 365d (burn-rate alerts look back up to 3d), e.g. 30d',
      'SLO "availability": the custom metric dialect has no error matcher to tell failed requests',
      'SLO "latency": the custom metric dialect has no duration histogram to measure latency',
      'SLO "Fast_Requests": the name must be lower-case letters, digits and "-" (at most 40), e.g. availability',
      'SLO "Fast_Requests": the custom metric dialect has no duration histogram to measure latency',
    ]);
  });

  it('refuses matchers that would make rules cover other services', () => {
    expect(
      problemsOf(() =>
        generatePrometheusRule(
          checkout({
            metrics: { matchers: [], dialect: resolveMetricDialect('istio') },
          }),
        ),
      ),
    ).toEqual([
      'the PromQL matchers are empty: every query and rule would cover every service in Prometheus',
      'no equality matcher (like namespace="shop") among the alert matchers: generated recording rules need one to tell this service\'s series from others',
    ]);
  });

  it('labels the PrometheusRule for the cluster rule selector and the entity', () => {
    const rule = generatePrometheusRule(checkout(), rulesOptions);
    expect(rule.metadata).toEqual({
      name: 'checkout',
      namespace: 'shop',
      labels: {
        'app.kubernetes.io/managed-by': 'sightline',
        prometheus: 'main',
        'sightline.dev/entity': 'component.default.checkout',
        'sightline.dev/generator': 'observability-0.1.0',
      },
      annotations: { 'sightline.dev/entity-ref': 'component:default/checkout' },
    });
    expect(SLOTH_LABELS).toEqual({
      id: 'sloth_id',
      service: 'sloth_service',
      slo: 'sloth_slo',
      window: 'sloth_window',
      severity: 'sloth_severity',
    });
  });

  it("labels every rule and object with the entity's own identity, whatever the options say", () => {
    // An entity (checkout) asking for rules labelled as another service
    // (payments), whose SLO page reads sloth_service="payments": refused,
    // by the options schema or, for labels, by the generator.
    expect(() =>
      parseMonitoringOptions({ rules: { slothService: 'payments' } }),
    ).toThrow(
      "'options.rules.slothService' cannot be set in options: sloth_service is always the entity's name",
    );
    expect(() =>
      parseMonitoringOptions({ monitor: { selectorLabel: 'app' } }),
    ).toThrow("'options.monitor.selectorLabel' cannot be set in options");
    expect(
      problemsOf(() =>
        generateMonitoring(checkout(), {
          ...rulesOptions,
          monitor: { port: 'http' },
          prometheusOperator: {
            ruleLabels: {
              'sightline.dev/entity': 'component.default.payments',
            },
            monitorLabels: { 'sightline.dev/generator': 'other' },
          },
          dashboard: {
            delivery: {
              type: 'configmap',
              labels: { 'sightline.dev/entity': 'component.default.payments' },
            },
          },
        }),
      ),
    ).toEqual([
      'prometheusOperator.monitorLabels: "sightline.dev/generator" cannot be set: labels under sightline.dev/ are set by the generator from the entity (sightline.dev/entity names the entity an object belongs to)',
      'prometheusOperator.ruleLabels: "sightline.dev/entity" cannot be set: labels under sightline.dev/ are set by the generator from the entity (sightline.dev/entity names the entity an object belongs to)',
      'dashboard.delivery.labels: "sightline.dev/entity" cannot be set: labels under sightline.dev/ are set by the generator from the entity (sightline.dev/entity names the entity an object belongs to)',
    ]);

    // What the options may set, they set; the identity stays checkout's.
    const { objects } = generateMonitoring(
      checkout({ slos: [availability, latency] }),
      parseMonitoringOptions({
        ...rulesOptions,
        monitor: { port: 'http' },
        rules: { ...rulesOptions.rules, namespace: 'monitoring' },
      }),
    );
    for (const object of objects) {
      expect(object.metadata?.labels?.['sightline.dev/entity']).toBe(
        'component.default.checkout',
      );
    }
    const sloth = rulesOf(objects[1] as IPrometheusRule).filter(
      r => r.labels?.[SLOTH_LABELS.service] !== undefined,
    );
    expect(sloth.length).toBeGreaterThan(0);
    expect(
      new Set(
        sloth.map(r => [r.labels?.sloth_service, r.labels?.service].join()),
      ),
    ).toEqual(new Set(['checkout,checkout']));
  });
});
