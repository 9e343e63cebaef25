import { Config } from '@backstage/config';
import {
  isValidLabelName,
  parseDuration,
  UpstreamKind,
} from '@sightline/plugin-observability-common';

/** How the backend reaches one upstream; read once at start-up. */
export interface UpstreamConfig {
  kind: UpstreamKind;
  /** Base URL without a trailing slash, credentials removed. */
  baseUrl: string;
  headers: Record<string, string>;
  caData?: string;
  healthPath: string;
  /**
   * Upstreams with a UI of their own (`UI_UPSTREAM_KINDS`): the base URL
   * users' browsers open, without a trailing slash or credentials; `baseUrl`
   * (minus credentials) unless `externalUrl` is configured. Every link the
   * backend gives users into such an upstream starts with it.
   */
  externalUrl?: string;
  /** Only for Grafana: uids of its data sources, for Explore links. */
  datasources?: GrafanaDatasourceUids;
  /** Only for Kubernetes. */
  authProvider?: 'serviceAccount' | 'inCluster' | 'kubeconfig';
}

/** Grafana data source uids per signal (`observability.clusters[].grafana.datasources`). */
export interface GrafanaDatasourceUids {
  prometheus?: string;
  loki?: string;
  tempo?: string;
  jaeger?: string;
}

export interface ClusterConfig {
  name: string;
  upstreams: Partial<Record<UpstreamKind, UpstreamConfig>>;
  prometheusOperator: {
    ruleLabels: Record<string, string>;
    monitorLabels: Record<string, string>;
  };
}

export interface ObservabilityConfig {
  defaultCluster: string;
  clusters: Map<string, ClusterConfig>;
  defaults: {
    prometheusSelector: string;
    logSelector: string;
    dialect: string;
  };
  limits: {
    maxRangeMs: number;
    maxPointsPerSeries: number;
    queryTimeoutMs: number;
    maxConcurrencyPerUpstream: number;
    maxQueuedPerCaller: number;
  };
  traces: {
    /** How far before a trace's start and after its end to look for its logs. */
    logsMarginMs: number;
  };
  alerts: {
    /**
     * Labels that scope alerts (a namespace, a cluster, a team, a severity)
     * without naming one service: an exact match on one of these alone
     * cannot be an entity's alert matchers.
     */
    scopeOnlyLabels: string[];
  };
}

export const UPSTREAM_KINDS: UpstreamKind[] = [
  'prometheus',
  'alertmanager',
  'loki',
  'tempo',
  'jaeger',
  'grafana',
  'kubernetes',
];

/**
 * The upstreams whose own UI users open: links to them take the configured
 * `externalUrl`. Loki and Tempo have no UI of their own (Grafana Explore is
 * theirs), and nothing links to the Kubernetes API.
 */
const UI_UPSTREAM_KINDS: UpstreamKind[] = [
  'prometheus',
  'alertmanager',
  'jaeger',
  'grafana',
];

/** Why `externalUrl` is refused for an upstream without a UI. */
const NO_UI: Partial<Record<UpstreamKind, string>> = {
  loki: 'Loki has no UI of its own; log links open Grafana Explore, so set grafana.externalUrl',
  tempo:
    'Tempo has no UI of its own; trace links open Grafana Explore, so set grafana.externalUrl',
  kubernetes: 'nothing links users to the Kubernetes API',
};

/** Readiness endpoints documented by each upstream, at its root. */
const DEFAULT_HEALTH_PATHS: Record<UpstreamKind, string> = {
  prometheus: '/-/ready',
  alertmanager: '/-/ready',
  loki: '/ready',
  tempo: '/ready',
  jaeger: '/api/services',
  grafana: '/api/health',
  kubernetes: '/readyz',
};

/**
 * The probe for a Prometheus-compatible URL with a path (Mimir's and
 * Cortex's `/prometheus`, VictoriaMetrics cluster's `/select/0/prometheus`,
 * Thanos or Prometheus under an ingress prefix). Readiness is not served
 * under such prefixes (Mimir answers /ready at its root only), but the
 * query API is, by every engine: a constant query proves that the engine
 * answers queries without reading a single series.
 */
const PREFIXED_PROMETHEUS_HEALTH_PATH = '/api/v1/query?query=vector(1)';

function defaultHealthPath(kind: UpstreamKind, url: URL): string {
  const hasPath = url.pathname.replace(/\/+$/, '') !== '';
  return kind === 'prometheus' && hasPath
    ? PREFIXED_PROMETHEUS_HEALTH_PATH
    : DEFAULT_HEALTH_PATHS[kind];
}

const DEFAULTS = {
  prometheusSelector: 'namespace="{{namespace}}", service="{{kubernetesId}}"',
  logSelector: '{namespace="{{namespace}}", app="{{kubernetesId}}"}',
  dialect: 'auto',
  maxRange: '31d',
  maxPointsPerSeries: 1100,
  queryTimeout: '15s',
  maxConcurrencyPerUpstream: 8,
  // About twenty Overview loads at once from one user, per upstream.
  maxQueuedPerCaller: 256,
  logsMargin: '5m',
  // Not `job`: with the Prometheus Operator (whose ServiceMonitors Sightline
  // generates) it is the Service's name. Setups whose jobs span many
  // services (kubernetes-pods) add it in config.
  scopeOnlyLabels: [
    'namespace',
    'cluster',
    'environment',
    'env',
    'region',
    'zone',
    'team',
    'prometheus',
    'severity',
    'alertname',
  ],
};

/** At most a day either side of a trace: its logs are about the trace. */
const MAX_LOGS_MARGIN_MS = 86_400_000;

/** A config error that names the key, so start-up failures say what to fix. */
function invalid(key: string, problem: string): Error {
  return new Error(`Invalid observability config at '${key}': ${problem}`);
}

function readDurationMs(
  config: Config,
  key: string,
  fallback: string,
  path: string,
) {
  const raw = config.getOptionalString(key) ?? fallback;
  const ms = parseDuration(raw);
  if (ms === undefined) {
    throw invalid(
      `${path}.${key}`,
      `'${raw}' is not a duration like 30s, 15m or 31d`,
    );
  }
  return ms;
}

function readUrl(config: Config, key: string, path: string): URL {
  const raw = config.getString(key);
  // Start-up errors are logged: never with the URL's credentials.
  const shown = raw.replace(/\/\/[^/?#]*@/, '//…@');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${path}.${key}`, `'${shown}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`${path}.${key}`, `'${shown}' must be an http or https URL`);
  }
  return url;
}

/**
 * The base URL users open, for links: http or https, no query or fragment
 * (paths are appended to it), credentials dropped (it goes to browsers),
 * no trailing slash.
 */
function readExternalUrl(config: Config, path: string): string {
  const url = readUrl(config, 'externalUrl', path);
  if (/[?#]/.test(config.getString('externalUrl'))) {
    throw invalid(
      `${path}.externalUrl`,
      "must be a base URL without '?' or '#': link paths are appended to it",
    );
  }
  return browserBase(url);
}

/** A URL without credentials or trailing slash, as links are built on. */
function browserBase(url: URL): string {
  const copy = new URL(url.toString());
  copy.username = '';
  copy.password = '';
  return copy.toString().replace(/\/+$/, '');
}

function readStringMap(config: Config | undefined): Record<string, string> {
  if (!config) return {};
  return Object.fromEntries(config.keys().map(k => [k, config.getString(k)]));
}

function readUpstream(
  config: Config,
  kind: UpstreamKind,
  path: string,
): UpstreamConfig {
  const url = readUrl(config, 'url', path);
  const headers = readStringMap(config.getOptionalConfig('headers'));

  // Credentials may come as fields or inside the URL; either way they end up
  // in headers and never in a URL that could be echoed back to a browser.
  const token = config.getOptionalString('token');
  const basicAuth = config.getOptionalConfig('basicAuth');
  if (token && basicAuth) {
    throw invalid(path, 'set either token or basicAuth, not both');
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  } else if (basicAuth) {
    const credentials = `${basicAuth.getString(
      'username',
    )}:${basicAuth.getString('password')}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString(
      'base64',
    )}`;
  } else if (url.username) {
    const credentials = `${decodeURIComponent(
      url.username,
    )}:${decodeURIComponent(url.password)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString(
      'base64',
    )}`;
  }
  url.username = '';
  url.password = '';

  const healthPath =
    config.getOptionalString('healthPath') ?? defaultHealthPath(kind, url);
  if (!healthPath.startsWith('/')) {
    throw invalid(`${path}.healthPath`, `'${healthPath}' must start with /`);
  }

  const upstream: UpstreamConfig = {
    kind,
    baseUrl: url.toString().replace(/\/+$/, ''),
    headers,
    caData: config.getOptionalString('caData'),
    healthPath,
  };
  if (UI_UPSTREAM_KINDS.includes(kind)) {
    // It goes to browsers: never with credentials in it.
    upstream.externalUrl = config.has('externalUrl')
      ? readExternalUrl(config, path)
      : browserBase(url);
  } else if (config.has('externalUrl')) {
    throw invalid(`${path}.externalUrl`, NO_UI[kind] ?? 'not used');
  }
  if (kind === 'grafana') {
    const datasources = config.getOptionalConfig('datasources');
    if (datasources) {
      upstream.datasources = {};
      for (const key of datasources.keys()) {
        if (!['prometheus', 'loki', 'tempo', 'jaeger'].includes(key)) {
          throw invalid(
            `${path}.datasources.${key}`,
            'only prometheus, loki, tempo and jaeger data sources are used',
          );
        }
        const uid = datasources.getString(key);
        if (!/^[a-zA-Z0-9_-]{1,40}$/.test(uid)) {
          throw invalid(
            `${path}.datasources.${key}`,
            `'${uid}' is not a Grafana data source uid (letters, digits, '-', '_')`,
          );
        }
        upstream.datasources[key as keyof GrafanaDatasourceUids] = uid;
      }
    }
  }
  if (kind === 'kubernetes') {
    const provider =
      config.getOptionalString('authProvider') ?? 'serviceAccount';
    if (!['serviceAccount', 'inCluster', 'kubeconfig'].includes(provider)) {
      throw invalid(
        `${path}.authProvider`,
        `'${provider}' is not one of serviceAccount, inCluster, kubeconfig`,
      );
    }
    upstream.authProvider = provider as UpstreamConfig['authProvider'];
  }
  return upstream;
}

function readCluster(config: Config, path: string): ClusterConfig {
  const name = config.getString('name');
  if (!/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(name)) {
    throw invalid(
      `${path}.name`,
      `'${name}' must be letters, digits, '-', '_' or '.'`,
    );
  }
  const upstreams: ClusterConfig['upstreams'] = {};
  for (const kind of UPSTREAM_KINDS) {
    const upstream = config.getOptionalConfig(kind);
    if (upstream) {
      upstreams[kind] = readUpstream(upstream, kind, `${path}.${kind}`);
    }
  }
  if (upstreams.tempo && upstreams.jaeger) {
    throw invalid(
      path,
      'configure either tempo or jaeger for traces, not both',
    );
  }
  const operator = config.getOptionalConfig('prometheusOperator');
  return {
    name,
    upstreams,
    prometheusOperator: {
      ruleLabels: readStringMap(operator?.getOptionalConfig('ruleLabels')),
      monitorLabels: readStringMap(
        operator?.getOptionalConfig('monitorLabels'),
      ),
    },
  };
}

/**
 * Reads and validates the `observability` config block. Throws at start-up
 * with the offending key named, rather than failing on the first request.
 */
export function readObservabilityConfig(root: Config): ObservabilityConfig {
  const config = root.getOptionalConfig('observability');
  const clusterConfigs = config?.getOptionalConfigArray('clusters') ?? [];
  if (clusterConfigs.length === 0) {
    throw invalid(
      'observability.clusters',
      'configure at least one cluster, e.g. clusters: [{ name: local, prometheus: { url: http://127.0.0.1:9090 } }]',
    );
  }

  const clusters = new Map<string, ClusterConfig>();
  clusterConfigs.forEach((clusterConfig, index) => {
    const cluster = readCluster(
      clusterConfig,
      `observability.clusters[${index}]`,
    );
    if (clusters.has(cluster.name)) {
      throw invalid(
        `observability.clusters[${index}].name`,
        `cluster '${cluster.name}' is configured twice`,
      );
    }
    clusters.set(cluster.name, cluster);
  });

  const defaultCluster =
    config?.getOptionalString('defaultCluster') ??
    (clusters.size === 1 ? [...clusters.keys()][0] : undefined);
  if (!defaultCluster) {
    throw invalid(
      'observability.defaultCluster',
      'required when more than one cluster is configured',
    );
  }
  if (!clusters.has(defaultCluster)) {
    throw invalid(
      'observability.defaultCluster',
      `'${defaultCluster}' is not one of the configured clusters (${[
        ...clusters.keys(),
      ].join(', ')})`,
    );
  }

  const defaults = config?.getOptionalConfig('defaults');
  const limits = config?.getOptionalConfig('limits');
  const maxPointsPerSeries =
    limits?.getOptionalNumber('maxPointsPerSeries') ??
    DEFAULTS.maxPointsPerSeries;
  if (
    !Number.isInteger(maxPointsPerSeries) ||
    maxPointsPerSeries < 10 ||
    maxPointsPerSeries > 11_000
  ) {
    throw invalid(
      'observability.limits.maxPointsPerSeries',
      `${maxPointsPerSeries} must be a whole number from 10 to 11000 (Prometheus refuses more than 11000 points)`,
    );
  }

  const maxConcurrencyPerUpstream =
    limits?.getOptionalNumber('maxConcurrencyPerUpstream') ??
    DEFAULTS.maxConcurrencyPerUpstream;
  if (
    !Number.isInteger(maxConcurrencyPerUpstream) ||
    maxConcurrencyPerUpstream < 1
  ) {
    throw invalid(
      'observability.limits.maxConcurrencyPerUpstream',
      `${maxConcurrencyPerUpstream} must be a whole number of at least 1`,
    );
  }
  const maxQueuedPerCaller =
    limits?.getOptionalNumber('maxQueuedPerCaller') ??
    DEFAULTS.maxQueuedPerCaller;
  if (!Number.isInteger(maxQueuedPerCaller) || maxQueuedPerCaller < 1) {
    throw invalid(
      'observability.limits.maxQueuedPerCaller',
      `${maxQueuedPerCaller} must be a whole number of at least 1`,
    );
  }

  return {
    defaultCluster,
    clusters,
    defaults: {
      prometheusSelector:
        defaults?.getOptionalString('prometheusSelector') ??
        DEFAULTS.prometheusSelector,
      logSelector:
        defaults?.getOptionalString('logSelector') ?? DEFAULTS.logSelector,
      dialect: defaults?.getOptionalString('dialect') ?? DEFAULTS.dialect,
    },
    limits: {
      maxRangeMs: limits
        ? readDurationMs(
            limits,
            'maxRange',
            DEFAULTS.maxRange,
            'observability.limits',
          )
        : parseDuration(DEFAULTS.maxRange)!,
      maxPointsPerSeries,
      queryTimeoutMs: limits
        ? readDurationMs(
            limits,
            'queryTimeout',
            DEFAULTS.queryTimeout,
            'observability.limits',
          )
        : parseDuration(DEFAULTS.queryTimeout)!,
      maxConcurrencyPerUpstream,
      maxQueuedPerCaller,
    },
    traces: {
      logsMarginMs: readLogsMargin(config?.getOptionalConfig('traces')),
    },
    alerts: {
      scopeOnlyLabels: readScopeOnlyLabels(config?.getOptionalConfig('alerts')),
    },
  };
}

function readScopeOnlyLabels(alerts: Config | undefined): string[] {
  const labels =
    alerts?.getOptionalStringArray('scopeOnlyLabels') ??
    DEFAULTS.scopeOnlyLabels;
  const invalidName = labels.find(label => !isValidLabelName(label));
  if (invalidName !== undefined) {
    throw invalid(
      'observability.alerts.scopeOnlyLabels',
      `'${invalidName}' is not a label name`,
    );
  }
  return labels;
}

function readLogsMargin(traces: Config | undefined): number {
  if (!traces) return parseDuration(DEFAULTS.logsMargin)!;
  const ms = readDurationMs(
    traces,
    'logsMargin',
    DEFAULTS.logsMargin,
    'observability.traces',
  );
  if (ms > MAX_LOGS_MARGIN_MS) {
    throw invalid(
      'observability.traces.logsMargin',
      `'${traces.getString('logsMargin')}' is longer than a day`,
    );
  }
  return ms;
}
