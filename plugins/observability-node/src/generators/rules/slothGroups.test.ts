import {
  DAY_MS,
  shop,
  availability,
  latency,
  rulesOptions,
  checkout,
  groups,
  rulesOf,
} from '../__fixtures__/checkoutRules';
import { generatePrometheusRule } from '../generateMonitoring';
import { resolveMetricDialect } from '../target';

describe('Sloth SLO rules', () => {
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
});
