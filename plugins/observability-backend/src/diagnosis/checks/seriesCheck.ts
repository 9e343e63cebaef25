import {
  DiagnosisEvidence,
  DiagnosisFix,
  LabelMatcher,
  OBSERVABILITY_ANNOTATIONS as A,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { renderYaml } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../../upstreams/clients/PrometheusClient';
import { closestFirst } from '../closest';
import { CheckOutcome, Finding } from '../DoctorCheck';
import { ReadableNames, readableFirst } from '../readableNames';
import {
  DashboardQueries,
  dashboardQueries,
  queriesWithoutNamespace,
} from './dashboardQueries';
import { MetricsTarget, prometheusCheck } from './upstreamChecks';
import { annotationFix, LOOKBACK, SUGGESTIONS } from './telemetry';

/** Something that leaves panels empty or wrong although series exist. */
interface Problem {
  text: string;
  fix: DiagnosisFix;
}

/**
 * Check 6: series carry the entity's labels; then its metric dialect, its
 * latency histogram and namespace filters in the selector and dashboards.
 * Finds whether any series exist.
 */
export const seriesCheck = prometheusCheck<boolean>({
  id: 'series',
  title: 'Series exist for the entity',
  async run(context, prometheus): Promise<Finding<boolean>> {
    const { clients, entity, now, readable, target, targets } = context;
    // Detect the dialect here, so a slow Prometheus delays only this check.
    const [detected, dashboards] = await Promise.all([
      targets.resolve(entity, { atMs: now }),
      dashboardQueries(clients, target),
    ]);
    const metrics = detected.metrics!;
    const names = await namesWith(
      prometheus,
      metrics.matchers,
      '__name__',
      now,
    );
    const evidence = [
      {
        label: `${prometheus.name}: count by (__name__) ({${metrics.selector}}) over ${LOOKBACK}`,
        detail: names.length
          ? `${names.length} metric names, e.g. ${names.slice(0, 8).join(', ')}`
          : 'no series',
      },
    ];
    if (names.length === 0) {
      const why = await noSeries(prometheus, metrics, now, readable, evidence);
      return { found: false, ...why };
    }
    const problems = [
      dialectProblem(metrics, names, evidence),
      namespaceProblem(metrics, context.workload.namespace),
      dashboardProblem(dashboards, names, context.workload.namespace, evidence),
    ].filter((p): p is Problem => p !== undefined);
    return { found: true, ...judgeSeries(metrics, names, problems, evidence) };
  },
});

/** The values of label `by` among the series matching `matchers`. */
async function namesWith(
  prometheus: PrometheusClient,
  matchers: LabelMatcher[],
  by: string,
  now: number,
): Promise<string[]> {
  const samples = await prometheus.instant(
    `count by (${by}) (last_over_time({${renderMatchers(
      matchers,
    )}}[${LOOKBACK}]))`,
    now,
  );
  return samples.map(s => s.metric[by]).filter((v): v is string => !!v);
}

/** Which equality matcher excludes every series: each is dropped in turn. */
async function noSeries(
  prometheus: PrometheusClient,
  metrics: MetricsTarget,
  now: number,
  readable: ReadableNames,
  evidence: DiagnosisEvidence[],
): Promise<CheckOutcome> {
  for (const m of metrics.matchers.filter(x => x.op === '=')) {
    const rest = metrics.matchers.filter(x => x !== m);
    if (rest.length === 0) continue;
    const values = await namesWith(prometheus, rest, m.name, now);
    if (values.length === 0) continue;
    const suggestions = await readableFirst(
      readable,
      closestFirst(m.value, values),
      SUGGESTIONS,
    );
    evidence.push({
      label: `Values of ${m.name} among {${renderMatchers(rest)}}`,
      detail:
        suggestions.join(', ') ||
        `${values.length}, none naming an entity you can read`,
    });
    return wrongValue(metrics, m, suggestions, evidence);
  }
  return {
    status: 'fail',
    message: `No series match {${metrics.selector}} in the last ${LOOKBACK}.`,
    evidence,
    fix: {
      summary:
        'Nothing is scraped for these labels: fix the scrape target (checks above) or the selector annotation.',
    },
  };
}

/** Matcher `m` names a value no series has; the closest readable value fixes it. */
function wrongValue(
  metrics: MetricsTarget,
  m: LabelMatcher,
  suggestions: string[],
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const message = `No series match {${metrics.selector}}: no series has ${
    m.name
  }="${m.value}"; with the other matchers, ${m.name} is ${
    suggestions.join(', ') || 'only what names no entity you can read'
  }.`;
  if (suggestions.length === 0) {
    return {
      status: 'fail',
      message,
      evidence,
      fix: { summary: `Correct ${m.name} in ${A.prometheusSelector}.` },
    };
  }
  const corrected = renderMatchers(
    metrics.matchers.map(x => (x === m ? { ...m, value: suggestions[0] } : x)),
  );
  return {
    status: 'fail',
    message,
    evidence,
    fix: {
      summary: `Correct ${A.prometheusSelector} (closest ${m.name}: ${suggestions[0]}).`,
      yaml: annotationFix(A.prometheusSelector, corrected),
    },
  };
}

function judgeSeries(
  metrics: MetricsTarget,
  names: string[],
  problems: Problem[],
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  if (problems.length === 0) {
    return {
      status: 'pass',
      message: `${names.length} metrics exist for {${metrics.selector}}; dialect ${metrics.dialect?.title}, latency histogram present.`,
      evidence,
    };
  }
  return {
    status: 'warn',
    message: `Series exist for {${metrics.selector}}, but ${problems
      .map(p => p.text)
      .join('; ')}.`,
    evidence,
    // Every problem's fix; the YAML of the first that has one.
    fix: {
      summary: problems.map(p => p.fix.summary).join(' '),
      yaml: problems.find(p => p.fix.yaml)?.fix.yaml,
    },
  };
}

/** No known dialect's request metric, or its latency histogram, exists. */
function dialectProblem(
  metrics: MetricsTarget,
  names: string[],
  evidence: DiagnosisEvidence[],
): Problem | undefined {
  const dialect = metrics.dialect;
  evidence.push({
    label: 'Metric dialect',
    detail: dialect
      ? `${dialect.title} (${dialect.source}): requests ${
          dialect.requestMetric
        }, duration ${dialect.durationMetric ?? 'none'}`
      : metrics.detection?.failure ??
        'none of the known dialects’ request metrics exist',
  });
  if (!dialect) {
    return {
      text: 'none of the known request metrics exists, so rate, errors and latency stay empty',
      fix: {
        summary: `Name the request metric: ${A.metricsDialect}: custom with ${A.requestMetric} (one of the metrics found).`,
        yaml: renderYaml([
          {
            metadata: {
              annotations: {
                [A.metricsDialect]: 'custom',
                [A.requestMetric]:
                  names.find(n => n.endsWith('_total')) ?? names[0],
              },
            },
          },
        ]),
      },
    };
  }
  if (!dialect.durationMetric) return undefined;
  const histogram = `${dialect.durationMetric}_bucket`;
  const hasHistogram =
    names.includes(histogram) || names.includes(dialect.durationMetric);
  evidence.push({
    label: `Latency histogram ${histogram}`,
    detail: hasHistogram ? 'exists' : 'missing',
  });
  if (hasHistogram) return undefined;
  return {
    text: `the latency histogram ${histogram} does not exist, so latency panels and latency SLOs stay empty`,
    fix: {
      summary: `Export a histogram named ${dialect.durationMetric} (or set ${A.durationMetric}).`,
    },
  };
}

/** Seed 004: a query without the namespace filter shows ALL apps. */
function namespaceProblem(
  metrics: MetricsTarget,
  namespace: string,
): Problem | undefined {
  if (metrics.matchers.some(m => m.name === 'namespace')) return undefined;
  return {
    text: `the selector has no namespace matcher, so its queries also match same-named services of other namespaces`,
    fix: {
      summary: `Add namespace="${namespace}" to ${A.prometheusSelector}.`,
      yaml: annotationFix(
        A.prometheusSelector,
        renderMatchers([
          { name: 'namespace', op: '=', value: namespace },
          ...metrics.matchers,
        ]),
      ),
    },
  };
}

function dashboardProblem(
  dashboards: DashboardQueries,
  names: string[],
  namespace: string,
  evidence: DiagnosisEvidence[],
): Problem | undefined {
  const unfiltered = queriesWithoutNamespace(dashboards.queries, names);
  evidence.push({
    label: 'Grafana dashboard queries of these metrics',
    detail:
      dashboards.problem ??
      `${dashboards.queries.length} read, ${unfiltered.length} without a namespace filter`,
  });
  if (unfiltered.length === 0) return undefined;
  const q = unfiltered[0];
  return {
    text: `dashboard '${q.dashboard}' panel '${q.panel}' queries ${q.expr} without a namespace filter, so it shows ALL apps`,
    fix: {
      summary: `Add namespace="${namespace}" to every selector of the queries in dashboard '${
        q.dashboard
      }' (${unfiltered.map(u => `'${u.panel}'`).join(', ')}).`,
    },
  };
}
