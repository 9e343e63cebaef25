/**
 * One label matcher, as in PromQL, LogQL and Alertmanager.
 *
 * @public
 */
export type LabelMatcher = {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
};

/**
 * A malformed annotation: which one, what was wrong, and a correct example.
 * Only the panels that need that annotation fail; the others keep working.
 *
 * @public
 */
export type AnnotationProblem = {
  annotation: string;
  value: string;
  message: string;
  example: string;
};

/**
 * How the entity's request, error and duration metrics are named.
 *
 * @public
 */
export type ResolvedMetricDialect = {
  id: string;
  title: string;
  /** `annotation`: set on the entity; `detected`: found by probing Prometheus; `default`: from config. */
  source: 'annotation' | 'detected' | 'default';
  requestMetric: string;
  errorMatchers: LabelMatcher[][];
  requestMatchers: LabelMatcher[];
  durationMetric?: string;
  durationUnit: 'seconds' | 'milliseconds';
  /** The label naming the endpoint, when the dialect has one. */
  routeLabel?: string;
};

/**
 * What probing Prometheus for the metric dialect found: which request
 * metrics it looked for, over which look-backs before which instant, and
 * why it found none when it did not.
 *
 * @public
 */
export type DialectDetection = {
  /** The instant probed (ISO 8601): the instant evaluated, not always now. */
  at: string;
  /** The look-backs probed, in order, e.g. `['1h', '30d']`: longer ones only when shorter ones found nothing. */
  lookbacks: string[];
  /** The request metrics looked for, every dialect's names and variants. */
  probed: string[];
  /** The request metric whose series were found; absent when detection failed. */
  found?: string;
  /** Why detection failed, in a sentence; absent when it succeeded. */
  failure?: string;
};

/**
 * Everything the backend needs to query an entity's telemetry, resolved
 * from its annotations and the defaults.
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/target`.
 *
 * @public
 */
export type TelemetryTarget = {
  entityRef: string;
  cluster: string;
  /** Absent when `sightline.dev/prometheus-selector` is malformed (see problems). */
  metrics?: {
    matchers: LabelMatcher[];
    /** The matchers as PromQL, canonical and escaped: `namespace="shop", service="checkout"`. */
    selector: string;
    /** Absent when no dialect could be detected or the custom annotations are malformed. */
    dialect?: ResolvedMetricDialect;
    /** Set when the dialect was probed for (`auto`, or a dialect with name variants). */
    detection?: DialectDetection;
  };
  logs?: {
    matchers: LabelMatcher[];
    /** The LogQL stream selector: `{namespace="shop", app="checkout"}`. */
    selector: string;
  };
  traces: { serviceName: string };
  alerts?: { matchers: LabelMatcher[] };
  dashboards: { uids: string[]; tags: string[] };
  problems: AnnotationProblem[];
};
