import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import {
  LabelMatcher,
  matchesLabels,
} from '@sightline/plugin-observability-common';
import { DEFAULT_BUCKETS, goldenCases, loadEntity } from './__fixtures__/cases';
import { checkRules } from './__fixtures__/promtool';
import { MonitoringInputError } from './errors';
import {
  generateMonitoring,
  generatePrometheusRule,
} from './generateMonitoring';
import { GeneratedRule, GeneratedRuleGroup, SLOTH_LABELS } from './rules';
import { burnRateConditions } from './slo';
import { resolveMetricDialect } from './target';
import { MonitoringOptions, parseMonitoringOptions } from './options';
import { GeneratorSlo, MonitoringInput } from './types';

const DAY_MS = 86_400_000;
const shop: LabelMatcher[] = [
  { name: 'namespace', op: '=', value: 'shop' },
  { name: 'service', op: '=', value: 'checkout' },
];
const availability: GeneratorSlo = {
  name: 'availability',
  kind: 'availability',
  objective: 0.999,
  windowMs: 30 * DAY_MS,
};
const latency: GeneratorSlo = {
  name: 'latency',
  kind: 'latency',
  objective: 0.99,
  windowMs: 30 * DAY_MS,
  latencyThresholdSeconds: 0.3,
};
const rulesOptions: MonitoringOptions = {
  prometheusOperator: { ruleLabels: { prometheus: 'main' } },
  rules: { runbookBaseUrl: 'https://runbooks.example.com/' },
};

function checkout(overrides: Partial<MonitoringInput> = {}): MonitoringInput {
  return {
    entityRef: 'component:default/checkout',
    namespace: 'shop',
    owner: 'payments',
    metrics: {
      matchers: shop,
      dialect: resolveMetricDialect('prometheus-http'),
    },
    slos: [availability],
    ...overrides,
  };
}

function groups(rule: IPrometheusRule): GeneratedRuleGroup[] {
  return rule.spec.groups as GeneratedRuleGroup[];
}

function rulesOf(rule: IPrometheusRule): GeneratedRule[] {
  return groups(rule).flatMap(g => g.rules);
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof MonitoringInputError) return e.problems;
    throw e;
  }
  throw new Error('expected the generator to refuse the input');
}

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

  it('records RED rules as level:metric:operations per dialect, with escaped matchers', () => {
    const rule = generatePrometheusRule(
      checkout({
        metrics: {
          matchers: [...shop, { name: 'pod', op: '=~', value: 'a"b\\c' }],
          dialect: resolveMetricDialect('prometheus-http'),
        },
      }),
      rulesOptions,
    );
    const red = groups(rule).find(g => g.name === 'sightline-red-checkout')!;
    expect(red.rules.map(r => r.record)).toEqual([
      'service:http_requests:rate5m',
      'service:http_requests_errors:rate5m',
      'service:http_requests_errors:ratio_rate5m',
      'service:http_request_duration_seconds_bucket:rate5m',
      'service:http_request_duration_seconds:p50_rate5m',
      'service:http_request_duration_seconds:p95_rate5m',
      'service:http_request_duration_seconds:p99_rate5m',
    ]);
    expect(red.rules[0].expr).toBe(
      'sum(rate(http_requests_total{namespace="shop", service="checkout", pod=~"a\\"b\\\\c"}[5m]))',
    );
    expect(red.rules[1].expr).toBe(
      '(sum(rate(http_requests_total{namespace="shop", service="checkout", pod=~"a\\"b\\\\c", status=~"5.."}[5m])) or sum(rate(http_requests_total{namespace="shop", service="checkout", pod=~"a\\"b\\\\c", code=~"5.."}[5m])) or vector(0))',
    );
    for (const r of red.rules) {
      expect(r.labels).toEqual({ namespace: 'shop', service: 'checkout' });
    }
  });

  it("uses Sloth's rule names, group names and labels", () => {
    const rule = generatePrometheusRule(
      checkout({ slos: [availability, latency] }),
      rulesOptions,
    );
    const names = groups(rule).map(g => g.name);
    expect(names).toEqual([
      'sightline-red-checkout',
      'sloth-slo-sli-recordings-checkout-availability',
      'sloth-slo-meta-recordings-checkout-availability',
      'sloth-slo-alerts-checkout-availability',
      'sloth-slo-sli-recordings-checkout-latency',
      'sloth-slo-meta-recordings-checkout-latency',
      'sloth-slo-alerts-checkout-latency',
      'sightline-alerts-checkout',
    ]);
    const [, sli, meta, alerts] = groups(rule);
    expect(sli.rules.map(r => r.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
    ]);
    expect(sli.rules[0].labels).toEqual({
      namespace: 'shop',
      service: 'checkout',
      sloth_id: 'checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'availability',
      sloth_window: '5m',
    });
    // The period rule averages the 5m one (Sloth's optimised SLI).
    expect(sli.rules[7]).toEqual({
      record: 'slo:sli_error:ratio_rate30d',
      expr: 'sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}[30d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}[30d])',
      labels: { ...sli.rules[0].labels, sloth_window: '30d' },
    });
    expect(meta.rules.map(r => [r.record, r.expr.split('\n')[0]])).toEqual([
      ['slo:objective:ratio', 'vector(0.999)'],
      ['slo:error_budget:ratio', 'vector(1-0.999)'],
      ['slo:time_period:days', 'vector(30)'],
      [
        'slo:current_burn_rate:ratio',
        'slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}',
      ],
      [
        'slo:period_burn_rate:ratio',
        'slo:sli_error:ratio_rate30d{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}',
      ],
      [
        'slo:period_error_budget_remaining:ratio',
        '1 - slo:period_burn_rate:ratio{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}',
      ],
      ['sloth_slo_info', 'vector(1)'],
    ]);
    expect(alerts.rules.map(r => [r.alert, r.labels])).toEqual([
      [
        'CheckoutAvailabilityErrorBudgetBurn',
        { severity: 'critical', sloth_severity: 'page', team: 'payments' },
      ],
      [
        'CheckoutAvailabilityErrorBudgetBurn',
        { severity: 'warning', sloth_severity: 'ticket', team: 'payments' },
      ],
    ]);
    expect(alerts.rules[0].expr).toContain(
      '(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (14.4 * 0.001))',
    );
    expect(alerts.rules[0].annotations).toMatchObject({
      runbook_url:
        'https://runbooks.example.com/CheckoutAvailabilityErrorBudgetBurn',
      summary: 'checkout is burning its availability error budget too fast',
    });
  });

  it("spells windows as Sloth does: 28 days is 4w, and the alerts' factors follow the window", () => {
    const rule = generatePrometheusRule(
      checkout({ slos: [{ ...availability, windowMs: 28 * DAY_MS }] }),
      rulesOptions,
    );
    const records = rulesOf(rule).map(r => r.record);
    expect(records).toContain('slo:sli_error:ratio_rate4w');
    expect(records).not.toContain('slo:sli_error:ratio_rate28d');
    const page = rulesOf(rule).find(r => r.labels?.sloth_severity === 'page')!;
    expect(page.expr).toContain('> (13.44 * 0.001)');
    expect(page.expr).toContain('> (5.6 * 0.001)');
  });

  it('computes burn-rate factors as budget share × window ÷ long window', () => {
    expect(
      burnRateConditions(30 * DAY_MS).map(c => [c.severity, c.factor]),
    ).toEqual([
      ['page', 14.4],
      ['page', 6],
      ['ticket', 3],
      ['ticket', 1],
    ]);
    expect(burnRateConditions(28 * DAY_MS).map(c => c.factor)).toEqual([
      13.44, 5.6, 2.8, 0.933333333333,
    ]);
    expect(burnRateConditions(7 * DAY_MS).map(c => c.factor)).toEqual([
      3.36, 1.4, 0.7, 0.233333333333,
    ]);
  });

  it('measures latency from the histogram bucket at the threshold, in the histogram unit', () => {
    const seconds = generatePrometheusRule(
      checkout({ slos: [latency], histogramBuckets: [0.1, 0.3, 1] }),
      rulesOptions,
    );
    expect(rulesOf(seconds)[7].expr).toContain(
      'sum(rate(http_request_duration_seconds_bucket{namespace="shop", service="checkout", le="0.3"}[5m]))',
    );
    const millis = generatePrometheusRule(
      checkout({
        metrics: { matchers: shop, dialect: resolveMetricDialect('istio') },
        slos: [latency],
      }),
      rulesOptions,
    );
    expect(rulesOf(millis)[7].expr).toContain(
      'istio_request_duration_milliseconds_bucket{namespace="shop", service="checkout", reporter="destination", le=~"300|300\\\\.0"}',
    );
  });

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

  it("labels every alert so the backend's alert matching finds it: severity, team, the entity's matchers, runbook", () => {
    const rule = generatePrometheusRule(
      checkout({ slos: [availability, latency] }),
      rulesOptions,
    );
    const plain = groups(rule).find(
      g => g.name === 'sightline-alerts-checkout',
    )!.rules;
    expect(plain.map(r => [r.alert, r.for, r.labels?.severity])).toEqual([
      ['CheckoutHighErrorRate', '10m', 'warning'],
      ['CheckoutHighLatency', '10m', 'warning'],
      ['CheckoutTargetDown', '5m', 'critical'],
      ['CheckoutMetricsMissing', '15m', 'warning'],
    ]);
    for (const alert of plain) {
      expect(matchesLabels(shop, alert.labels ?? {})).toBe(true);
      expect(alert.labels?.team).toBe('payments');
      expect(Object.keys(alert.annotations ?? {}).sort()).toEqual([
        'description',
        'runbook_url',
        'summary',
      ]);
    }
    // SLO alerts inherit namespace and service from the SLI series they compare (see the promtool tests).
    for (const record of rulesOf(rule).filter(r =>
      r.record?.startsWith('slo:'),
    )) {
      expect(matchesLabels(shop, record.labels ?? {})).toBe(true);
    }
    expect(plain[0].expr).toBe(
      'service:http_requests_errors:ratio_rate5m{namespace="shop", service="checkout"} > 0.05',
    );
    expect(plain[1].expr).toBe(
      'service:http_request_duration_seconds:p99_rate5m{namespace="shop", service="checkout"} > 0.3',
    );
  });

  it("watches the scrape target by the job the monitor's jobLabel gives it", () => {
    const n8n = generateMonitoring(
      { entity: loadEntity('n8n') },
      {
        monitor: { port: 'http' },
        prometheusOperator: {
          ruleLabels: { release: 'kube-prometheus-stack' },
        },
      },
    ).objects[1] as IPrometheusRule;
    const down = rulesOf(n8n).find(r => r.alert === 'N8nTargetDown')!;
    expect(down.expr).toBe('up{job="n8n", namespace="n8n-prod"} == 0');
    expect(rulesOf(n8n).find(r => r.alert === 'N8nMetricsMissing')!.expr).toBe(
      'absent(up{job="n8n", namespace="n8n-prod"})',
    );
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
