import {
  escapeRegex,
  LabelMatcher,
  matchesLabels,
  OBSERVABILITY_ANNOTATIONS,
  renderMatchers,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { renderYaml } from '@sightline/plugin-observability-node';
import { GrafanaPanelQuery } from '../upstreams/clients/GrafanaClient';
import { LokiClient } from '../upstreams/clients/LokiClient';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { TraceBackend } from '../traces/TraceBackend';
import { closestFirst } from './closest';
import { ReadableNames, readableFirst, readableList } from './readableNames';
import { CheckOutcome } from './types';

/** How far back "has data" looks: an idle service still counts. */
const LOOKBACK = '1h';
const LOOKBACK_MS = 3_600_000;
/** Closest matches shown when something does not exist. */
const SUGGESTIONS = 5;

function annotationFix(annotation: string, value: string) {
  return renderYaml([{ metadata: { annotations: { [annotation]: value } } }]);
}

// ---------------------------------------------------------------------------
// Check 5: an active, healthy scrape target

export async function checkScrapeTarget(
  prometheus: PrometheusClient,
  metrics: NonNullable<TelemetryTarget['metrics']>,
  readable: ReadableNames,
): Promise<CheckOutcome & { found: boolean }> {
  const targets = await prometheus.targets();
  const mine = targets.filter(t => matchesLabels(metrics.matchers, t.labels));
  const evidence = [
    {
      label: `${prometheus.name}: GET /api/v1/targets?state=active`,
      detail: `${targets.length} active targets, ${mine.length} with labels {${metrics.selector}}`,
    },
    ...mine.map(t => ({
      label: `Target ${t.scrapeUrl} (${t.scrapePool})`,
      detail: `${t.health}${t.lastError ? `: ${t.lastError}` : ''}`,
    })),
  ];
  if (mine.length === 0) {
    return {
      found: false,
      status: 'fail',
      message: `${prometheus.name} has no active scrape target with labels {${metrics.selector}}: nothing scrapes this service.`,
      evidence: [
        ...evidence,
        {
          label: 'Scrape pools',
          detail: await readableList(
            readable,
            [...new Set(targets.map(t => t.scrapePool))],
            scrapePoolName,
          ),
        },
      ],
      fix: {
        summary:
          'Create a ServiceMonitor (or PodMonitor) that the Prometheus loads, or correct sightline.dev/prometheus-selector to the labels the existing target carries.',
        fixAction: { type: 'generate-monitoring', request: {} },
      },
    };
  }
  const down = mine.filter(t => t.health !== 'up');
  if (down.length === 0) {
    return {
      found: true,
      status: 'pass',
      message: `${mine.length} target(s) up: ${mine
        .map(t => t.scrapeUrl)
        .join(', ')}.`,
      evidence,
    };
  }
  const first = down[0];
  const error = first.lastError || 'no error reported yet';
  let summary = `Make ${first.scrapeUrl} answer with metrics.`;
  if (/connection refused|no such host|i\/o timeout/i.test(error)) {
    summary = `Nothing answers at ${first.scrapeUrl}: the monitor's endpoint port must name the container port the application serves metrics on (and the Pod must be running).`;
  } else if (/404/.test(error)) {
    summary = `${first.scrapeUrl} answers 404: set the monitor's endpoints[].path to the path the application serves metrics on.`;
  } else if (/40[13]/.test(error)) {
    summary = `${first.scrapeUrl} refuses the scrape: configure the monitor's authorization (endpoints[].authorization / bearerTokenSecret).`;
  }
  return {
    found: true,
    status: 'fail',
    message: `${down.length} of ${mine.length} target(s) down: ${
      first.scrapeUrl
    } (job ${first.labels.job ?? first.scrapePool}) — ${error}.`,
    evidence,
    fix: { summary },
  };
}

/**
 * What a scrape pool is named after: the monitor's name in the Prometheus
 * Operator's `serviceMonitor/<namespace>/<name>/<endpoint>`, else the job.
 */
function scrapePoolName(pool: string): string {
  const parts = pool.split('/');
  return parts.length === 4 ? parts[2] : pool;
}

// ---------------------------------------------------------------------------
// Check 6: series, dialect, histogram, namespace filter

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

/**
 * Dashboard queries that read one of the entity's metrics without any
 * namespace matcher: seed 004's "shows ALL apps" mistake.
 */
export function queriesWithoutNamespace(
  queries: GrafanaPanelQuery[],
  metricNames: string[],
): GrafanaPanelQuery[] {
  const mentions = (expr: string) =>
    metricNames.some(name =>
      new RegExp(
        `(^|[^a-zA-Z0-9_:])${escapeRegex(name)}($|[^a-zA-Z0-9_:])`,
      ).test(expr),
    );
  return queries.filter(
    q => mentions(q.expr) && !/\bnamespace\s*(=|!=|=~|!~)/.test(q.expr),
  );
}

export async function checkSeries(
  prometheus: PrometheusClient,
  metrics: NonNullable<TelemetryTarget['metrics']>,
  namespace: string,
  now: number,
  readable: ReadableNames,
  dashboards: { queries: GrafanaPanelQuery[]; problem?: string } = {
    queries: [],
  },
): Promise<CheckOutcome & { found: boolean }> {
  const names = await namesWith(prometheus, metrics.matchers, '__name__', now);
  const evidence = [
    {
      label: `${prometheus.name}: count by (__name__) ({${metrics.selector}}) over ${LOOKBACK}`,
      detail: names.length
        ? `${names.length} metric names, e.g. ${names.slice(0, 8).join(', ')}`
        : 'no series',
    },
  ];
  if (names.length === 0) {
    // Which matcher excludes everything: drop each in turn.
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
      const message = `No series match {${metrics.selector}}: no series has ${
        m.name
      }="${m.value}"; with the other matchers, ${m.name} is ${
        suggestions.join(', ') || 'only what names no entity you can read'
      }.`;
      if (suggestions.length === 0) {
        return {
          found: false,
          status: 'fail',
          message,
          evidence,
          fix: {
            summary: `Correct ${m.name} in ${OBSERVABILITY_ANNOTATIONS.prometheusSelector}.`,
          },
        };
      }
      const corrected = renderMatchers(
        metrics.matchers.map(x =>
          x === m ? { ...m, value: suggestions[0] } : x,
        ),
      );
      return {
        found: false,
        status: 'fail',
        message,
        evidence,
        fix: {
          summary: `Correct ${OBSERVABILITY_ANNOTATIONS.prometheusSelector} (closest ${m.name}: ${suggestions[0]}).`,
          yaml: annotationFix(
            OBSERVABILITY_ANNOTATIONS.prometheusSelector,
            corrected,
          ),
        },
      };
    }
    return {
      found: false,
      status: 'fail',
      message: `No series match {${metrics.selector}} in the last ${LOOKBACK}.`,
      evidence,
      fix: {
        summary:
          'Nothing is scraped for these labels: fix the scrape target (checks above) or the selector annotation.',
      },
    };
  }

  const problems: string[] = [];
  // Every problem's fix; the YAML of the first that has one.
  const fixes: NonNullable<CheckOutcome['fix']>[] = [];
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
    problems.push(
      'none of the known request metrics exists, so rate, errors and latency stay empty',
    );
    fixes.push({
      summary: `Name the request metric: ${OBSERVABILITY_ANNOTATIONS.metricsDialect}: custom with ${OBSERVABILITY_ANNOTATIONS.requestMetric} (one of the metrics found).`,
      yaml: renderYaml([
        {
          metadata: {
            annotations: {
              [OBSERVABILITY_ANNOTATIONS.metricsDialect]: 'custom',
              [OBSERVABILITY_ANNOTATIONS.requestMetric]:
                names.find(n => n.endsWith('_total')) ?? names[0],
            },
          },
        },
      ]),
    });
  } else if (dialect.durationMetric) {
    const histogram = `${dialect.durationMetric}_bucket`;
    const hasHistogram =
      names.includes(histogram) || names.includes(dialect.durationMetric);
    evidence.push({
      label: `Latency histogram ${histogram}`,
      detail: hasHistogram ? 'exists' : 'missing',
    });
    if (!hasHistogram) {
      problems.push(
        `the latency histogram ${histogram} does not exist, so latency panels and latency SLOs stay empty`,
      );
      fixes.push({
        summary: `Export a histogram named ${dialect.durationMetric} (or set ${OBSERVABILITY_ANNOTATIONS.durationMetric}).`,
      });
    }
  }
  if (!metrics.matchers.some(m => m.name === 'namespace')) {
    // Seed 004: a query without the namespace filter shows ALL apps.
    problems.push(
      `the selector has no namespace matcher, so its queries also match same-named services of other namespaces`,
    );
    fixes.push({
      summary: `Add namespace="${namespace}" to ${OBSERVABILITY_ANNOTATIONS.prometheusSelector}.`,
      yaml: annotationFix(
        OBSERVABILITY_ANNOTATIONS.prometheusSelector,
        renderMatchers([
          { name: 'namespace', op: '=', value: namespace },
          ...metrics.matchers,
        ]),
      ),
    });
  }
  const unfiltered = queriesWithoutNamespace(dashboards.queries, names);
  evidence.push({
    label: 'Grafana dashboard queries of these metrics',
    detail:
      dashboards.problem ??
      `${dashboards.queries.length} read, ${unfiltered.length} without a namespace filter`,
  });
  if (unfiltered.length > 0) {
    const q = unfiltered[0];
    problems.push(
      `dashboard '${q.dashboard}' panel '${q.panel}' queries ${q.expr} without a namespace filter, so it shows ALL apps`,
    );
    fixes.push({
      summary: `Add namespace="${namespace}" to every selector of the queries in dashboard '${
        q.dashboard
      }' (${unfiltered.map(u => `'${u.panel}'`).join(', ')}).`,
    });
  }
  return {
    found: true,
    status: problems.length > 0 ? 'warn' : 'pass',
    message:
      problems.length > 0
        ? `Series exist for {${metrics.selector}}, but ${problems.join('; ')}.`
        : `${names.length} metrics exist for {${metrics.selector}}; dialect ${dialect?.title}, latency histogram present.`,
    evidence,
    ...(fixes.length > 0
      ? {
          fix: {
            summary: fixes.map(f => f.summary).join(' '),
            yaml: fixes.find(f => f.yaml)?.yaml,
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------
// Check 7: log streams

export async function checkLogs(
  loki: LokiClient,
  logs: NonNullable<TelemetryTarget['logs']>,
  now: number,
  readable: ReadableNames,
): Promise<CheckOutcome> {
  const range = { start: now - LOOKBACK_MS, end: now };
  const streams = await loki.series(logs.selector, range);
  const evidence = [
    {
      label: `${loki.name}: /loki/api/v1/series ${logs.selector} (last hour)`,
      detail: streams.length
        ? `${streams.length} stream(s), e.g. {${Object.entries(streams[0])
            .map(([k, v]) => `${k}="${v}"`)
            .join(', ')}}`
        : 'no streams',
    },
  ];
  if (streams.length > 0) {
    return {
      status: 'pass',
      message: `${streams.length} log stream(s) match ${logs.selector}.`,
      evidence,
    };
  }
  const labelNames = await loki.labelNames(range);
  evidence.push({
    label: `${loki.name}: /loki/api/v1/labels`,
    detail: labelNames.join(', ') || 'none',
  });
  const corrected = [...logs.matchers];
  const problems: string[] = [];
  for (const [i, m] of logs.matchers.entries()) {
    if (m.op !== '=') continue;
    if (!labelNames.includes(m.name)) {
      // The collector may write the same value under another label name
      // (Fluent Bit: kubernetes_namespace_name; Promtail: namespace).
      const holders: string[] = [];
      for (const name of labelNames) {
        if ((await loki.labelValues(name, range)).includes(m.value)) {
          holders.push(name);
        }
      }
      evidence.push({
        label: `Labels whose values include "${m.value}"`,
        detail: holders.join(', ') || 'none',
      });
      problems.push(
        holders.length
          ? `Loki has no label '${m.name}'; your collector writes "${
              m.value
            }" as ${holders.map(h => `'${h}'`).join(' / ')}`
          : `Loki has no label '${m.name}' and no label with the value "${m.value}"`,
      );
      if (holders.length) corrected[i] = { ...m, name: holders[0] };
      continue;
    }
    const values = await loki.labelValues(m.name, range);
    if (!values.includes(m.value)) {
      const suggestions = await readableFirst(
        readable,
        closestFirst(m.value, values),
        SUGGESTIONS,
      );
      evidence.push({
        label: `Values of ${m.name}`,
        detail:
          suggestions.join(', ') ||
          (values.length ? 'none naming an entity you can read' : 'none'),
      });
      problems.push(
        `no stream has ${m.name}="${m.value}"${
          suggestions.length ? ` (closest: ${suggestions.join(', ')})` : ''
        }`,
      );
      if (suggestions.length) corrected[i] = { ...m, value: suggestions[0] };
    }
  }
  const changed = corrected.some((m, i) => m !== logs.matchers[i]);
  return {
    status: 'fail',
    message: `No log streams match ${logs.selector}${
      problems.length ? `: ${problems.join('; ')}` : ''
    }.`,
    evidence,
    fix: changed
      ? {
          summary: `Use the labels your log collector writes in ${OBSERVABILITY_ANNOTATIONS.logSelector}.`,
          yaml: annotationFix(
            OBSERVABILITY_ANNOTATIONS.logSelector,
            `{${renderMatchers(corrected)}}`,
          ),
        }
      : {
          summary: `Ship the service's logs to Loki, or set ${OBSERVABILITY_ANNOTATIONS.logSelector} to the labels its streams carry.`,
        },
  };
}

// ---------------------------------------------------------------------------
// Check 8: spans

export async function checkTraces(
  backend: TraceBackend,
  serviceName: string,
  now: number,
  readable: ReadableNames,
): Promise<CheckOutcome> {
  const { traces } = await backend.search({
    serviceName,
    range: { start: now - LOOKBACK_MS, end: now },
    limit: 1,
  });
  const evidence = [
    {
      label: `${backend.name}: traces of service.name "${serviceName}" (last hour)`,
      detail: traces.length ? 'found' : 'none',
    },
  ];
  if (traces.length > 0) {
    return {
      status: 'pass',
      message: `${backend.name} has spans of service '${serviceName}' in the last hour.`,
      evidence,
    };
  }
  const all = await backend.serviceNames();
  const known = await readableFirst(
    readable,
    closestFirst(serviceName, all),
    10,
  );
  evidence.push({
    label: `${backend.name}: service names of entities you can read, closest first`,
    detail: known.join(', ') || 'none',
  });
  const known0 = known[0];
  let knows = ' It knows no services at all.';
  if (known.length)
    knows = ` It knows ${known.slice(0, SUGGESTIONS).join(', ')}.`;
  else if (all.length)
    knows = ' It knows no service of an entity you can read.';
  return {
    status: 'fail',
    message: `${backend.name} has no spans of service '${serviceName}' in the last hour.${knows}`,
    evidence,
    fix: known0
      ? {
          summary: `Set ${OBSERVABILITY_ANNOTATIONS.traceService} to the service.name the application reports (closest: ${known0}), or set OTEL_SERVICE_NAME=${serviceName} in the application.`,
          yaml: annotationFix(OBSERVABILITY_ANNOTATIONS.traceService, known0),
        }
      : {
          summary: `Instrument the application with OpenTelemetry and export to ${backend.name} with OTEL_SERVICE_NAME=${serviceName}.`,
        },
  };
}

// ---------------------------------------------------------------------------
// Check 9: alert and SLO recording rules

export async function checkRules(
  prometheus: PrometheusClient,
  alertMatchers: LabelMatcher[],
  entityName: string,
): Promise<CheckOutcome> {
  const groups = await prometheus.rules();
  const rules = groups.flatMap(g =>
    g.rules.map(r => ({ ...r, group: g.name })),
  );
  // Only equality matchers say which labels a rule for the entity carries.
  const equal = alertMatchers.filter(m => m.op === '=');
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
      label: `SLO recording rules (sloth_service="${entityName}")`,
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
}
