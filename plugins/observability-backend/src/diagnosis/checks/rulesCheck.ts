import {
  LabelMatcher,
  matchesLabels,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { PromRuleGroup } from '../../upstreams/clients/PrometheusClient';
import { skipped } from '../DoctorCheck';
import { missingCapability, prometheusCheck } from './upstreamChecks';

/** Check 9: alert rules (and SLO recording rules) exist for the entity. */
export const rulesCheck = prometheusCheck<never>({
  id: 'rules',
  title: 'Alert and SLO rules exist',
  async run({ entity, target, clients }, prometheus, metrics) {
    const unavailable = await missingCapability(clients, 'rules');
    if (unavailable) return skipped(unavailable);
    const groups = await prometheus.rules();
    // Only equality matchers say which labels a rule for the entity carries.
    const equal = (target.alerts?.matchers ?? metrics.matchers).filter(
      m => m.op === '=',
    );
    const { rules, alerts, sloRules } = rulesOf(
      groups,
      equal,
      entity.metadata.name,
    );
    const evidence = [
      {
        label: `${prometheus.name}: GET /api/v1/rules`,
        detail: `${rules.length} rules in ${groups.length} groups`,
      },
      {
        label: `Alert rules with {${renderMatchers(equal)}}`,
        detail: alerts.map(r => r.name).join(', ') || 'none',
      },
      {
        label: `SLO recording rules (sloth_service="${entity.metadata.name}")`,
        detail: `${sloRules.length}`,
      },
    ];
    if (alerts.length === 0) {
      return {
        status: 'warn',
        message: `No alert rules carry the entity's labels {${renderMatchers(
          equal,
        )}}, so nothing pages when it breaks.`,
        evidence,
        fix: {
          summary:
            'Generate the PrometheusRule (RED and SLO burn-rate alerts) for the entity.',
          fixAction: { type: 'generate-monitoring', request: {} },
        },
      };
    }
    return {
      status: 'pass',
      message: `${alerts.length} alert rule(s) and ${sloRules.length} SLO recording rule(s) exist for the entity.`,
      evidence,
    };
  },
});

/** Every rule, and those alerting or recording SLOs for the entity. */
function rulesOf(
  groups: PromRuleGroup[],
  equal: LabelMatcher[],
  entityName: string,
) {
  const rules = groups.flatMap(g => g.rules);
  const alerts = rules.filter(
    r =>
      r.type === 'alerting' &&
      equal.length > 0 &&
      matchesLabels(equal, r.labels ?? {}),
  );
  const sloRules = rules.filter(
    r =>
      r.type === 'recording' &&
      (r.labels?.sloth_service === entityName ||
        (r.name.startsWith('slo:') && matchesLabels(equal, r.labels ?? {}))),
  );
  return { rules, alerts, sloRules };
}
