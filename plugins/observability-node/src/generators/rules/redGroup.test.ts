import {
  shop,
  rulesOptions,
  checkout,
  groups,
} from '../__fixtures__/checkoutRules';
import { generatePrometheusRule } from '../generateMonitoring';
import { resolveMetricDialect } from '../target';

describe('RED recording rules', () => {
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
});
