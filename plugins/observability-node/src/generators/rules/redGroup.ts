import { ResolvedMetricDialect } from '@sightline/plugin-observability-common';
import { formatNumber, sortedMap } from '../naming';
import { DialectQueries } from '../promql';
import { GeneratorTarget } from '../target';
import {
  filterOf,
  GeneratedRule,
  GeneratedRuleGroup,
  withInterval,
} from './ruleGroup';
import { RuleSettings } from './ruleSettings';

/** Names of the RED recording rules (`level:metric:operations`) for a dialect. @public */
export function redRecordingRuleNames(dialect: ResolvedMetricDialect): {
  requestRate: string;
  errorRate: string;
  errorRatio: string;
  bucketRate?: string;
  quantile?: (q: number) => string;
} {
  const requests = dialect.requestMetric.replace(/_total$/, '');
  const duration = dialect.durationMetric;
  return {
    requestRate: `service:${requests}:rate5m`,
    errorRate: `service:${requests}_errors:rate5m`,
    errorRatio: `service:${requests}_errors:ratio_rate5m`,
    ...(duration
      ? {
          bucketRate: `service:${duration}_bucket:rate5m`,
          quantile: (q: number) =>
            `service:${duration}:p${formatNumber(q * 100).replace(
              '.',
              '_',
            )}_rate5m`,
        }
      : {}),
  };
}

/** The RED recording rules of the entity's series. */
export function redGroup(
  target: GeneratorTarget,
  queries: DialectQueries,
  settings: RuleSettings,
): GeneratedRuleGroup {
  const names = redRecordingRuleNames(target.dialect);
  const labels = sortedMap(target.seriesLabels);
  const filter = filterOf(target.seriesLabels);
  const rules: GeneratedRule[] = [
    { record: names.requestRate, expr: queries.requestRate('5m'), labels },
    { record: names.errorRate, expr: queries.errorRate('5m'), labels },
    {
      record: names.errorRatio,
      expr: `${names.errorRate}${filter}\n/\n${names.requestRate}${filter}`,
      labels,
    },
  ];
  if (names.bucketRate && names.quantile) {
    rules.push({
      record: names.bucketRate,
      expr: queries.bucketRates('5m'),
      labels,
    });
    for (const q of [0.5, 0.95, 0.99]) {
      rules.push({
        record: names.quantile(q),
        expr: `histogram_quantile(${q}, ${names.bucketRate}${filter})`,
        labels,
      });
    }
  }
  return withInterval(
    { name: `sightline-red-${target.baseName}`, rules },
    settings,
  );
}
