import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { MetricDialect } from '@sightline/plugin-observability-node';
import {
  AnnotationProblem,
  escapePromQLLabelValue,
  isValidMetricName,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  LabelMatcher,
  OBSERVABILITY_ANNOTATIONS as A,
  renderMatchers,
  ResolvedMetricDialect,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { InputError } from '@backstage/errors';
import {
  ClusterConfig,
  ObservabilityConfig,
} from '../config/ObservabilityConfig';
import {
  DialectRegistry,
  toResolved,
} from '../metrics/dialects/DialectRegistry';
import {
  parseLogQLSelector,
  parsePromQLMatchers,
  SelectorError,
} from './selectorParsers';

/** Kubernetes object names (DNS subdomains) are at most 253 characters. */
const MAX_KUBERNETES_NAME = 253;
const PLACEHOLDER_SOURCES = {
  name: 'entity name',
  kubernetesId: KUBERNETES_ID_ANNOTATION,
  namespace: KUBERNETES_NAMESPACE_ANNOTATION,
};

const EXAMPLES: Record<string, string> = {
  [A.prometheusSelector]: 'namespace="shop", service="checkout"',
  [A.logSelector]: '{namespace="shop", app="checkout"}',
  [A.alertMatchers]: 'namespace="shop", service="checkout"',
  [A.metricsDialect]: 'prometheus-http',
  [A.requestMetric]: 'kbot_messages_total',
  [A.errorMatcher]: 'status="error"',
  [A.durationMetric]: 'kbot_message_processing_duration_seconds',
  [A.traceService]: 'checkout',
  [A.grafanaDashboards]: 'checkout-red, tag:shop',
};

/** The target before auto-detection of the metric dialect, which needs Prometheus. */
export interface AnnotatedTarget extends TelemetryTarget {
  /**
   * Set when the dialect must be detected against Prometheus: among every
   * dialect (`auto`), or among the name variants of the one requested.
   */
  detect?: { among: MetricDialect[]; source: ResolvedMetricDialect['source'] };
}

type Problem = (annotation: string, value: string, message: string) => void;

/** The cluster named by `sightline.dev/cluster`, or the default cluster. */
export function clusterFromAnnotation(
  entity: Entity,
  config: ObservabilityConfig,
): ClusterConfig {
  const annotation = entity.metadata.annotations?.[A.cluster];
  const name = annotation?.trim() || config.defaultCluster;
  const cluster = config.clusters.get(name);
  if (!cluster) {
    const known = [...config.clusters.keys()].join(', ');
    throw new InputError(
      `Annotation ${A.cluster} names cluster '${name}', which is not configured. ` +
        `Configured clusters: ${known}. Example: ${A.cluster}: ${config.defaultCluster}`,
    );
  }
  return cluster;
}

/**
 * An entity's telemetry identity from its annotations and the configured
 * defaults. Pure: no I/O. Each malformed annotation disables only the
 * sections that need it and is reported with an example of a right value.
 */
export function targetFromAnnotations(
  entity: Entity,
  cluster: string,
  {
    config,
    dialects,
  }: { config: ObservabilityConfig; dialects: DialectRegistry },
): AnnotatedTarget {
  const annotations = entity.metadata.annotations ?? {};
  const problems: AnnotationProblem[] = [];
  const problem: Problem = (annotation, value, message) =>
    problems.push({
      annotation,
      value,
      message,
      example: EXAMPLES[annotation] ?? '',
    });

  const placeholders = {
    name: entity.metadata.name,
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name,
    namespace:
      annotations[KUBERNETES_NAMESPACE_ANNOTATION] ??
      entity.metadata.namespace ??
      'default',
  };
  const fromTemplate = (template: string) =>
    template.replace(
      /\{\{\s*(name|kubernetesId|namespace)\s*\}\}/g,
      (_, key: keyof typeof placeholders) => {
        // Longer than Kubernetes allows: it names nothing, and would only
        // make upstream URLs too long to send.
        if (placeholders[key].length > MAX_KUBERNETES_NAME) {
          throw new SelectorError(
            `the ${key} (${PLACEHOLDER_SOURCES[key]}) is longer than the ${MAX_KUBERNETES_NAME} characters Kubernetes allows`,
          );
        }
        return escapePromQLLabelValue(placeholders[key]);
      },
    );

  const parse = (
    annotation: string,
    template: string,
    parser: (text: string) => LabelMatcher[],
  ): LabelMatcher[] | undefined => {
    const value = annotations[annotation];
    try {
      return parser(value ?? fromTemplate(template));
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      if (value === undefined) {
        problem(
          annotation,
          '',
          `the default from observability.defaults gives no usable selector: ${e.message}`,
        );
      } else {
        problem(annotation, value, `${e.message}`);
      }
      return undefined;
    }
  };

  const metricMatchers = parse(
    A.prometheusSelector,
    config.defaults.prometheusSelector,
    parsePromQLMatchers,
  );
  const logMatchers = parse(
    A.logSelector,
    config.defaults.logSelector,
    parseLogQLSelector,
  );
  const alertMatchers = serviceAlertMatchers(
    annotations[A.alertMatchers]
      ? parse(A.alertMatchers, '', parsePromQLMatchers)
      : metricMatchers,
    annotations,
    problem,
    config.alerts.scopeOnlyLabels,
  );

  let dialect: ResolvedMetricDialect | undefined;
  let detect: AnnotatedTarget['detect'];
  if (metricMatchers) {
    const requested =
      annotations[A.metricsDialect]?.trim() || config.defaults.dialect;
    const source = annotations[A.metricsDialect] ? 'annotation' : 'default';
    if (requested === 'auto') {
      detect = { among: dialects.list(), source: 'detected' };
    } else if (requested === 'custom') {
      dialect = customDialect(annotations, problem);
    } else {
      const known = dialects.get(requested);
      if (known) {
        // The main names until detection finds a variant that has series.
        dialect = toResolved(known, source);
        if (known.nameVariants?.length) detect = { among: [known], source };
      } else {
        problem(
          A.metricsDialect,
          requested,
          `unknown dialect; use auto, custom or one of ${dialects
            .list()
            .map(d => d.id)
            .join(', ')}`,
        );
      }
    }
  }

  const traceService =
    annotations[A.traceService]?.trim() || entity.metadata.name;
  const dashboards = { uids: [] as string[], tags: [] as string[] };
  const dashboardSpec =
    annotations[A.grafanaDashboards] ?? `tag:${entity.metadata.name}`;
  for (const item of dashboardSpec
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)) {
    if (item.startsWith('tag:') && item.length > 4)
      dashboards.tags.push(item.slice(4));
    else if (/^[a-zA-Z0-9_-]{1,40}$/.test(item)) dashboards.uids.push(item);
    else
      problem(
        A.grafanaDashboards,
        dashboardSpec,
        `'${item}' is neither a dashboard uid nor tag:<tag>`,
      );
  }

  return {
    entityRef: stringifyEntityRef(entity),
    cluster,
    metrics: metricMatchers && {
      matchers: metricMatchers,
      selector: renderMatchers(metricMatchers),
      dialect,
    },
    logs: logMatchers && {
      matchers: logMatchers,
      selector: `{${renderMatchers(logMatchers)}}`,
    },
    traces: { serviceName: traceService },
    alerts: alertMatchers && { matchers: alertMatchers },
    dashboards,
    problems,
    detect,
  };
}

/**
 * The alert matchers, if they can name one service: silences are made of
 * them, so `namespace="shop"` alone would mute every service of the
 * namespace. At least one exact match must be on a label that is not
 * scope-only (observability.alerts.scopeOnlyLabels).
 */
function serviceAlertMatchers(
  matchers: LabelMatcher[] | undefined,
  annotations: Record<string, string>,
  problem: Problem,
  scopeOnly: string[],
): LabelMatcher[] | undefined {
  if (!matchers) return undefined;
  if (
    matchers.some(
      m => m.op === '=' && m.value !== '' && !scopeOnly.includes(m.name),
    )
  ) {
    return matchers;
  }
  const rule = `they need an exact match (label="value") on a label other than ${scopeOnly.join(
    ', ',
  )} (observability.alerts.scopeOnlyLabels), or their silences would mute other services' alerts`;
  const own = annotations[A.alertMatchers];
  if (own) {
    problem(
      A.alertMatchers,
      own,
      `these alert matchers cannot identify one service: ${rule}`,
    );
  } else {
    problem(
      A.alertMatchers,
      '',
      `the alert matchers come from the Prometheus selector ${renderMatchers(
        matchers,
      )}, which cannot identify one service: ${rule}. Set ${A.alertMatchers}`,
    );
  }
  return undefined;
}

function customDialect(
  annotations: Record<string, string>,
  problem: Problem,
): ResolvedMetricDialect | undefined {
  const requestMetric = annotations[A.requestMetric]?.trim() ?? '';
  const errorMatcher = annotations[A.errorMatcher] ?? '';
  const durationMetric = annotations[A.durationMetric]
    ?.trim()
    .replace(/_bucket$/, '');
  let failed = false;
  const fail = (annotation: string, value: string, message: string) => {
    failed = true;
    problem(annotation, value, message);
  };
  if (!isValidMetricName(requestMetric)) {
    fail(
      A.requestMetric,
      requestMetric,
      requestMetric
        ? 'not a metric name'
        : `required when ${A.metricsDialect} is custom`,
    );
  }
  let errorMatchers: LabelMatcher[] = [];
  try {
    errorMatchers = parsePromQLMatchers(errorMatcher, {
      requireExactMatch: false,
    });
    if (errorMatchers.some(m => m.name === '__name__')) {
      throw new SelectorError(
        `it must not match __name__: the metric is ${A.requestMetric}`,
      );
    }
  } catch (e) {
    fail(
      A.errorMatcher,
      errorMatcher,
      errorMatcher
        ? (e as Error).message
        : `required when ${A.metricsDialect} is custom`,
    );
  }
  if (durationMetric !== undefined && !isValidMetricName(durationMetric)) {
    fail(A.durationMetric, durationMetric, 'not a metric name');
  }
  if (failed) return undefined;
  return {
    id: 'custom',
    title: `Custom (${requestMetric})`,
    source: 'annotation',
    requestMetric,
    requestMatchers: [],
    errorMatchers: [errorMatchers],
    durationMetric,
    durationUnit: durationMetric?.endsWith('_milliseconds')
      ? 'milliseconds'
      : 'seconds',
  };
}
