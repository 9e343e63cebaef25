import {
  LabelMatcher,
  ResolvedMetricDialect,
  SloDefinition,
  escapeRegex,
  parseDuration,
} from '@sightline/plugin-observability-common';
import { selector } from '../metrics/promql';

/**
 * Pyrra's recording rules for one ratio SLO (pyrra-dev/pyrra, slo/rules.go):
 * `<metric>:burnrate<w>` (error ratio over w) and `<metric>:increase<window>`
 * (`sum by (<error labels>) (increase(<total>[window]))`), where `<metric>`
 * is the request counter without `_total`. Every series carries `slo=<name>`
 * and the equality matchers of the total's selector as labels.
 */
export interface PyrraSloRules {
  /** The `slo` label value (the ServiceLevelObjective's name). */
  slo: string;
  /** The recorded series' name prefix, e.g. `http_requests`. */
  metric: string;
  /** Windows with a `:burnrate<w>` rule, by their length in milliseconds. */
  burnRates: Map<number, string>;
  /** Windows with an `:increase<w>` rule, by their length in milliseconds. */
  increases: Map<number, string>;
}

const RULE_NAME = /^(.+):(burnrate|increase)(.+)$/;

/**
 * The `slo` names a Pyrra objective for this SLO may have: Pyrra objectives
 * are Kubernetes objects named per service, e.g. `checkout-availability`.
 */
export function pyrraSloNames(
  definition: SloDefinition,
  service: string,
): string[] {
  return [
    ...new Set([
      `${service}-${definition.id}`,
      `${service}-${definition.name}`,
      definition.id,
    ]),
  ];
}

/** Only equality matchers become labels of Pyrra's recorded series. */
function pyrraLabelMatchers(matchers: LabelMatcher[]): LabelMatcher[] {
  return matchers.filter(m => m.op === '=');
}

/** One instant query: which Pyrra rules exist for these `slo` names. */
export function pyrraDetectionQuery(
  names: string[],
  entityMatchers: LabelMatcher[],
): string {
  return `count by (__name__, slo) (${selector('', [
    { name: '__name__', op: '=~', value: '.+:(burnrate|increase).+' },
    { name: 'slo', op: '=~', value: names.map(escapeRegex).join('|') },
    ...pyrraLabelMatchers(entityMatchers),
  ])})`;
}

/** Groups the detection query's answer by `slo`. */
export function pyrraRulesFound(
  samples: Array<{ metric: Record<string, string> }>,
): Map<string, PyrraSloRules> {
  const found = new Map<string, PyrraSloRules>();
  for (const { metric } of samples) {
    const m = RULE_NAME.exec(metric.__name__ ?? '');
    const windowMs = m && parseDuration(m[3]);
    if (!m || !windowMs || !metric.slo) continue;
    const rules = found.get(metric.slo) ?? {
      slo: metric.slo,
      metric: m[1],
      burnRates: new Map(),
      increases: new Map(),
    };
    if (rules.metric !== m[1]) continue;
    (m[2] === 'burnrate' ? rules.burnRates : rules.increases).set(
      windowMs,
      metric.__name__,
    );
    found.set(metric.slo, rules);
  }
  return found;
}

/**
 * Bad and total events over the window from the `:increase` rule: the
 * dialect's error matchers select the error series among Pyrra's
 * `sum by (<error labels>)` groups.
 */
export function pyrraWindowExpressions(
  rules: PyrraSloRules,
  recordName: string,
  entityMatchers: LabelMatcher[],
  dialect: ResolvedMetricDialect,
) {
  const labels: LabelMatcher[] = [
    { name: 'slo', op: '=', value: rules.slo },
    ...pyrraLabelMatchers(entityMatchers),
  ];
  return {
    bad: `(${[
      ...dialect.errorMatchers.map(
        m => `sum(${selector(recordName, labels, m)})`,
      ),
      'vector(0)',
    ].join(' or ')})`,
    total: `sum(${selector(recordName, labels)})`,
  };
}

/** The `:burnrate<w>` series of the SLO whose names are given. */
export function pyrraBurnRateSelector(
  rules: PyrraSloRules,
  names: string[],
  entityMatchers: LabelMatcher[],
): string {
  return selector('', [
    { name: '__name__', op: '=~', value: names.map(escapeRegex).join('|') },
    { name: 'slo', op: '=', value: rules.slo },
    ...pyrraLabelMatchers(entityMatchers),
  ]);
}
