import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  isValidLabelName,
  isValidMetricName,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  LabelMatcher,
  OBSERVABILITY_ANNOTATIONS as A,
  parseDuration,
  ResolvedMetricDialect,
  sloDefinitionsFromAnnotations,
} from '@sightline/plugin-observability-common';
import { BUILTIN_METRIC_DIALECTS, MetricDialect } from '../dialects';
import { Problems } from './errors';
import { isDnsLabel, isLabelKey, isLabelValue, toDnsLabel } from './naming';
import { GeneratorSlo, MonitoringInput } from './types';

/** The Backstage Kubernetes plugin's annotation for a custom label selector. @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * The label a generated monitor selects the Service by when the entity has no
 * `backstage.io/kubernetes-label-selector`: the one Backstage's Kubernetes
 * plugin finds an entity's objects by, so one label serves both. Not an
 * option: the workload's selector is part of the entity's identity.
 *
 * @public
 */
export const DEFAULT_MONITOR_SELECTOR_LABEL = 'backstage.io/kubernetes-id';

const DAY_MS = 86_400_000;

/** A Kubernetes `LabelSelector`. @public */
export interface KubernetesLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

/** Everything the generators need, resolved from the input and checked. */
export interface GeneratorTarget {
  entityRef: string;
  entityName: string;
  /** RFC 1123 label used for object and file names. */
  baseName: string;
  namespace: string;
  kubernetesId: string;
  owner?: string;
  system?: string;
  selector: KubernetesLabelSelector;
  matchers: LabelMatcher[];
  dialect: ResolvedMetricDialect;
  /** The `=` alert matchers, as labels every generated series and alert carries. */
  seriesLabels: Record<string, string>;
  logMatchers: LabelMatcher[];
  traceService: string;
  slos: GeneratorSlo[];
  histogramBuckets?: number[];
}

const MATCHER =
  /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/;
const UNESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/**
 * Parses a plain PromQL matcher list (`namespace="shop", code=~"5.."`), as
 * written in the `sightline.dev/*` annotations and the built-in dialects.
 * Anything else is refused.
 */
function parseMatcherList(text: string): LabelMatcher[] {
  let rest = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const matchers: LabelMatcher[] = [];
  while (rest.trim()) {
    const match = MATCHER.exec(rest);
    if (!match) {
      throw new Error(
        `"${text}" is not a list of label matchers like namespace="shop", service="checkout"`,
      );
    }
    matchers.push({
      name: match[1],
      op: match[2] as LabelMatcher['op'],
      value: match[3].replace(/\\(.)/g, (_, ch: string) => UNESCAPES[ch] ?? ch),
    });
    rest = rest.slice(match[0].length);
  }
  return matchers;
}

/**
 * Resolves one of the built-in metric dialects (or any {@link MetricDialect})
 * into the form the generators take, for callers that have no backend
 * target resolver at hand (e.g. a template creating a new service).
 *
 * @public
 */
export function resolveMetricDialect(
  dialect: MetricDialect | string,
): ResolvedMetricDialect {
  const found =
    typeof dialect === 'string'
      ? BUILTIN_METRIC_DIALECTS.find(d => d.id === dialect)
      : dialect;
  if (!found) {
    throw new Error(
      `Unknown metric dialect "${String(
        dialect,
      )}"; use one of ${BUILTIN_METRIC_DIALECTS.map(d => d.id).join(', ')}`,
    );
  }
  return {
    id: found.id,
    title: found.title,
    source: 'default',
    requestMetric: found.requestMetric,
    requestMatchers: found.requestMatchers
      ? parseMatcherList(found.requestMatchers)
      : [],
    errorMatchers: found.errorMatchers.map(parseMatcherList),
    durationMetric: found.durationMetric,
    durationUnit: found.durationUnit,
    routeLabel: found.routeLabel,
  };
}

/**
 * Parses a Kubernetes label selector in `kubectl` syntax:
 * `app=n8n,tier!=cache,env in (prod,staging),!legacy,canary`.
 */
function parseLabelSelector(text: string): KubernetesLabelSelector {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);

  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<
    KubernetesLabelSelector['matchExpressions']
  > = [];
  const fail = (why: string): never => {
    throw new Error(
      `"${text}" is not a Kubernetes label selector (${why}); write it like app.kubernetes.io/name=n8n,tier in (web,api)`,
    );
  };
  const key = (k: string) => (isLabelKey(k) ? k : fail(`bad label key "${k}"`));
  const value = (v: string) =>
    isLabelValue(v) ? v : fail(`bad label value "${v}"`);

  const forms: [RegExp, (m: RegExpExecArray) => void][] = [
    [
      /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/,
      m => {
        const values = m[3].split(',').map(v => value(v.trim()));
        if (values.some(v => !v)) fail('empty value in a list');
        matchExpressions.push({
          key: key(m[1]),
          operator: m[2] === 'in' ? 'In' : 'NotIn',
          values: [...values].sort(),
        });
      },
    ],
    [
      /^([^=!\s]+)\s*!=\s*(\S*)$/,
      m =>
        matchExpressions.push({
          key: key(m[1]),
          operator: 'NotIn',
          values: [value(m[2])],
        }),
    ],
    [
      /^([^=!\s]+)\s*==?\s*(\S*)$/,
      m => {
        const k = key(m[1]);
        if (k in matchLabels && matchLabels[k] !== m[2]) {
          fail(`"${k}" required to equal two values`);
        }
        matchLabels[k] = value(m[2]);
      },
    ],
    [
      /^!\s*(\S+)$/,
      m => matchExpressions.push({ key: key(m[1]), operator: 'DoesNotExist' }),
    ],
    [
      /^(\S+)$/,
      m => matchExpressions.push({ key: key(m[1]), operator: 'Exists' }),
    ],
  ];

  for (const raw of parts) {
    const part = raw.trim();
    if (!part) fail('empty requirement');
    const form = forms.find(([pattern]) => pattern.test(part));
    if (!form) fail(`cannot read "${part}"`);
    else form[1](form[0].exec(part)!);
  }
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

function slosFromAnnotations(
  annotations: Record<string, string>,
  problems: Problems,
): GeneratorSlo[] {
  const slos: GeneratorSlo[] = [];
  let windowMs = 30 * DAY_MS;
  const windowText = annotations[A.sloWindow];
  if (windowText !== undefined) {
    const parsed = parseDuration(windowText);
    if (parsed === undefined) {
      problems.add(
        `annotation ${A.sloWindow}: "${windowText}" is not a duration; write it like 30d`,
      );
    } else {
      windowMs = parsed;
    }
  }
  // The objectives are read by the same parser as the SLO pages and the
  // template form's fields, so that what one accepts the others do too.
  const objectives = sloDefinitionsFromAnnotations({
    [A.sloAvailability]: annotations[A.sloAvailability],
    [A.sloLatency]: annotations[A.sloLatency],
  });
  for (const { annotation, message, example } of objectives.problems) {
    problems.add(`annotation ${annotation}: ${message}, e.g. ${example}`);
  }
  for (const definition of objectives.definitions) {
    slos.push({
      name: definition.id,
      kind: definition.sli,
      objective: definition.objective,
      windowMs,
      ...(definition.sli === 'latency'
        ? { latencyThresholdSeconds: definition.latencyThresholdSeconds }
        : {}),
    });
  }
  return slos;
}

function dialectFromAnnotations(
  annotations: Record<string, string>,
  problems: Problems,
  warnings: string[],
): ResolvedMetricDialect | undefined {
  const requested = annotations[A.metricsDialect]?.trim() || 'auto';
  if (requested === 'custom') {
    const requestMetric = annotations[A.requestMetric]?.trim() ?? '';
    const durationMetric = annotations[A.durationMetric]
      ?.trim()
      .replace(/_bucket$/, '');
    let errorMatchers: LabelMatcher[] = [];
    try {
      errorMatchers = parseMatcherList(annotations[A.errorMatcher] ?? '');
    } catch (e) {
      problems.add(`annotation ${A.errorMatcher}: ${(e as Error).message}`);
    }
    if (!isValidMetricName(requestMetric)) {
      problems.add(
        `annotation ${A.requestMetric}: "${requestMetric}" is not a metric name (required when ${A.metricsDialect} is custom), e.g. kbot_messages_total`,
      );
    }
    return {
      id: 'custom',
      title: `Custom (${requestMetric})`,
      source: 'annotation',
      requestMetric,
      requestMatchers: [],
      errorMatchers: errorMatchers.length ? [errorMatchers] : [],
      durationMetric,
      durationUnit: durationMetric?.endsWith('_milliseconds')
        ? 'milliseconds'
        : 'seconds',
    };
  }
  if (requested === 'auto') {
    warnings.push(
      'The metric dialect was not resolved (auto-detection needs Prometheus); generated for prometheus-http. Pass metrics.dialect from the backend to use the detected one.',
    );
    return resolveMetricDialect('prometheus-http');
  }
  try {
    return { ...resolveMetricDialect(requested), source: 'annotation' };
  } catch (e) {
    problems.add(`annotation ${A.metricsDialect}: ${(e as Error).message}`);
    return undefined;
  }
}

function checkDialect(dialect: ResolvedMetricDialect, problems: Problems) {
  const metrics = [dialect.requestMetric, dialect.durationMetric ?? ''];
  for (const metric of metrics.filter((m, i) => i === 0 || m)) {
    if (!isValidMetricName(metric)) {
      problems.add(
        `metric dialect ${dialect.id}: "${metric}" is not a metric name`,
      );
    }
  }
  for (const matcher of [
    ...dialect.requestMatchers,
    ...dialect.errorMatchers.flat(),
  ]) {
    if (!isValidLabelName(matcher.name)) {
      problems.add(
        `metric dialect ${dialect.id}: "${matcher.name}" is not a label name`,
      );
    }
  }
}

/**
 * Resolves and checks the generators' input: identity from the entity,
 * explicit parameters over it. Problems are collected into `problems`.
 */
export function resolveTarget(
  input: MonitoringInput,
  problems: Problems,
  warnings: string[],
): GeneratorTarget | undefined {
  const entity: Entity | undefined = input.entity;
  const annotations = entity?.metadata.annotations ?? {};

  let entityRef = input.entityRef;
  if (!entityRef && entity) entityRef = stringifyEntityRef(entity);
  if (!entityRef) {
    problems.add('either an entity or an entityRef is required');
    return undefined;
  }
  let refName: string;
  try {
    refName = parseEntityRef(entityRef).name;
  } catch (e) {
    problems.add(
      `entityRef "${entityRef}" is not an entity ref: ${(e as Error).message}`,
    );
    return undefined;
  }
  const entityName = entity?.metadata.name ?? refName;
  const kubernetesId =
    input.kubernetesId ?? annotations[KUBERNETES_ID_ANNOTATION] ?? entityName;
  const namespace =
    input.namespace ??
    annotations[KUBERNETES_NAMESPACE_ANNOTATION] ??
    entity?.metadata.namespace ??
    'default';
  if (!isDnsLabel(namespace)) {
    problems.add(
      `namespace "${namespace}" is not a Kubernetes namespace name (lower-case letters, digits and "-", at most 63)`,
    );
  }
  const nameSource = input.name ?? entityName;
  const baseName = toDnsLabel(nameSource, 50);
  if (input.name !== undefined && baseName !== input.name) {
    problems.add(
      `name "${input.name}" is not usable as a Kubernetes object name; try "${baseName}"`,
    );
  }

  let owner = input.owner;
  const specOwner = entity?.spec?.owner;
  if (owner === undefined && typeof specOwner === 'string') {
    try {
      owner = parseEntityRef(specOwner, {
        defaultKind: 'group',
        defaultNamespace: entity?.metadata.namespace ?? 'default',
      }).name;
    } catch {
      owner = specOwner;
    }
  }
  const system =
    typeof entity?.spec?.system === 'string' ? entity.spec.system : undefined;

  let selector: KubernetesLabelSelector = {};
  const selectorText =
    input.labelSelector ?? annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  if (selectorText !== undefined) {
    try {
      selector = parseLabelSelector(selectorText);
    } catch (e) {
      const source =
        input.labelSelector !== undefined
          ? 'labelSelector'
          : `annotation ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`;
      problems.add(`${source}: ${(e as Error).message}`);
    }
  } else if (!isLabelValue(kubernetesId)) {
    problems.add(
      `kubernetes-id "${kubernetesId}" is not a valid label value, so no Service can carry it; set ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`,
    );
  } else {
    selector = {
      matchLabels: { [DEFAULT_MONITOR_SELECTOR_LABEL]: kubernetesId },
    };
  }

  let matchers = input.metrics?.matchers;
  let dialect = input.metrics?.dialect;
  if (!matchers) {
    const text =
      annotations[A.prometheusSelector] ??
      `namespace="${namespace}", service="${kubernetesId}"`;
    try {
      matchers = parseMatcherList(text);
    } catch (e) {
      problems.add(
        `annotation ${A.prometheusSelector}: ${(e as Error).message}`,
      );
    }
  }
  if (!dialect)
    dialect = dialectFromAnnotations(annotations, problems, warnings);
  if (dialect) checkDialect(dialect, problems);
  for (const m of matchers ?? []) {
    if (!isValidLabelName(m.name)) {
      problems.add(`metrics matcher "${m.name}" is not a label name`);
    }
  }
  if (matchers && matchers.length === 0) {
    problems.add(
      'the PromQL matchers are empty: every query and rule would cover every service in Prometheus',
    );
  }

  const alertMatchers = input.alertMatchers ?? matchers ?? [];
  const seriesLabels: Record<string, string> = {};
  for (const m of alertMatchers) {
    if (m.op === '=' && isValidLabelName(m.name))
      seriesLabels[m.name] = m.value;
  }
  const notCarried = alertMatchers.filter(m => m.op !== '=');
  if (notCarried.length) {
    warnings.push(
      `Alert matchers ${notCarried
        .map(m => `${m.name}${m.op}"${m.value}"`)
        .join(
          ', ',
        )} are not equality matchers, so generated rules cannot carry them as labels.`,
    );
  }
  if (matchers && Object.keys(seriesLabels).length === 0) {
    problems.add(
      'no equality matcher (like namespace="shop") among the alert matchers: generated recording rules need one to tell this service\'s series from others',
    );
  }

  const slos = input.slos ?? slosFromAnnotations(annotations, problems);
  const traceService =
    input.traceService ?? annotations[A.traceService] ?? entityName;
  let logMatchers = input.logMatchers;
  if (!logMatchers && annotations[A.logSelector] !== undefined) {
    try {
      logMatchers = parseMatcherList(annotations[A.logSelector]);
    } catch (e) {
      problems.add(`annotation ${A.logSelector}: ${(e as Error).message}`);
    }
  }
  logMatchers ??= [
    { name: 'namespace', op: '=', value: namespace },
    { name: 'app', op: '=', value: kubernetesId },
  ];

  if (!matchers || !dialect) return undefined;
  return {
    entityRef,
    entityName,
    baseName,
    namespace,
    kubernetesId,
    owner,
    system,
    selector,
    matchers,
    dialect,
    seriesLabels,
    logMatchers,
    traceService,
    slos,
    histogramBuckets: input.histogramBuckets,
  };
}
