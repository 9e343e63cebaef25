import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { matchesLabels } from '@sightline/plugin-observability-common';
import { loadEntity } from '../__fixtures__/cases';
import {
  shop,
  availability,
  latency,
  rulesOptions,
  checkout,
  groups,
  rulesOf,
} from '../__fixtures__/checkoutRules';
import {
  generateMonitoring,
  generatePrometheusRule,
} from '../generateMonitoring';

describe('plain alerts', () => {
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
});
