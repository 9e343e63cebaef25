import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { PromtoolRun, testRules } from './__fixtures__/promtool';
import { generatePrometheusRule } from './generateMonitoring';
import { GeneratedRule } from './rules/ruleGroup';
import { SLOTH_LABELS } from './rules/slothConventions';
import { resolveMetricDialect } from './target';

/*
 * `promtool test rules` suites built from our own generated rules, proving
 * the multi-window multi-burn-rate alerts of a 99.9 % / 30 day availability
 * SLO (budget 0.001; page at 14.4x over 5m & 1h or 6x over 30m & 6h,
 * ticket at 3x over 2h & 1d or 1x over 6h & 3d). Traffic is 1000 requests a
 * minute as two counters (good and 5xx) sampled every minute; promtool
 * evaluates every rule each minute (evaluation_interval), and the SLO alerts
 * have no `for`, as Sloth's have none, so they fire on the first evaluation
 * where the expression holds.
 */

const DAY_MS = 86_400_000;
const SERIES =
  'http_requests_total{namespace="shop", service="checkout", status="%s"}';

const rule: IPrometheusRule = generatePrometheusRule(
  {
    entityRef: 'component:default/checkout',
    namespace: 'shop',
    owner: 'payments',
    metrics: {
      matchers: [
        { name: 'namespace', op: '=', value: 'shop' },
        { name: 'service', op: '=', value: 'checkout' },
      ],
      dialect: resolveMetricDialect('prometheus-http'),
    },
    slos: [
      {
        name: 'availability',
        kind: 'availability',
        objective: 0.999,
        windowMs: 30 * DAY_MS,
      },
    ],
  },
  { prometheusOperator: { ruleLabels: { release: 'kube-prometheus-stack' } } },
);

const alerts = (rule.spec.groups ?? [])
  .flatMap(group => group.rules as GeneratedRule[])
  .filter(r => r.alert === 'CheckoutAvailabilityErrorBudgetBurn');
const page = alerts.find(r => r.labels?.[SLOTH_LABELS.severity] === 'page')!;
const ticket = alerts.find(
  r => r.labels?.[SLOTH_LABELS.severity] === 'ticket',
)!;

/** A phase of traffic: so many minutes at so many good and failed requests a minute. */
interface Phase {
  minutes: number;
  good: number;
  bad: number;
}

/** promtool's expanding notation for a counter growing phase by phase, one sample a minute from t=0. */
function counter(phases: Phase[], key: 'good' | 'bad'): string {
  let value = 0;
  const parts: string[] = [];
  phases.forEach((phase, i) => {
    const step = phase[key];
    if (i === 0) {
      parts.push(`0+${step}x${phase.minutes}`);
      value = step * phase.minutes;
    } else {
      parts.push(`${value + step}+${step}x${phase.minutes - 1}`);
      value += step * phase.minutes;
    }
  });
  return parts.join(' ');
}

/** The alert as promtool reports it: the SLI series' labels (window of the condition that held) plus the rule's. */
function firing(alert: GeneratedRule, window: string) {
  return {
    exp_labels: {
      namespace: 'shop',
      service: 'checkout',
      [SLOTH_LABELS.id]: 'checkout-availability',
      [SLOTH_LABELS.service]: 'checkout',
      [SLOTH_LABELS.slo]: 'availability',
      [SLOTH_LABELS.window]: window,
      ...alert.labels,
    },
    exp_annotations: alert.annotations,
  };
}

function check(
  minutes: number,
  pageAlerts: unknown[],
  ticketAlerts: unknown[],
) {
  // Both alerts share Sloth's name; sloth_severity tells them apart, so
  // one expectation lists every alert of that name firing at that time.
  return {
    eval_time: `${minutes}m`,
    alertname: page.alert,
    exp_alerts: [...pageAlerts, ...ticketAlerts],
  };
}

function suite(name: string, phases: Phase[], checks: unknown[]) {
  return {
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        name,
        interval: '1m',
        input_series: [
          {
            series: SERIES.replace('%s', '200'),
            values: counter(phases, 'good'),
          },
          {
            series: SERIES.replace('%s', '500'),
            values: counter(phases, 'bad'),
          },
        ],
        alert_rule_test: checks,
      },
    ],
  };
}

/**
 * The scenarios, each a promtool test file. They are started together (a
 * promtool process each) so the suite takes as long as the longest one.
 */
const scenarios = {
  'full outage': suite(
    'full outage after an hour of healthy traffic',
    [
      { minutes: 60, good: 1000, bad: 0 },
      { minutes: 60, good: 0, bad: 1000 },
    ],
    [
      check(60, [], []),
      // Two minutes into the outage: 5m and 1h error ratios are far above
      // 14.4x (and 2h and 1d above the ticket's 3x).
      check(62, [firing(page, '5m')], [firing(ticket, '2h')]),
      check(90, [firing(page, '5m')], [firing(ticket, '2h')]),
    ],
  ),
  '15x burn': suite(
    '15x burn from the start',
    [{ minutes: 180, good: 985, bad: 15 }],
    [
      check(3, [firing(page, '5m')], [firing(ticket, '2h')]),
      check(180, [firing(page, '5m')], [firing(ticket, '2h')]),
    ],
  ),
  // After an hour of healthy traffic the 1h window needs ~58 minutes of a
  // 15x burn to average above 14.4x (the workbook's detection time).
  '15x burn after healthy traffic': suite(
    '15x burn after an hour of healthy traffic',
    [
      { minutes: 60, good: 1000, bad: 0 },
      { minutes: 120, good: 985, bad: 15 },
    ],
    [
      // 20 minutes in: the ticket (3x over 2h and 1d) holds, the page does not yet.
      check(80, [], [firing(ticket, '2h')]),
      check(121, [firing(page, '5m')], [firing(ticket, '2h')]),
    ],
  ),
  // 1 in 2000 requests fails: half the 0.1 % budget rate, for 8 hours.
  '0.5x burn': suite(
    '0.5x burn for eight hours',
    [{ minutes: 480, good: 1999, bad: 1 }],
    [
      check(5, [], []),
      check(60, [], []),
      check(360, [], []),
      check(480, [], []),
    ],
  ),
  '2x burn': suite(
    '2x burn from the start',
    [{ minutes: 120, good: 998, bad: 2 }],
    [
      check(30, [], [firing(ticket, '6h')]),
      check(120, [], [firing(ticket, '6h')]),
    ],
  ),
  // After 2h of healthy traffic the 3d window averages above 1x once the
  // burn has lasted 2h (2x > 120 + x minutes); the 6h window covers it all.
  '2x burn after healthy traffic': suite(
    '2x burn after two hours of healthy traffic',
    [
      { minutes: 120, good: 1000, bad: 0 },
      { minutes: 160, good: 998, bad: 2 },
    ],
    [check(220, [], []), check(260, [], [firing(ticket, '6h')])],
  ),
};

type Scenario = keyof typeof scenarios;
let runs: Record<Scenario, Promise<PromtoolRun>>;

beforeAll(() => {
  runs = Object.fromEntries(
    Object.entries(scenarios).map(([name, tests]) => [
      name,
      testRules(rule, tests),
    ]),
  ) as Record<Scenario, Promise<PromtoolRun>>;
});

/** What a passing run looks like; on failure Jest shows promtool's whole report. */
const PASSED = { status: 0, output: expect.stringContaining('SUCCESS') };

describe('burn-rate alerts under promtool test rules', () => {
  it('pages within minutes of a full outage', async () => {
    expect(await runs['full outage']).toEqual(PASSED);
  });

  it('pages for a sustained 15x burn', async () => {
    expect(await runs['15x burn']).toEqual(PASSED);
    expect(await runs['15x burn after healthy traffic']).toEqual(PASSED);
  });

  it('stays silent at 0.5x', async () => {
    expect(await runs['0.5x burn']).toEqual(PASSED);
  });

  it('opens a ticket, without paging, for a sustained 2x burn', async () => {
    expect(await runs['2x burn']).toEqual(PASSED);
    expect(await runs['2x burn after healthy traffic']).toEqual(PASSED);
  });
});
