import { dirname, join } from 'node:path';
import { MonitoringInputError } from './errors';
import { isDnsLabel, isLabelKey, isLabelValue } from './naming';
import type { ConfigMapResource, GrafanaDashboardResource } from './types';

type OperatorKind = 'ServiceMonitor' | 'PodMonitor' | 'PrometheusRule';
type ModelKind = OperatorKind | 'ConfigMap';

interface OperatorModel {
  validate(): void;
}

type OperatorModelClass = new (data: unknown) => OperatorModel;

const classes = new Map<ModelKind, OperatorModelClass>();

/** Where each model lives: package, and file under the package directory. */
const MODEL_FILES: Record<ModelKind, [string, string[]]> = {
  ServiceMonitor: [
    '@kubernetes-models/prometheus-operator',
    ['monitoring.coreos.com', 'v1', 'ServiceMonitor.js'],
  ],
  PodMonitor: [
    '@kubernetes-models/prometheus-operator',
    ['monitoring.coreos.com', 'v1', 'PodMonitor.js'],
  ],
  PrometheusRule: [
    '@kubernetes-models/prometheus-operator',
    ['monitoring.coreos.com', 'v1', 'PrometheusRule.js'],
  ],
  // io.k8s.api.core.v1.ConfigMap
  ConfigMap: ['kubernetes-models', ['v1', 'ConfigMap.js']],
};

/**
 * Loads a model class of `@kubernetes-models/prometheus-operator` (or of
 * `kubernetes-models`, for core/v1 objects).
 *
 * The package is ESM-only and exports its files under the `import`
 * condition alone, so neither CommonJS `require` (what Backstage's build
 * and Jest turn our imports into) nor Jest's resolver can load it by name.
 * Node's own `require` can load an ES module by path (Node 22.12 and
 * later), so we resolve the package directory through its exported
 * `package.json` and require the model file with a `require` made by
 * `process.getBuiltinModule` — the one that Jest does not replace.
 */
function loadModelClass(kind: ModelKind): OperatorModelClass {
  const cached = classes.get(kind);
  if (cached) return cached;
  const nodeModule = process.getBuiltinModule?.('node:module');
  if (!nodeModule) {
    throw new Error(
      'Validating Prometheus Operator objects needs Node.js 22.12 or later (process.getBuiltinModule and require of ES modules)',
    );
  }
  const nodeRequire = nodeModule.createRequire(
    typeof __filename === 'string' ? __filename : join(process.cwd(), 'x.js'),
  );
  const [pkg, file] = MODEL_FILES[kind];
  let loaded: Record<string, OperatorModelClass>;
  try {
    const root = dirname(nodeRequire.resolve(`${pkg}/package.json`));
    loaded = nodeRequire(join(root, ...file));
  } catch (e) {
    throw new Error(
      `Cannot load the ${kind} model of ${pkg} (an ES module; Node.js 22.12 or later loads it): ${
        (e as Error).message
      }`,
    );
  }
  const modelClass = loaded[kind];
  classes.set(kind, modelClass);
  return modelClass;
}

/**
 * Validates an object against the Prometheus Operator CRD schema of its
 * kind, through `@kubernetes-models/prometheus-operator`'s `.validate()`.
 * Throws a {@link MonitoringInputError} naming the object and the failing paths.
 */
export function validateOperatorObject(object: {
  kind: string;
  metadata?: { name?: string };
}): void {
  validateModel(object.kind as OperatorKind, object, 'the CRD schema');
}

function validateModel(
  kind: ModelKind,
  object: { metadata?: { name?: string } },
  schema: string,
): void {
  const ModelClass = loadModelClass(kind);
  try {
    new ModelClass(object).validate();
  } catch (e) {
    const error = e as Error & {
      errors?: { instancePath?: string; message?: string }[];
    };
    const details = error.errors?.length
      ? error.errors.map(err => `${err.instancePath || '/'} ${err.message}`)
      : [error.message];
    throw new MonitoringInputError(
      details.map(
        detail =>
          `${kind} ${object.metadata?.name ?? ''} fails ${schema}: ${detail}`,
      ),
    );
  }
}

/** The API server's limit on a ConfigMap's data (1 MiB). */
const CONFIGMAP_MAX_BYTES = 1024 * 1024;
/** What the API server accepts as a ConfigMap data key. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * Validates a dashboard ConfigMap against the Kubernetes schema of
 * `io.k8s.api.core.v1.ConfigMap` (`kubernetes-models`), then what the API
 * server and Grafana's sidecar check besides: data keys, the 1 MiB limit,
 * and that every `.json` key holds a dashboard.
 */
export function validateConfigMap(object: ConfigMapResource): void {
  validateModel('ConfigMap', object, 'the ConfigMap schema');
  const name = object.metadata?.name ?? '';
  const problems: string[] = [];
  let bytes = 0;
  for (const [key, value] of Object.entries(object.data ?? {})) {
    if (!CONFIGMAP_KEY.test(key)) {
      problems.push(
        `ConfigMap ${name}: data key "${key}" must be letters, digits, '-', '_' or '.'`,
      );
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (key.endsWith('.json'))
      dashboardProblems(value, `ConfigMap ${name} data["${key}"]`, problems);
  }
  if (bytes > CONFIGMAP_MAX_BYTES) {
    problems.push(
      `ConfigMap ${name} holds ${bytes} bytes; the API server refuses more than ${CONFIGMAP_MAX_BYTES}`,
    );
  }
  if (problems.length) throw new MonitoringInputError(problems);
}

/** `spec` fields of grafana-operator's `GrafanaDashboard` (v1beta1). */
const GRAFANA_DASHBOARD_SPEC_FIELDS = new Set([
  'allowCrossNamespaceImport',
  'configMapRef',
  'contentCacheDuration',
  'datasources',
  'envFrom',
  'envs',
  'folder',
  'folderRef',
  'folderUID',
  'grafanaCom',
  'gzipJson',
  'instanceSelector',
  'json',
  'jsonnet',
  'jsonnetLib',
  'plugins',
  'resyncPeriod',
  'suspend',
  'uid',
  'url',
]);
const GRAFANA_DASHBOARD_SOURCES = [
  'json',
  'gzipJson',
  'url',
  'configMapRef',
  'grafanaCom',
  'jsonnet',
  'jsonnetLib',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dashboardProblems(json: unknown, where: string, problems: string[]) {
  if (typeof json !== 'string') {
    problems.push(`${where} must be the dashboard JSON as a string`);
    return;
  }
  let model: unknown;
  try {
    model = JSON.parse(json);
  } catch (e) {
    problems.push(`${where} is not JSON: ${(e as Error).message}`);
    return;
  }
  if (!isRecord(model) || typeof model.title !== 'string' || !model.title) {
    problems.push(`${where} is not a Grafana dashboard (no title)`);
  } else if (
    model.uid !== undefined &&
    (typeof model.uid !== 'string' || model.uid.length > 40)
  ) {
    problems.push(`${where}: uid must be a string of at most 40 characters`);
  }
}

/**
 * Checks a grafana-operator `GrafanaDashboard` (`grafana.integreatly.org/v1beta1`)
 * the way its CRD schema does for what the generators write: no unknown
 * `spec` fields (a `foldr` typo is refused, as the API server does), one
 * dashboard source, `instanceSelector.matchLabels` of label pairs,
 * `folder` a non-empty string, and `json` a dashboard as a JSON string.
 */
export function validateGrafanaDashboard(
  object: GrafanaDashboardResource,
): void {
  const name = object.metadata?.name ?? '';
  const what = `GrafanaDashboard ${name}`;
  const problems: string[] = [];
  if (object.apiVersion !== 'grafana.integreatly.org/v1beta1') {
    problems.push(
      `${what}: apiVersion must be grafana.integreatly.org/v1beta1, not ${String(
        object.apiVersion,
      )}`,
    );
  }
  if (object.kind !== 'GrafanaDashboard') {
    problems.push(`${what}: kind must be GrafanaDashboard`);
  }
  if (!isDnsSubdomain(name)) {
    problems.push(`${what}: metadata.name must be a DNS subdomain name`);
  }
  if (!isDnsLabel(object.metadata?.namespace ?? '')) {
    problems.push(`${what}: metadata.namespace must be a namespace name`);
  }
  const spec = object.spec as unknown;
  if (!isRecord(spec)) {
    problems.push(`${what}: spec is required`);
    throw new MonitoringInputError(problems);
  }
  for (const key of Object.keys(spec)) {
    if (!GRAFANA_DASHBOARD_SPEC_FIELDS.has(key)) {
      problems.push(`${what}: spec.${key} is not a GrafanaDashboard field`);
    }
  }
  const sources = GRAFANA_DASHBOARD_SOURCES.filter(k => spec[k] !== undefined);
  if (sources.length !== 1) {
    problems.push(
      `${what}: spec needs exactly one dashboard source (json, gzipJson, url, configMapRef, grafanaCom, jsonnet), has ${
        sources.join(', ') || 'none'
      }`,
    );
  }
  if (spec.json !== undefined) {
    dashboardProblems(spec.json, `${what} spec.json`, problems);
  }
  const selector = spec.instanceSelector;
  const matchLabels = isRecord(selector) ? selector.matchLabels : undefined;
  if (!isRecord(matchLabels) || Object.keys(matchLabels).length === 0) {
    problems.push(
      `${what}: spec.instanceSelector.matchLabels is required (the labels of the Grafana instances that load it)`,
    );
  } else {
    if (isRecord(selector)) {
      for (const key of Object.keys(selector)) {
        if (key !== 'matchLabels' && key !== 'matchExpressions') {
          problems.push(
            `${what}: spec.instanceSelector.${key} is not a label selector field`,
          );
        }
      }
    }
    for (const [key, value] of Object.entries(matchLabels)) {
      if (
        !isLabelKey(key) ||
        typeof value !== 'string' ||
        !isLabelValue(value)
      ) {
        problems.push(
          `${what}: spec.instanceSelector.matchLabels ${key}: ${String(
            value,
          )} is not a label pair`,
        );
      }
    }
  }
  if (
    spec.folder !== undefined &&
    (typeof spec.folder !== 'string' || spec.folder.trim() === '')
  ) {
    problems.push(`${what}: spec.folder must be a non-empty string`);
  }
  if (
    spec.allowCrossNamespaceImport !== undefined &&
    typeof spec.allowCrossNamespaceImport !== 'boolean'
  ) {
    problems.push(`${what}: spec.allowCrossNamespaceImport must be a boolean`);
  }
  if (problems.length) throw new MonitoringInputError(problems);
}

function isDnsSubdomain(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 253 &&
    name.split('.').every(part => isDnsLabel(part))
  );
}

/** Validates a generated dashboard object, whichever its delivery. */
export function validateDashboardObject(
  object: ConfigMapResource | GrafanaDashboardResource,
): void {
  if (object.kind === 'ConfigMap') validateConfigMap(object);
  else validateGrafanaDashboard(object);
}
