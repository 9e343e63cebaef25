import {
  OBSERVABILITY_ANNOTATIONS as A,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { ENTITY_REF_ANNOTATION } from './metadata';
import { formatNumber, toDnsLabel } from './naming';
import { DialectQueries } from './promql';
import { slothId } from './rules/slothConventions';
import { sloGoodTotal } from './slo';
import { GeneratorTarget } from './target';
import { GeneratorSlo } from './types';

/** A Prometheus query as an OpenSLO v1 `metricSource`. @public */
export interface OpenSloMetricSource {
  metricSource: { type: 'Prometheus'; spec: { query: string } };
}

/** An OpenSLO v1 `kind: SLO` document, as much of it as the generators write. @public */
export interface OpenSloDocument {
  apiVersion: 'openslo/v1';
  kind: 'SLO';
  metadata: {
    name: string;
    displayName: string;
    annotations: Record<string, string>;
  };
  spec: {
    description: string;
    service: string;
    indicator: {
      metadata: { name: string };
      spec: {
        ratioMetric: {
          counter: true;
          good: OpenSloMetricSource;
          total: OpenSloMetricSource;
        };
      };
    };
    timeWindow: { duration: string; isRolling: true }[];
    budgetingMethod: 'Occurrences';
    objectives: { displayName: string; target: number }[];
  };
}

/** OpenSLO durations take a single unit: whole days, else whole hours. */
function openSloDuration(ms: number): string {
  const day = 86_400_000;
  return ms % day === 0 ? `${ms / day}d` : `${ms / 3_600_000}h`;
}

function describe(slo: GeneratorSlo): string {
  const percent = formatNumber(slo.objective * 100);
  if (slo.kind === 'latency') {
    return `${percent}% of requests complete within ${formatNumber(
      (slo.latencyThresholdSeconds ?? 0) * 1000,
    )}ms`;
  }
  return `${percent}% of requests succeed`;
}

/**
 * The entity's SLOs as OpenSLO v1 `SLO` documents with an inline
 * `ratioMetric` indicator: `good` and `total` are PromQL over the raw
 * counters (`counter: true`), so a reader applies its own windows.
 *
 * @public
 */
export function buildOpenSlo(
  target: GeneratorTarget,
  slothService: string,
): OpenSloDocument[] {
  const queries = new DialectQueries(target.matchers, target.dialect);
  return target.slos.map(slo => {
    const name = toDnsLabel(`${target.entityName}-${slo.name}`);
    const { good, total } = sloGoodTotal(slo, queries);
    const source = (query: string): OpenSloMetricSource => ({
      metricSource: { type: 'Prometheus', spec: { query } },
    });
    return {
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: {
        name,
        displayName: `${target.entityName} ${slo.name}`,
        annotations: {
          [ENTITY_REF_ANNOTATION]: target.entityRef,
          [A.prometheusSelector]: renderMatchers(target.matchers),
          'sightline.dev/sloth-id': slothId(slothService, slo),
        },
      },
      spec: {
        description: slo.description ?? `${describe(slo)} (${slo.kind}).`,
        service: target.entityName,
        indicator: {
          metadata: { name: `${name}-sli` },
          spec: {
            ratioMetric: {
              counter: true,
              good: source(good),
              total: source(total),
            },
          },
        },
        timeWindow: [
          { duration: openSloDuration(slo.windowMs), isRolling: true },
        ],
        budgetingMethod: 'Occurrences',
        objectives: [
          {
            displayName: describe(slo),
            target: Number(formatNumber(slo.objective)),
          },
        ],
      },
    };
  });
}
