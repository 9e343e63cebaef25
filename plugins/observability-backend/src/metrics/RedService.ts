import { InputError, NotFoundError } from '@backstage/errors';
import {
  BuiltQuery,
  Exemplar,
  formatDuration,
  MetricsProblemReason,
  RedBreakdownBy,
  RedBreakdownResponse,
  RedResponse,
  RedSummary,
  TelemetryTarget,
  TimeSeries,
} from '@sightline/plugin-observability-common';
import {
  PromInstantSample,
  PromRangeSeries,
  PrometheusClient,
} from '../upstreams/clients/PrometheusClient';
import { sampleExemplars } from './exemplarSample';
import { RedQueries, selector } from './promql';
import { TimeRange } from '../http/TimeRange';
import { UpstreamClients } from '../upstreams/UpstreamClients';

/** Rates need at least a few scrapes per window; backfilled history has 1-minute samples. */
const MIN_RATE_WINDOW_MS = 5 * 60_000;
const MAX_BREAKDOWN_ROWS = 50;
const MAX_EXEMPLARS = 200;
/** Names each figure in the combined headline query. */
const FIGURE_LABEL = 'sightline_figure';

/**
 * Significant digits kept in chart points. Charts and tooltips show three;
 * the seventeen Prometheus sends were over a third of a 7-day RED payload
 * (bench/payload.ts). Summaries keep full precision.
 */
const POINT_PRECISION = 5;

export function toSeries(result: PromRangeSeries[]): TimeSeries[] {
  return result.map(s => ({
    labels: s.metric,
    points: s.values
      .map(([t, v]) => [t * 1000, Number(v)] as [number, number])
      .filter(([, v]) => Number.isFinite(v))
      .map(([t, v]) => [t, Number(v.toPrecision(POINT_PRECISION))]),
  }));
}

function scalar(result: PromInstantSample[]): number | undefined {
  const value = result.length ? Number(result[0].value[1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** `503` → `5xx`; a non-numeric outcome (`error`, `ok`) stays itself. */
function statusClass(value: string): string {
  return /^\d{3}$/.test(value) ? `${value[0]}xx` : value || 'unknown';
}

/** Sums series point by point into one series per status class. */
function groupByStatusClass(
  series: TimeSeries[],
  statusLabels: string[],
): TimeSeries[] {
  const classes = new Map<string, Map<number, number>>();
  for (const s of series) {
    const value =
      statusLabels.map(l => s.labels[l]).find(v => v !== undefined) ?? '';
    const key = statusClass(value);
    const points = classes.get(key) ?? new Map<number, number>();
    for (const [t, v] of s.points) points.set(t, (points.get(t) ?? 0) + v);
    classes.set(key, points);
  }
  return [...classes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, points]) => ({
      labels: { status },
      points: [...points.entries()].sort(([a], [b]) => a - b),
    }));
}

/** Rate, errors and duration of an entity, built in its metric dialect. */
export class RedService {
  constructor(private readonly clients: UpstreamClients) {}

  async red(target: TelemetryTarget, range: TimeRange): Promise<RedResponse> {
    const prometheus = this.clients.forCluster(target.cluster).prometheus();
    const { metrics, dialect } = await requireMetrics(target, prometheus);
    const q = new RedQueries(metrics.matchers, dialect);
    const window = formatDuration(Math.max(range.stepMs, MIN_RATE_WINDOW_MS));
    const spanMs = range.end - range.start;
    const whole = formatDuration(spanMs);

    const queries: BuiltQuery[] = [
      { name: 'requestRate', query: q.requestRate(window, q.statusLabels) },
      { name: 'errorRatio', query: q.errorRatio(window) },
    ];
    const quantiles = [0.5, 0.95, 0.99] as const;
    for (const quantile of quantiles) {
      const query = q.latencyQuantile(quantile, window);
      if (query) queries.push({ name: `latencyP${quantile * 100}`, query });
    }

    const summaryAt = headlineFigures(prometheus, q, whole);

    const [series, summary, previous, exemplars] = await Promise.all([
      Promise.all(queries.map(({ query }) => prometheus.range(query, range))),
      summaryAt(range.end),
      summaryAt(range.start),
      this.exemplars(prometheus, q, range),
    ]);
    const byName = Object.fromEntries(
      queries.map(({ name }, i) => [name, toSeries(series[i])]),
    );

    return {
      entityRef: target.entityRef,
      cluster: target.cluster,
      dialect,
      range,
      rateWindow: window,
      requestRate: groupByStatusClass(byName.requestRate, q.statusLabels),
      errorRatio: byName.errorRatio,
      latency: dialect.durationMetric
        ? {
            p50: byName.latencyP50,
            p95: byName.latencyP95,
            p99: byName.latencyP99,
          }
        : undefined,
      summary,
      previous,
      exemplars,
      queries,
    };
  }

  /**
   * The headline figures (rate, error ratio, p50/p95/p99) over the
   * `windowMs` that ends at `at`, in one query: what a rollout's before and
   * after are compared by.
   */
  async summary(
    target: TelemetryTarget,
    at: number,
    windowMs: number,
  ): Promise<RedSummary> {
    const prometheus = this.clients.forCluster(target.cluster).prometheus();
    const { metrics, dialect } = await requireMetrics(target, prometheus);
    const q = new RedQueries(metrics.matchers, dialect);
    return headlineFigures(prometheus, q, formatDuration(windowMs))(at);
  }

  async breakdown(
    target: TelemetryTarget,
    range: TimeRange,
    requested: RedBreakdownBy | undefined,
    limit: number,
  ): Promise<RedBreakdownResponse> {
    const prometheus = this.clients.forCluster(target.cluster).prometheus();
    const { metrics, dialect } = await requireMetrics(target, prometheus);
    const q = new RedQueries(metrics.matchers, dialect);
    const labels: Record<RedBreakdownBy, string | undefined> = {
      route: dialect.routeLabel,
      status: q.statusLabels[0],
    };
    const breakdowns = (['route', 'status'] as const).filter(b => labels[b]);
    const by = requested ?? breakdowns[0];
    const label = by ? labels[by] : undefined;
    if (!by || !label) {
      throw new InputError(
        `The ${dialect.id} dialect has no label naming the ${
          by ?? 'route or status'
        }${
          breakdowns.length ? `; break down by ${breakdowns[0]} instead` : ''
        }`,
      );
    }
    const rows = Math.min(Math.max(1, limit), MAX_BREAKDOWN_ROWS);
    const whole = formatDuration(range.end - range.start);
    const p95 = q.latencyQuantile(0.95, whole, [label]);
    const [rates, errors, latencies] = await Promise.all([
      prometheus.instant(
        `topk(${rows}, ${q.requestRate(whole, [label])})`,
        range.end,
      ),
      by === 'route'
        ? prometheus.instant(q.errorRate(whole, [label]), range.end)
        : Promise.resolve([]),
      p95 ? prometheus.instant(p95, range.end) : Promise.resolve([]),
    ]);
    const valueOf = (samples: PromInstantSample[], key: string) => {
      const sample = samples.find(s => (s.metric[label] ?? '') === key);
      const value = sample ? Number(sample.value[1]) : NaN;
      return Number.isFinite(value) ? value : undefined;
    };
    return {
      entityRef: target.entityRef,
      by,
      label,
      breakdowns,
      rows: rates
        .map(sample => {
          const key = sample.metric[label] ?? '';
          const requestRate = Number(sample.value[1]);
          const errorRate =
            by === 'route' ? valueOf(errors, key) ?? 0 : undefined;
          return {
            key,
            requestRate,
            errorRatio:
              requestRate > 0 && errorRate !== undefined
                ? errorRate / requestRate
                : undefined,
            latencyP95: valueOf(latencies, key),
          };
        })
        .sort((a, b) => b.requestRate - a.requestRate),
    };
  }

  private async exemplars(
    prometheus: PrometheusClient,
    q: RedQueries,
    range: TimeRange,
  ): Promise<Exemplar[]> {
    const buckets = q.bucketSelector();
    if (!buckets) return [];
    // Exemplars are optional upstream (--enable-feature=exemplar-storage); their absence is not an error.
    const result = await prometheus.exemplars(buckets, range).catch(() => []);
    const all = result.flatMap(({ seriesLabels, exemplars }) => {
      const { __name__, le, ...series } = seriesLabels;
      const error = q.isError(series);
      return exemplars.map(e => ({
        timestamp: Math.round(e.timestamp * 1000),
        value: Number(e.value) / q.durationDivisor,
        traceId: e.labels.trace_id ?? e.labels.traceID ?? e.labels.traceId,
        error,
        labels: { ...series, ...e.labels },
      }));
    });
    return sampleExemplars(all, range, MAX_EXEMPLARS);
  }
}

/**
 * Every headline figure over `window` in one instant query, each tagged
 * with its name: one upstream request per instant instead of five
 * (bench/overhead.ts).
 */
function headlineFigures(
  prometheus: PrometheusClient,
  q: RedQueries,
  window: string,
): (timeMs: number) => Promise<RedSummary> {
  const figures: Array<[keyof RedSummary, string | undefined]> = [
    ['requestRate', q.requestRate(window)],
    ['errorRatio', q.errorRatio(window)],
    ['latencyP50', q.latencyQuantile(0.5, window)],
    ['latencyP95', q.latencyQuantile(0.95, window)],
    ['latencyP99', q.latencyQuantile(0.99, window)],
  ];
  const headline = figures
    .filter(([, query]) => query)
    .map(
      ([name, query]) =>
        `label_replace(${query}, "${FIGURE_LABEL}", "${name}", "", "")`,
    )
    .join(' or ');
  return async timeMs => {
    const samples = await prometheus.instant(headline, timeMs);
    return Object.fromEntries(
      figures.map(([name]) => [
        name,
        scalar(samples.filter(s => s.metric[FIGURE_LABEL] === name)),
      ]),
    );
  };
}

/** An error whose body says, as `reason`, why there is nothing to show. */
function withReason<E extends Error>(
  error: E,
  reason: MetricsProblemReason,
): E {
  // serializeError keeps own properties: the reason reaches the error body.
  return Object.assign(error, { reason });
}

async function requireMetrics(
  target: TelemetryTarget,
  prometheus: PrometheusClient,
) {
  const { metrics } = target;
  if (!metrics) {
    const problem = target.problems.find(
      p => p.annotation === 'sightline.dev/prometheus-selector',
    );
    throw withReason(
      new InputError(
        problem
          ? `Annotation ${problem.annotation} is malformed: ${problem.message}. Example: ${problem.example}`
          : 'The entity has no Prometheus selector',
      ),
      'invalid-annotation',
    );
  }
  if (!metrics.dialect && metrics.detection?.failure) {
    throw await noSeries(prometheus, metrics, metrics.detection.failure);
  }
  if (!metrics.dialect) {
    const problem = target.problems.find(
      p =>
        p.annotation.startsWith('sightline.dev/') &&
        p.annotation !== 'sightline.dev/log-selector',
    );
    if (!problem) {
      throw await noSeries(
        prometheus,
        metrics,
        `No request metrics found for ${metrics.selector} in the last hour in any known dialect; ` +
          'check the selector (sightline.dev/prometheus-selector) or set sightline.dev/metrics-dialect',
      );
    }
    throw withReason(
      new InputError(
        `Annotation ${problem.annotation} is malformed: ${problem.message}${
          problem.example ? `. Example: ${problem.example}` : ''
        }`,
      ),
      'invalid-annotation',
    );
  }
  return { metrics, dialect: metrics.dialect };
}

/**
 * No request series for the selector: a 404 saying whether Prometheus
 * scrapes the selector's targets and finds them down, which no annotation
 * fixes, or has nothing for it at all.
 */
async function noSeries(
  prometheus: PrometheusClient,
  metrics: NonNullable<TelemetryTarget['metrics']>,
  detail: string,
): Promise<Error> {
  const targets = await prometheus.instant(
    selector('up', metrics.matchers),
    Date.now(),
  );
  const down = targets.filter(s => Number(s.value[1]) === 0);
  if (targets.length > 0 && down.length === targets.length) {
    const instances = down.map(s => s.metric.instance ?? s.metric.job);
    return withReason(
      new NotFoundError(
        `Prometheus scrapes {${metrics.selector}} but every target is down ` +
          `(up == 0: ${instances.join(
            ', ',
          )}), so there are no series to show. ` +
          'Check that the service runs and that its metrics port answers.',
      ),
      'target-down',
    );
  }
  return withReason(new NotFoundError(detail), 'no-series');
}
