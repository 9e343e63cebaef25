import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import {
  LabelMatcher,
  parseDuration,
} from '@sightline/plugin-observability-common';
import { Problems } from './errors';
import { checkObjectLabels, objectMetadata } from './metadata';
import { isDnsLabel } from './naming';
import { DEFAULT_MONITOR_SELECTOR_LABEL, GeneratorTarget } from './target';
import { MonitoringOptions } from './options';

/** Scrape settings, defaults applied and checked. */
export interface MonitorSettings {
  kind: 'ServiceMonitor' | 'PodMonitor';
  port: string;
  path: string;
  interval: string;
  scheme: 'http' | 'https';
  namespace?: string;
  labels: Record<string, string>;
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Applies defaults to the monitor options and refuses the mistakes of seed
 * 004's "No Data" checklist that can be seen from here: a port NUMBER where
 * the Service port's NAME belongs, and labels no Prometheus would accept.
 */
export function resolveMonitorSettings(
  options: MonitoringOptions,
  problems: Problems,
  warnings: string[],
): MonitorSettings {
  const monitor = options.monitor;
  const kind = monitor?.kind ?? 'ServiceMonitor';
  if (kind !== 'ServiceMonitor' && kind !== 'PodMonitor') {
    problems.add(
      `monitor.kind "${String(kind)}" must be ServiceMonitor or PodMonitor`,
    );
  }
  const rawPort: unknown = monitor?.port;
  const port =
    typeof rawPort === 'string' ? rawPort.trim() : String(rawPort ?? '');
  const portOwner =
    kind === 'PodMonitor'
      ? "container's ports[].name"
      : "Service's spec.ports[].name";
  if (!port || rawPort === undefined) {
    problems.add(
      `monitor.port is required: the NAME of the port that serves metrics, as in the ${portOwner} (e.g. "metrics" or "http")`,
    );
  } else if (typeof rawPort === 'number' || /^\d+$/.test(port)) {
    problems.add(
      `monitor.port "${port}" is a port number; ${kind} endpoints select the port by NAME, so give the ${portOwner} that serves metrics (e.g. "metrics" or "http"), not its number`,
    );
  } else if (
    port.length > 15 ||
    !PORT_NAME.test(port) ||
    !/[a-z]/.test(port) ||
    port.includes('--')
  ) {
    problems.add(
      `monitor.port "${port}" is not a Kubernetes port name (at most 15 lower-case letters, digits and "-", with a letter)`,
    );
  }
  const path = monitor?.path ?? '/metrics';
  if (!path.startsWith('/')) {
    problems.add(`monitor.path "${path}" must start with "/", e.g. /metrics`);
  }
  const interval = monitor?.interval ?? '30s';
  if (parseDuration(interval) === undefined) {
    problems.add(`monitor.interval "${interval}" is not a duration like 30s`);
  }
  const scheme = monitor?.scheme ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') {
    problems.add(`monitor.scheme "${String(scheme)}" must be http or https`);
  }
  if (monitor?.namespace !== undefined && !isDnsLabel(monitor.namespace)) {
    problems.add(
      `monitor.namespace "${monitor.namespace}" is not a namespace name`,
    );
  }
  const labels = options.prometheusOperator?.monitorLabels ?? {};
  checkObjectLabels(labels, 'prometheusOperator.monitorLabels', problems);
  if (Object.keys(labels).length === 0) {
    warnings.push(
      `No prometheusOperator.monitorLabels are configured for the cluster. A Prometheus that selects monitors by label (kube-prometheus-stack selects release: <release name> by default) will ignore this ${kind}.`,
    );
  }
  return {
    kind,
    port,
    path,
    interval,
    scheme,
    namespace: monitor?.namespace,
    labels,
  };
}

/**
 * The label the monitor takes the `job` from, and the `up` matchers that
 * find the service's scrape targets. With a `jobLabel`, Prometheus Operator
 * sets `job` to that label's value on the Service (or Pod), which the
 * selector fixes; without one we fall back to the entity's own matchers.
 */
export function scrapeJob(target: GeneratorTarget): {
  jobLabel?: string;
  upMatchers: LabelMatcher[];
} {
  const matchLabels = target.selector.matchLabels ?? {};
  const keys = Object.keys(matchLabels).sort();
  const jobLabel = keys.includes(DEFAULT_MONITOR_SELECTOR_LABEL)
    ? DEFAULT_MONITOR_SELECTOR_LABEL
    : keys[0];
  if (!jobLabel) return { upMatchers: target.matchers };
  return {
    jobLabel,
    upMatchers: [
      { name: 'job', op: '=', value: matchLabels[jobLabel] },
      { name: 'namespace', op: '=', value: target.namespace },
    ],
  };
}

/**
 * A ServiceMonitor or PodMonitor for the entity: the workload's labels as
 * selector, the metrics port by name, its namespace in `namespaceSelector`
 * (so the monitor works from whichever namespace it lives in) and the labels
 * the cluster's Prometheus selects monitors by.
 *
 * @public
 */
export function buildMonitor(
  target: GeneratorTarget,
  settings: MonitorSettings,
): IServiceMonitor | IPodMonitor {
  const metadata = objectMetadata(
    target,
    target.baseName,
    settings.namespace ?? target.namespace,
    settings.labels,
  );
  const { jobLabel } = scrapeJob(target);
  const endpoint = {
    port: settings.port,
    path: settings.path,
    interval: settings.interval,
    scheme: settings.scheme,
  } as const;
  const common = {
    ...(jobLabel ? { jobLabel } : {}),
    namespaceSelector: { matchNames: [target.namespace] },
    selector: target.selector,
  };
  if (settings.kind === 'PodMonitor') {
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata,
      spec: { ...common, podMetricsEndpoints: [{ ...endpoint }] },
    };
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata,
    spec: { ...common, endpoints: [{ ...endpoint }] },
  };
}
