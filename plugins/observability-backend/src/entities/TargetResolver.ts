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
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
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
export interface ResolvedTarget extends TelemetryTarget {
  /**
   * Set when the dialect must be detected against Prometheus: among every
   * dialect (`auto`), or among the name variants of the one requested.
   */
  detect?: { among: MetricDialect[]; source: ResolvedMetricDialect['source'] };
}

/**
 * Resolves an entity's telemetry identity from its annotations and the
 * configured defaults. Pure: no I/O. Each malformed annotation disables only
 * the sections that need it and is reported with an example of a right value.
 */
export class TargetResolver {
  constructor(
    private readonly config: ObservabilityConfig,
    private readonly dialects: DialectRegistry,
  ) {}

  resolve(entity: Entity, cluster: string): ResolvedTarget {
    const annotations = entity.metadata.annotations ?? {};
    const problems: AnnotationProblem[] = [];
    const problem = (annotation: string, value: string, message: string) =>
      problems.push({
        annotation,
        value,
        message,
        example: EXAMPLES[annotation] ?? '',
      });

    const placeholders = {
      name: entity.metadata.name,
      kubernetesId:
        annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name,
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
      this.config.defaults.prometheusSelector,
      parsePromQLMatchers,
    );
    const logMatchers = parse(
      A.logSelector,
      this.config.defaults.logSelector,
      parseLogQLSelector,
    );
    const alertMatchers = this.serviceAlertMatchers(
      annotations[A.alertMatchers]
        ? parse(A.alertMatchers, '', parsePromQLMatchers)
        : metricMatchers,
      annotations,
      problem,
    );

    let dialect: ResolvedMetricDialect | undefined;
    let detect: ResolvedTarget['detect'];
    if (metricMatchers) {
      const requested =
        annotations[A.metricsDialect]?.trim() || this.config.defaults.dialect;
      const source = annotations[A.metricsDialect] ? 'annotation' : 'default';
      if (requested === 'auto') {
        detect = { among: this.dialects.list(), source: 'detected' };
      } else if (requested === 'custom') {
        dialect = this.customDialect(annotations, problem);
      } else {
        const known = this.dialects.get(requested);
        if (known) {
          // The main names until detection finds a variant that has series.
          dialect = toResolved(known, source);
          if (known.nameVariants?.length) detect = { among: [known], source };
        } else {
          problem(
            A.metricsDialect,
            requested,
            `unknown dialect; use auto, custom or one of ${this.dialects
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
  private serviceAlertMatchers(
    matchers: LabelMatcher[] | undefined,
    annotations: Record<string, string>,
    problem: (annotation: string, value: string, message: string) => void,
  ): LabelMatcher[] | undefined {
    if (!matchers) return undefined;
    const scopeOnly = this.config.alerts.scopeOnlyLabels;
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

  private customDialect(
    annotations: Record<string, string>,
    problem: (annotation: string, value: string, message: string) => void,
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
}

const ADDED_MATCHERS = { requireExactMatch: false };

/** Turns a registered dialect into the resolved form with parsed matchers. */
export function toResolved(
  dialect: MetricDialect,
  source: ResolvedMetricDialect['source'],
): ResolvedMetricDialect {
  return {
    id: dialect.id,
    title: dialect.title,
    source,
    requestMetric: dialect.requestMetric,
    requestMatchers: dialect.requestMatchers
      ? parsePromQLMatchers(dialect.requestMatchers, ADDED_MATCHERS)
      : [],
    errorMatchers: dialect.errorMatchers.map(m =>
      parsePromQLMatchers(m, ADDED_MATCHERS),
    ),
    durationMetric: dialect.durationMetric,
    durationUnit: dialect.durationUnit,
    routeLabel: dialect.routeLabel,
  };
}
