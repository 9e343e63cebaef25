import { Entity } from '@backstage/catalog-model';
import {
  escapeRegex,
  KUBERNETES_ID_ANNOTATION,
  OBSERVABILITY_ANNOTATIONS,
  LabelMatcher,
  metricSelector,
  ServiceGraphHelp,
  ServiceGraphSourceId,
} from '@sightline/plugin-observability-common';

/**
 * One way a stack writes its service graph as Prometheus series: which
 * metrics, which labels name the two ends of an edge, what counts as a
 * failed request. Like the metric dialects, a source is detected from the
 * series that exist, never configured per entity.
 */
export interface ServiceGraphSource {
  id: ServiceGraphSourceId;
  title: string;
  /** Requests per edge, a counter. */
  requestMetric: string;
  /** The label naming the calling service. */
  clientLabel: string;
  /** The label naming the called service. */
  serverLabel: string;
  /** Failed requests: a counter of their own, or the request counter narrowed by matchers. */
  failures: { metric: string } | { matchers: LabelMatcher[] };
  /** Histogram bucket series of the latency, in order of preference (newest name first). */
  bucketMetrics: string[];
  /** The histogram's unit, divided into seconds. */
  durationDivisor: number;
  /** Further labels kept per edge. */
  edgeLabels: string[];
  /**
   * Series that count the same request more than once, told apart by one
   * label (Istio's `reporter`): read the first value, and the next only
   * for edges the first has none of.
   */
  reporters?: { label: string; values: string[] };
  /** What the graph calls an entity: its trace service name, or its Kubernetes workload. */
  naming: 'trace-service' | 'workload';
}

/**
 * Tempo's metrics-generator (`service-graphs` processor) and the OTel
 * Collector's servicegraph connector: the same names. The connector called
 * its server-side latency `…_request_duration_seconds` before v0.77.
 */
const TEMPO_SERVICE_GRAPH: ServiceGraphSource = {
  id: 'tempo-servicegraph',
  title: 'Tempo metrics-generator / OpenTelemetry servicegraph connector',
  requestMetric: 'traces_service_graph_request_total',
  clientLabel: 'client',
  serverLabel: 'server',
  failures: { metric: 'traces_service_graph_request_failed_total' },
  bucketMetrics: [
    'traces_service_graph_request_server_seconds_bucket',
    'traces_service_graph_request_duration_seconds_bucket',
  ],
  durationDivisor: 1,
  edgeLabels: ['connection_type'],
  naming: 'trace-service',
};

/**
 * Istio's standard metrics. Both proxies of a call report it; the client's
 * (`reporter="source"`) is read first, the server's only for calls whose
 * client has no sidecar.
 */
const ISTIO: ServiceGraphSource = {
  id: 'istio',
  title: 'Istio',
  requestMetric: 'istio_requests_total',
  clientLabel: 'source_workload',
  serverLabel: 'destination_workload',
  failures: { matchers: [{ name: 'response_code', op: '=~', value: '5..' }] },
  bucketMetrics: ['istio_request_duration_milliseconds_bucket'],
  durationDivisor: 1000,
  edgeLabels: [],
  reporters: { label: 'reporter', values: ['source', 'destination'] },
  naming: 'workload',
};

/** In order of preference when a cluster has both: spans see calls to peers outside the mesh. */
const SERVICE_GRAPH_SOURCES: readonly ServiceGraphSource[] = [
  TEMPO_SERVICE_GRAPH,
  ISTIO,
];

/** Every metric detection looks for: each source's request counter and histograms. */
export function detectionMetrics(): string[] {
  return SERVICE_GRAPH_SOURCES.flatMap(s => [
    s.requestMetric,
    ...s.bucketMetrics,
  ]);
}

/** What a cluster has: the source and the bucket metric it writes. */
export interface DetectedSource {
  source: ServiceGraphSource;
  /** Absent when the source writes no latency histogram. */
  bucketMetric?: string;
}

/** The preferred source among the metric names that exist. */
export function pickSource(existing: Set<string>): DetectedSource | undefined {
  const source = SERVICE_GRAPH_SOURCES.find(s => existing.has(s.requestMetric));
  if (!source) return undefined;
  return {
    source,
    bucketMetric: source.bucketMetrics.find(m => existing.has(m)),
  };
}

/** The annotation naming an entity in a source's graph, beside its name. */
export function namingAnnotation(source: ServiceGraphSource): string {
  return source.naming === 'trace-service'
    ? OBSERVABILITY_ANNOTATIONS.traceService
    : KUBERNETES_ID_ANNOTATION;
}

/**
 * A catalog entity's name in the graph: its trace service name (the
 * annotation, else its name), or its workload (Kubernetes id, else its name).
 */
export function graphName(entity: Entity, source: ServiceGraphSource): string {
  return (
    entity.metadata.annotations?.[namingAnnotation(source)]?.trim() ||
    entity.metadata.name
  );
}

/** What the answer says when a cluster writes no service graph. */
export function missingServiceGraph(cluster: string): ServiceGraphHelp {
  return {
    message: `Prometheus of cluster '${cluster}' has no service-graph metrics (traces_service_graph_request_total or istio_requests_total) over the range.`,
    howToEnable: [
      "Tempo: enable the metrics-generator's service-graphs processor (overrides: metrics_generator_processors: [service-graphs]) with remote_write to this Prometheus.",
      'OpenTelemetry Collector: add the servicegraph connector as an exporter of the traces pipeline and a receiver of a metrics pipeline that this Prometheus scrapes or receives.',
      'Istio: scrape the sidecars (istio_requests_total) with the Prometheus that Sightline reads.',
    ],
  };
}

/**
 * The names a service graph can hold, of those given. Prometheus' lexer
 * refuses a query holding U+FFFD (it reads it as a broken byte sequence),
 * which is what a lone UTF-16 surrogate becomes on the way there; no series
 * can be selected by such a name, so it is left out of the query rather
 * than failing it.
 */
export function queryableNames(names: string[]): string[] {
  return names.filter(
    name =>
      !/[\uD800-\uDFFF\uFFFD]/.test(
        name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''),
      ),
  );
}

/**
 * The PromQL of one source for the edges touching `names` (as client or
 * server), evaluated at one instant over `window`. Names are matched
 * literally and escaped by metricSelector; labels come from the source.
 */
export class ServiceGraphQueries {
  /** `names`: as queryableNames leaves them, at least one. */
  constructor(
    private readonly detected: DetectedSource,
    private readonly names: string[],
    private readonly window: string,
  ) {}

  private get source() {
    return this.detected.source;
  }

  /** `client` or `server` equal to one of the names. */
  private sideMatchers(label: string): LabelMatcher {
    return this.names.length === 1
      ? { name: label, op: '=', value: this.names[0] }
      : { name: label, op: '=~', value: this.names.map(escapeRegex).join('|') };
  }

  /**
   * `sum by (…) (rate(metric{…}[window]))` for edges from and to the names,
   * one reporter at a time where the source has several: `or` keeps the
   * left side's edges and adds only those it lacks.
   */
  private summed(metric: string, extra: LabelMatcher[], by: string[]): string {
    const { clientLabel, serverLabel, reporters } = this.source;
    const reporterMatchers: LabelMatcher[][] = reporters
      ? reporters.values.map(value => [
          { name: reporters.label, op: '=', value },
        ])
      : [[]];
    const grouping = [clientLabel, serverLabel, ...by].join(', ');
    return reporterMatchers
      .flatMap(reporter =>
        [clientLabel, serverLabel].map(
          side =>
            `sum by (${grouping}) (rate(${metricSelector(
              metric,
              [this.sideMatchers(side)],
              reporter,
              extra,
            )}[${this.window}]))`,
        ),
      )
      .join(' or ');
  }

  requestRate(): string {
    return this.summed(this.source.requestMetric, [], this.source.edgeLabels);
  }

  failureRate(): string {
    const { failures } = this.source;
    return 'metric' in failures
      ? this.summed(failures.metric, [], [])
      : this.summed(this.source.requestMetric, failures.matchers, []);
  }

  /** The 95th percentile per edge in seconds; undefined without a histogram. */
  latencyP95(): string | undefined {
    const { bucketMetric } = this.detected;
    if (!bucketMetric) return undefined;
    const query = `histogram_quantile(0.95, ${this.summed(
      bucketMetric,
      [],
      ['le'],
    )})`;
    const divisor = this.source.durationDivisor;
    return divisor === 1 ? query : `${query} / ${divisor}`;
  }
}
