/**
 * Catalog annotations that tell Sightline how to find an entity's telemetry.
 * Every annotation is optional: defaults come from `backstage.io/kubernetes-id`,
 * `backstage.io/kubernetes-namespace`, the entity name and `observability.defaults`.
 *
 * @public
 */
export const OBSERVABILITY_ANNOTATIONS = {
  /** Which configured cluster (set of telemetry endpoints) serves the entity. */
  cluster: 'sightline.dev/cluster',
  /** PromQL label matchers for the service, e.g. `namespace="shop", service="checkout"`. */
  prometheusSelector: 'sightline.dev/prometheus-selector',
  /** `auto`, `prometheus-http`, `otel-http`, `spanmetrics`, `istio` or `custom`. */
  metricsDialect: 'sightline.dev/metrics-dialect',
  /** For the `custom` dialect: the request counter, e.g. `kbot_messages_total`. */
  requestMetric: 'sightline.dev/request-metric',
  /** For the `custom` dialect: matchers that select errors, e.g. `status="error"`. */
  errorMatcher: 'sightline.dev/error-matcher',
  /** For the `custom` dialect: the duration histogram, e.g. `kbot_message_processing_duration_seconds`. */
  durationMetric: 'sightline.dev/duration-metric',
  /** LogQL stream selector, e.g. `{namespace="shop", app="checkout"}`. */
  logSelector: 'sightline.dev/log-selector',
  /** The trace `service.name`; defaults to the entity name. */
  traceService: 'sightline.dev/trace-service',
  /** Alertmanager / rule label matchers; default to the Prometheus selector's. */
  alertMatchers: 'sightline.dev/alert-matchers',
  /** Availability objective in percent, e.g. `99.9`. */
  sloAvailability: 'sightline.dev/slo-availability',
  /** Latency objective, e.g. `99% < 300ms`. */
  sloLatency: 'sightline.dev/slo-latency',
  /**
   * SLO window: rolling, e.g. `30d`; or calendar, `calendar-month` or
   * `calendar-week` (weeks start on Monday), optionally with the IANA time
   * zone whose midnights bound the periods, e.g. `calendar-month Europe/Berlin`
   * (UTC by default). A calendar window's budget resets at each boundary.
   */
  sloWindow: 'sightline.dev/slo-window',
  /**
   * Periods excluded from the entity's error budgets: a YAML list of
   * `{ name, reason, start, end | duration, rrule?, slos? }`, e.g. a weekly
   * maintenance window `{ name: db-maintenance, reason: ..., start:
   * 2026-11-01T02:00:00Z, duration: 1h, rrule: FREQ=WEEKLY;BYDAY=SU }`.
   */
  sloAdjustments: 'sightline.dev/slo-adjustments',
  /** OpenSLO v1 or Sloth `prometheus/v1` file relative to the entity's source location. */
  sloFile: 'sightline.dev/slo-file',
  /**
   * Composite SLOs (on a System, or any entity standing for a user journey):
   * a YAML list of `{ name, objective, window, components: [{ entity, slo,
   * weight }] }`, evaluated from the components' weighted event counts.
   */
  sloComposites: 'sightline.dev/slo-composites',
  /** Grafana dashboard uids, or `tag:<tag>`. */
  grafanaDashboards: 'sightline.dev/grafana-dashboards',
} as const;

/** Kubernetes annotations Sightline derives its defaults from. @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Whether an entity carries anything that lets Sightline find its telemetry.
 *
 * @public
 */
export function hasObservabilityAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Object.keys(annotations).some(
    key => key.startsWith('sightline.dev/') || key === KUBERNETES_ID_ANNOTATION,
  );
}
